package io.github.s3failover.spring;

import io.github.s3failover.FailoverStatus;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Actuator health of the failover client (Spring Boot 3): UP while any region can serve, with the
 * preferred and active region, each breaker's state and the age of the DNS answer.
 */
public class S3FailoverHealthIndicator extends AbstractHealthIndicator {
  private final S3FailoverHealth health;

  S3FailoverHealthIndicator(S3FailoverHealth health) {
    super("S3 failover health check failed");
    this.health = health;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    FailoverStatus status = health.status();
    (health.up(status) ? builder.up() : builder.down()).withDetails(health.details(status));
  }
}
