package io.github.s3failover.testkit.route53;

import java.time.Instant;
import java.util.List;

/**
 * A health check's status as {@link LocalRoute53}'s checkers see it now.
 *
 * @param healthCheckId the health check
 * @param healthy the status Route 53 would act on: more than 18 % of the checkers healthy, then
 *     Disabled (always healthy) and Inverted applied
 * @param healthyCheckers how many checkers consider the endpoint healthy (after their failure
 *     threshold)
 * @param checkers how many checkers probe it
 * @param observations each checker's last probe, as GetHealthCheckStatus reports it
 */
public record HealthCheckStatus(
    String healthCheckId,
    boolean healthy,
    int healthyCheckers,
    int checkers,
    List<Observation> observations) {

  /** Copies the list. */
  public HealthCheckStatus {
    observations = List.copyOf(observations);
  }

  /**
   * One checker's last probe.
   *
   * @param region the checker's region, e.g. {@code us-east-1}
   * @param ipAddress the address the checker is said to probe from (a documentation address)
   * @param success whether the probe succeeded
   * @param status Route 53's status text, e.g. {@code Success: HTTP Status Code 200, OK}
   * @param checkedAt when the probe ended
   */
  public record Observation(
      String region, String ipAddress, boolean success, String status, Instant checkedAt) {}
}
