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
