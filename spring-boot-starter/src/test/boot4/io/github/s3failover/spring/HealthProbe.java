package io.github.s3failover.spring;

import java.util.Map;
import org.springframework.boot.health.contributor.Health;

/** Reads the indicator through Spring Boot 4's health types, so the tests serve both builds. */
final class HealthProbe {
  /** The package of Boot 4's health API, to hide it with a FilteredClassLoader. */
  static final String HEALTH_PACKAGE = "org.springframework.boot.health.contributor";

  private HealthProbe() {}

  static String status(S3FailoverHealthIndicator indicator) {
    return indicator.health().getStatus().getCode();
  }

  static Map<String, Object> details(S3FailoverHealthIndicator indicator) {
    Health health = indicator.health();
    return health.getDetails();
  }
}
