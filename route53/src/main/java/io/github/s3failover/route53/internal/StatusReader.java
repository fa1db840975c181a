package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.FailoverRole;
import io.github.s3failover.route53.FailoverSpec;
import io.github.s3failover.route53.ProvisioningStatus;
import io.github.s3failover.route53.RegionHealth;
import io.github.s3failover.route53.RegionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;
import software.amazon.awssdk.services.route53.model.HealthCheckObservation;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.TestDnsAnswerResponse;

/** Reads health check status and the record's current answer from Route 53. */
public final class StatusReader {

  private final Route53Client route53;

  /**
   * Creates a reader.
   *
   * @param route53 the client
   */
  public StatusReader(Route53Client route53) {
    this.route53 = route53;
  }

  /**
   * Reads the status.
   *
   * @param spec the spec
   * @param observed the state, as just read
   * @return the status
   */
  public ProvisioningStatus read(FailoverSpec spec, Observed observed) {
    List<RegionHealth> regions = new ArrayList<>();
    for (RegionSpec region : spec.regions()) {
      regions.add(health(region, observed));
    }
    if (observed.privateZone()) {
      // TestDNSAnswer "only supports querying public hosted zones" (its API reference).
      return new ProvisioningStatus(
          spec.recordName(),
          regions,
          Optional.empty(),
          Optional.empty(),
          Optional.of(
              "none from Route 53: "
                  + observed.zoneId()
                  + " is a private hosted zone, and TestDNSAnswer answers for public zones only;"
                  + " resolve "
                  + spec.recordName()
                  + " from inside a VPC associated with the zone (e.g. dig on an instance there)"));
    }
    Optional<String> answer = answer(spec, observed);
    Optional<FailoverRole> role =
        answer.flatMap(
            a ->
                spec.regions().stream()
                    .filter(r -> r.endpoint().equals(a))
                    .map(RegionSpec::role)
                    .findFirst());
    return new ProvisioningStatus(spec.recordName(), regions, answer, role, Optional.empty());
  }

  private RegionHealth health(RegionSpec region, Observed observed) {
    String referenced =
        observed.records().stream()
            .filter(r -> region.setIdentifier().equals(r.setIdentifier()))
            .map(ResourceRecordSet::healthCheckId)
            .findFirst()
            .orElse(null);
    List<HealthCheck> ours = observed.healthChecks(region.role());
    Optional<HealthCheck> check =
        ours.stream()
            .filter(h -> h.id().equals(referenced))
            .findFirst()
            .or(() -> ours.stream().findFirst());
    if (check.isEmpty()) {
      return new RegionHealth(
          region.role(),
          Optional.empty(),
          0,
          0,
          List.of(),
          RegionHealth.Verdict.UNKNOWN,
          "no health check (run apply)");
    }
    if ("CALCULATED".equals(check.get().healthCheckConfig().typeAsString())) {
      return calculated(region, check.get(), observed);
    }
    String id = check.get().id();
    List<HealthCheckObservation> seen =
        Errors.call(
                "reading the status of health check " + id,
                () -> route53.getHealthCheckStatus(r -> r.healthCheckId(id)))
            .healthCheckObservations();
    int healthy = 0;
    List<String> lines = new ArrayList<>();
    for (HealthCheckObservation o : seen) {
      String status = o.statusReport() == null ? "no report" : o.statusReport().status();
      if (status != null && status.startsWith("Success")) {
        healthy++;
      }
      lines.add(o.regionAsString() + " " + o.ipAddress() + ": " + status);
    }
    HealthVerdicts.Decision decision =
        HealthVerdicts.decide(check.get().healthCheckConfig(), seen.size(), healthy);
    return new RegionHealth(
        region.role(),
        Optional.of(id),
        seen.size(),
        healthy,
        lines,
        decision.verdict(),
        decision.explanation());
  }

