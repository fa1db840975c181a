package io.github.s3failover.route53;

import java.util.List;
import java.util.Optional;

/**
 * One region's health check as Route 53's checkers report it.
 *
 * @param role the region's role
 * @param healthCheckId the health check, or empty if there is none (not applied yet)
 * @param checkersReporting how many checkers reported
 * @param checkersHealthy how many of them saw the endpoint healthy
 * @param observations one line per checker: its region, IP and status report
 */
public record RegionHealth(
    FailoverRole role,
    Optional<String> healthCheckId,
    int checkersReporting,
    int checkersHealthy,
    List<String> observations) {

  // Copies the observations.
  public RegionHealth {
    observations = List.copyOf(observations);
  }

  /**
   * Whether Route 53 considers the endpoint healthy: more than 18 % of its checkers say so.
   *
   * @return true if healthy
   */
  public boolean healthy() {
    return checkersReporting > 0 && checkersHealthy * 100 > checkersReporting * 18;
  }
}
