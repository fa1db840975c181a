package io.github.s3failover.route53;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One region's health check as Route 53 decides it.
 *
 * <p>Route 53's GetHealthCheckStatus lists each checker's <em>last result</em>, not that checker's
 * status after the failure threshold: a checker whose last probe succeeded may still count as
 * failing until it has succeeded {@code failureThreshold} times in a row. Route 53 calls the
 * endpoint healthy when more than 18 % of its checkers do; a new check counts as healthy until its
 * checkers report; a disabled check is always healthy; an inverted check's status is flipped. The
 * {@link #verdict()} applies these rules and is {@link Verdict#UNKNOWN} when the last results
 * cannot settle it (see the Route 53 Developer Guide, "How Amazon Route 53 determines whether a
 * health check is healthy", and HealthCheckConfig's Disabled and Inverted).
 *
 * @param role the region's role
 * @param healthCheckId the health check, or empty if there is none (not applied yet)
 * @param checkersReporting how many checkers reported a last result
 * @param checkersHealthy how many of those last results succeeded
 * @param observations one line per checker: its region, IP and status report
 * @param verdict what Route 53 decides, as far as can be known from its API
 * @param explanation why, in one sentence
 */
public record RegionHealth(
    FailoverRole role,
    Optional<String> healthCheckId,
    int checkersReporting,
    int checkersHealthy,
    List<String> observations,
    Verdict verdict,
    String explanation) {

  /** What Route 53 decides for a health check. */
  public enum Verdict {
    /** Route 53 routes to the region. */
    HEALTHY,
    /** Route 53 routes away from the region. */
    UNHEALTHY,
    /** Not decidable from GetHealthCheckStatus (or no check exists). */
    UNKNOWN
  }

  // Copies the observations and checks the required components.
  public RegionHealth {
    observations = List.copyOf(observations);
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(explanation, "explanation");
  }

  /**
   * Whether Route 53 routes to this region now.
   *
   * @return true only for {@link Verdict#HEALTHY}
   */
  public boolean healthy() {
    return verdict == Verdict.HEALTHY;
  }
}
