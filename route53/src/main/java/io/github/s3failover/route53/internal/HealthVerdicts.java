package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.RegionHealth.Verdict;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;

/**
 * Decides what Route 53 makes of a health check from what its API shows. Pure.
 *
 * <p>Rules, from the Route 53 Developer Guide ("How Amazon Route 53 determines whether a health
 * check is healthy") and the HealthCheckConfig reference: more than 18 % of checkers reporting
 * healthy makes the endpoint healthy; a new health check counts as healthy until there is enough
 * data; a disabled check is always healthy; Inverted flips the status. GetHealthCheckStatus lists
 * each checker's last result before its failure threshold applies, so only unanimous last results
 * decide; mixed ones are {@link Verdict#UNKNOWN}.
 */
public final class HealthVerdicts {

  private HealthVerdicts() {}

  /** A verdict and why. */
  public record Decision(Verdict verdict, String explanation) {}

  /**
   * Decides.
   *
   * @param config the check's configuration (Disabled, Inverted, FailureThreshold)
   * @param reporting checkers with a last result
   * @param succeeded how many of those succeeded
   * @return the verdict and its explanation
   */
  public static Decision decide(HealthCheckConfig config, int reporting, int succeeded) {
    boolean inverted = Boolean.TRUE.equals(config.inverted());
    String flip = inverted ? "; the check is inverted, so Route 53 flips that" : "";
    Verdict base;
    String why;
    if (Boolean.TRUE.equals(config.disabled())) {
      base = Verdict.HEALTHY;
      why = "disabled: Route 53 counts a disabled check healthy whatever the endpoint does";
    } else if (reporting == 0) {
      base = Verdict.HEALTHY;
      why =
          "no checker has reported yet: Route 53 counts a new check healthy until its checkers"
              + " report";
    } else if (succeeded == reporting) {
      base = Verdict.HEALTHY;
      why = "every checker's last result succeeded";
    } else if (succeeded == 0) {
      base = Verdict.UNHEALTHY;
      why = "every checker's last result failed";
    } else {
      boolean estimate = succeeded * 100 > reporting * 18;
      return new Decision(
          Verdict.UNKNOWN,
          succeeded
              + " of "
              + reporting
              + " checkers' last results succeeded, which suggests "
              + (estimate != inverted ? "healthy" : "unhealthy")
              + "; but each is one checker's last probe before its failure threshold of "
              + config.failureThreshold()
              + " applies, so Route 53 may decide otherwise (it needs more than 18 % of"
              + " checkers healthy)"
              + flip);
    }
    Verdict verdict =
        inverted ? (base == Verdict.HEALTHY ? Verdict.UNHEALTHY : Verdict.HEALTHY) : base;
    return new Decision(verdict, why + flip);
  }
}