  /**
   * A calculated check is healthy when at least HealthThreshold of its children are; each child is
   * decided by the same rules as a plain check (an override child, with no children and threshold
   * 0, is healthy unless inverted).
   */
  private RegionHealth calculated(RegionSpec region, HealthCheck parent, Observed observed) {
    HealthCheckConfig config = parent.healthCheckConfig();
    List<HealthCheck> parts = observed.allParts(region.role());
    int healthy = 0;
    int unknown = 0;
    List<String> lines = new ArrayList<>();
    for (String childId : config.childHealthChecks()) {
      HealthCheck child =
          parts.stream().filter(h -> h.id().equals(childId)).findFirst().orElse(null);
      RegionHealth.Verdict verdict;
      String why;
      if (child == null) {
        verdict = RegionHealth.Verdict.UNKNOWN;
        why = "not one of ours";
      } else if (Integer.valueOf(0).equals(child.healthCheckConfig().healthThreshold())) {
        boolean forced = Boolean.TRUE.equals(child.healthCheckConfig().inverted());
        verdict = forced ? RegionHealth.Verdict.UNHEALTHY : RegionHealth.Verdict.HEALTHY;
        why =
            forced ? "manual override: FORCED UNHEALTHY (inverted)" : "manual override: not forced";
      } else {
        List<HealthCheckObservation> seen =
            Errors.call(
                    "reading the status of health check " + childId,
                    () -> route53.getHealthCheckStatus(r -> r.healthCheckId(childId)))
                .healthCheckObservations();
        int ok = (int) seen.stream().filter(StatusReader::succeeded).count();
        HealthVerdicts.Decision d =
            HealthVerdicts.decide(child.healthCheckConfig(), seen.size(), ok);
        verdict = d.verdict();
        why = child.healthCheckConfig().typeAsString() + ": " + d.explanation();
      }
      if (verdict == RegionHealth.Verdict.HEALTHY) {
        healthy++;
      } else if (verdict == RegionHealth.Verdict.UNKNOWN) {
        unknown++;
      }
      lines.add("child " + childId + " " + verdict + ": " + why);
    }
    int threshold = config.healthThreshold() == null ? 0 : config.healthThreshold();
    RegionHealth.Verdict base;
    if (healthy >= threshold) {
      base = RegionHealth.Verdict.HEALTHY;
    } else if (healthy + unknown >= threshold) {
      base = RegionHealth.Verdict.UNKNOWN;
    } else {
      base = RegionHealth.Verdict.UNHEALTHY;
    }
    boolean inverted = Boolean.TRUE.equals(config.inverted());
    RegionHealth.Verdict verdict =
        !inverted || base == RegionHealth.Verdict.UNKNOWN
            ? base
            : base == RegionHealth.Verdict.HEALTHY
                ? RegionHealth.Verdict.UNHEALTHY
                : RegionHealth.Verdict.HEALTHY;
    if (Boolean.TRUE.equals(config.disabled())) {
      verdict = inverted ? RegionHealth.Verdict.UNHEALTHY : RegionHealth.Verdict.HEALTHY;
    }
    String explanation =
        "calculated: "
            + healthy
            + " of "
            + config.childHealthChecks().size()
            + " children healthy, "
            + threshold
            + " needed"
            + (inverted ? "; the check is inverted, so Route 53 flips that" : "");
    return new RegionHealth(
        region.role(),
        Optional.of(parent.id()),
        config.childHealthChecks().size(),
        healthy,
        lines,
        verdict,
        explanation);
  }

  private static boolean succeeded(HealthCheckObservation o) {
    return o.statusReport() != null
        && o.statusReport().status() != null
        && o.statusReport().status().startsWith("Success");
  }

  private Optional<String> answer(FailoverSpec spec, Observed observed) {
    if (observed.records().isEmpty()) {
      return Optional.empty();
    }
    TestDnsAnswerResponse response =
        Errors.call(
            "asking Route 53 for the answer of " + spec.recordName(),
            () ->
                route53.testDNSAnswer(
                    r ->
                        r.hostedZoneId(observed.zoneId())
                            .recordName(spec.recordName())
                            .recordType(RRType.CNAME)));
    return response.recordData().stream().map(SpecRules::normalizeName).findFirst();
  }
}
