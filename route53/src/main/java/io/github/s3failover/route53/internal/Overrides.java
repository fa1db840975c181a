package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.FailoverSpec;
import io.github.s3failover.route53.ManualOverride;
import io.github.s3failover.route53.ProvisioningException;
import io.github.s3failover.route53.RegionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HealthCheck;

/** Sets the manual-override children of the calculated checks: one UpdateHealthCheck each. */
public final class Overrides {

  private Overrides() {}

  /**
   * Inverts or clears each region's override child as the mode says, changing only those that
   * differ.
   *
   * @param route53 the client
   * @param spec the spec
   * @param observed the state, as just read
   * @param mode what the overrides should say
   * @param progress receives one line per change
   * @return one line per region: what its override says now
   * @throws ProvisioningException if a region has no override child (not CALCULATED, or not
   *     applied)
   */
  public static List<String> set(
      Route53Client route53,
      FailoverSpec spec,
      Observed observed,
      ManualOverride mode,
      Consumer<String> progress) {
    List<String> done = new ArrayList<>();
    for (RegionSpec region : spec.regions()) {
      List<HealthCheck> overrides = observed.parts(region.role(), HealthCheckParts.PART_OVERRIDE);
      if (overrides.isEmpty()) {
        throw new ProvisioningException(
            region.role()
                + " has no manual-override health check: give both regions healthCheck.type"
                + " CALCULATED in the spec and run apply first");
      }
      HealthCheck check = overrides.get(0);
      boolean inverted = mode.inverts(region.role());
      if (Boolean.TRUE.equals(check.healthCheckConfig().inverted()) != inverted) {
        Errors.call(
            "setting the " + region.role() + " override " + check.id(),
            () ->
                route53.updateHealthCheck(
                    r ->
                        r.healthCheckId(check.id())
                            .healthCheckVersion(check.healthCheckVersion())
                            .inverted(inverted)));
        progress.accept(
            (inverted ? "inverted" : "cleared")
                + " override "
                + check.id()
                + " of "
                + region.role());
      }
      done.add(
          region.role()
              + " override "
              + check.id()
              + ": "
              + (inverted ? "FORCED UNHEALTHY (inverted)" : "not forced"));
    }
    return done;
  }
}
