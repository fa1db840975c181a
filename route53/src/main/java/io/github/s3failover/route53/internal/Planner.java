package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.ChangeAction;
import io.github.s3failover.route53.FailoverRecord;
import io.github.s3failover.route53.FailoverRole;
import io.github.s3failover.route53.FailoverSpec;
import io.github.s3failover.route53.Plan;
import io.github.s3failover.route53.PlannedChange;
import io.github.s3failover.route53.ProvisioningException;
import io.github.s3failover.route53.RegionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Compares a spec with what Route 53 holds and decides what to change. Pure: it calls nothing. */
public final class Planner {

  private static final String NEW_CHECK = "(new health check)";

  private Planner() {}

  /**
   * The changes that bring Route 53 to the spec.
   *
   * @param spec the spec
   * @param observed what exists
   * @return the steps and their readable plan
   * @throws ProvisioningException if records at the name block the failover pair
   */
  public static Actions apply(FailoverSpec spec, Observed observed) {
    List<PlannedChange> changes = new ArrayList<>();
    List<Actions.HealthCheckStep> checkSteps = new ArrayList<>();
    List<HealthCheck> obsolete = new ArrayList<>();
    List<Actions.RecordStep> recordSteps = new ArrayList<>();
    Set<String> ourSetIds =
        spec.regions().stream().map(RegionSpec::setIdentifier).collect(Collectors.toSet());
    rejectBlockingRecords(spec, observed);
    for (RegionSpec region : spec.regions()) {
      FailoverRole role = region.role();
      HealthCheckConfig desired = HealthChecks.desired(region);
      Optional<ResourceRecordSet> current = recordWithSetId(observed, region.setIdentifier());
      String referenced = current.map(ResourceRecordSet::healthCheckId).orElse(null);
      Map<String, HealthCheckConfig> parts = HealthCheckParts.desired(region);
      if (!parts.isEmpty()) {
        List<String> childIds = new ArrayList<>();
        for (Map.Entry<String, HealthCheckConfig> part : parts.entrySet()) {
          HealthCheck child =
              planCheck(
                  role,
                  part.getKey(),
                  "health check " + role + " " + part.getKey() + " of " + spec.recordName(),
                  part.getValue(),
                  observed.parts(role, part.getKey()),
                  null,
                  checkSteps,
                  changes,
                  obsolete);
          childIds.add(child != null ? child.id() : "(new " + part.getKey() + " check)");
        }
        // Parts the spec no longer wants (e.g. the alarm was removed) are obsolete too.
        observed.allParts(role).stream()
            .filter(h -> !obsolete.contains(h))
            .filter(h -> checkSteps.stream().noneMatch(st -> st.existing() == h))
            .forEach(obsolete::add);
        desired = desired.toBuilder().childHealthChecks(childIds).build();
      } else {
        obsolete.addAll(observed.allParts(role));
      }
      HealthCheck keep =
          planCheck(
              role,
              null,
              "health check " + role + " of " + spec.recordName(),
              desired,
              observed.healthChecks(role),
              referenced,
              checkSteps,
              changes,
              obsolete);

      String checkId = keep != null ? keep.id() : null;
      FailoverRecord record = recordFor(spec, region, checkId);
      String resource = "record " + record.name() + " CNAME " + record.setIdentifier() + " " + role;
      if (current.isEmpty()) {
        recordSteps.add(new Actions.RecordStep(ChangeAction.CREATE, null, record));
        changes.add(new PlannedChange(ChangeAction.CREATE, resource, List.of(describe(record))));
      } else {
        List<String> diffs = recordDiffs(current.get(), record);
        if (!diffs.isEmpty()) {
          recordSteps.add(new Actions.RecordStep(ChangeAction.UPDATE, current.get(), record));
          changes.add(new PlannedChange(ChangeAction.UPDATE, resource, diffs));
        }
      }
    }
    // Other failover CNAMEs at our name would join the pair (e.g. after a setIdentifier change).
    for (ResourceRecordSet stray : observed.records()) {
      if ("CNAME".equals(stray.typeAsString())
          && stray.failover() != null
          && !ourSetIds.contains(stray.setIdentifier())) {
        recordSteps.add(new Actions.RecordStep(ChangeAction.DELETE, stray, null));
        changes.add(
            new PlannedChange(
                ChangeAction.DELETE,
                "record " + spec.recordName() + " CNAME " + stray.setIdentifier(),
                List.of("not in the spec: " + describe(stray))));
      }
    }
    for (HealthCheck h : obsolete) {
      changes.add(
          new PlannedChange(
              ChangeAction.DELETE,
              "health check " + h.id(),
              List.of("replaced or duplicate: " + HealthChecks.describe(h.healthCheckConfig()))));
    }
    List<String> options =
        spec.regions().stream().map(r -> r.role() + " " + HealthCheckOptions.describe(r)).toList();
    Plan plan = new Plan(title(spec, observed), options, changes);
    return new Actions(observed, checkSteps, recordSteps, obsolete, plan);
  }

  /**
   * Plans one health check: keeps the one the record follows if it can be kept (then any compatible
   * one), updates it in place, or creates or replaces it; the others become obsolete.
   *
   * @return the check kept (possibly updated), or null when a new one will be created
   */
  private static HealthCheck planCheck(
      FailoverRole role,
      String part,
      String checkName,
      HealthCheckConfig desired,
      List<HealthCheck> existing,
      String referenced,
      List<Actions.HealthCheckStep> checkSteps,
      List<PlannedChange> changes,
      List<HealthCheck> obsolete) {
    HealthCheck keep =
        existing.stream()
            .filter(h -> HealthChecks.immutableDiffs(h.healthCheckConfig(), desired).isEmpty())
            .min((a, b) -> Boolean.compare(!a.id().equals(referenced), !b.id().equals(referenced)))
            .orElse(null);
    if (keep != null) {
      List<String> diffs = HealthChecks.mutableDiffs(keep.healthCheckConfig(), desired);
      ChangeAction action = diffs.isEmpty() ? null : ChangeAction.UPDATE;
      checkSteps.add(new Actions.HealthCheckStep(role, part, action, keep, desired));
      if (action != null) {
        changes.add(new PlannedChange(action, checkName + " " + keep.id(), diffs));
      }
    } else if (existing.isEmpty()) {
      checkSteps.add(new Actions.HealthCheckStep(role, part, ChangeAction.CREATE, null, desired));
      changes.add(
          new PlannedChange(
              ChangeAction.CREATE, checkName, List.of(HealthChecks.describe(desired))));
    } else {
      HealthCheck old = existing.get(0);
      checkSteps.add(new Actions.HealthCheckStep(role, part, ChangeAction.REPLACE, null, desired));
      List<String> details =
          new ArrayList<>(HealthChecks.immutableDiffs(old.healthCheckConfig(), desired));
      details.addAll(HealthChecks.mutableDiffs(old.healthCheckConfig(), desired));
      changes.add(new PlannedChange(ChangeAction.REPLACE, checkName + " " + old.id(), details));
    }
    existing.stream().filter(h -> h != keep).forEach(obsolete::add);
    return keep;
  }

  /**
   * The changes that remove everything of ours: the records first, then the health checks.
   *
   * @param spec the spec
   * @param observed what exists
   * @return the steps and their readable plan
   */
  public static Actions destroy(FailoverSpec spec, Observed observed) {
    Set<String> ourSetIds =
        spec.regions().stream().map(RegionSpec::setIdentifier).collect(Collectors.toSet());
    List<HealthCheck> checks = new ArrayList<>();
    observed.healthChecks().values().forEach(checks::addAll);
    Set<String> ourCheckIds = checks.stream().map(HealthCheck::id).collect(Collectors.toSet());
    checks.sort((a, b) -> a.id().compareTo(b.id()));
    // Children after the calculated checks that use them.
    List<HealthCheck> children = new ArrayList<>();
    spec.regions().forEach(r -> children.addAll(observed.allParts(r.role())));
    children.sort((a, b) -> a.id().compareTo(b.id()));
    List<PlannedChange> changes = new ArrayList<>();
    List<Actions.RecordStep> records = new ArrayList<>();
    for (ResourceRecordSet set : observed.records()) {
      boolean ours =
          "CNAME".equals(set.typeAsString())
              && (ourSetIds.contains(set.setIdentifier())
                  || ourCheckIds.contains(set.healthCheckId()));
      if (ours) {
        records.add(new Actions.RecordStep(ChangeAction.DELETE, set, null));
        changes.add(
            new PlannedChange(
                ChangeAction.DELETE,
                "record " + spec.recordName() + " CNAME " + set.setIdentifier(),
                List.of(describe(set))));
      }
    }
    checks.addAll(children);
    for (HealthCheck h : checks) {
      changes.add(
          new PlannedChange(
              ChangeAction.DELETE,
              "health check " + h.id(),
              List.of(HealthChecks.describe(h.healthCheckConfig()))));
    }
    return new Actions(
        observed, List.of(), records, checks, new Plan(title(spec, observed), List.of(), changes));
  }

  /**
   * The record a region needs.
   *
   * @param spec the spec
   * @param region the region
   * @param checkId its health check id, or null if not created yet
   * @return the record
   */
  public static FailoverRecord recordFor(FailoverSpec spec, RegionSpec region, String checkId) {
    return new FailoverRecord(
        spec.recordName(),
        FailoverRecord.CNAME,
        region.setIdentifier(),
        region.role(),
        spec.ttl(),
        region.endpoint(),
        Optional.ofNullable(checkId));
  }

  private static void rejectBlockingRecords(FailoverSpec spec, Observed observed) {
    for (ResourceRecordSet set : observed.records()) {
      if (!"CNAME".equals(set.typeAsString())) {
        throw new ProvisioningException(
            spec.recordName()
                + " already has "
                + set.typeAsString()
                + " records, and a CNAME cannot share its name with other records: delete them or"
                + " choose another recordName");
      }
      if (set.setIdentifier() != null && set.failover() == null) {
        throw new ProvisioningException(
            spec.recordName()
                + " already has CNAME records with another routing policy (set "
                + set.setIdentifier()
                + "), which cannot be mixed with failover records: delete them or choose another"
                + " recordName");
      }
      if (set.setIdentifier() == null) {
        throw new ProvisioningException(
            spec.recordName()
                + " already has a plain CNAME ("
                + describe(set)
                + "), which cannot coexist with failover records: delete it or choose another"
                + " recordName");
      }
    }
  }

  private static Optional<ResourceRecordSet> recordWithSetId(Observed observed, String setId) {
    return observed.records().stream()
        .filter(r -> "CNAME".equals(r.typeAsString()) && setId.equals(r.setIdentifier()))
        .findFirst();
  }

  private static List<String> recordDiffs(ResourceRecordSet was, FailoverRecord wanted) {
    List<String> diffs = new ArrayList<>();
    String target = target(was);
    if (!Objects.equals(was.failoverAsString(), wanted.failover().name())) {
      diffs.add("failover: " + was.failoverAsString() + " -> " + wanted.failover());
    }
    if (!Objects.equals(was.ttl(), wanted.ttl())) {
      diffs.add("ttl: " + was.ttl() + " -> " + wanted.ttl());
    }
    if (!Objects.equals(target, wanted.target())) {
      diffs.add("target: " + target + " -> " + wanted.target());
    }
    String wantedCheck = wanted.healthCheckId().orElse(NEW_CHECK);
    if (!Objects.equals(was.healthCheckId(), wantedCheck)) {
      diffs.add("healthCheckId: " + was.healthCheckId() + " -> " + wantedCheck);
    }
    return diffs;
  }

  private static String target(ResourceRecordSet set) {
    return set.resourceRecords().stream()
        .map(ResourceRecord::value)
        .map(SpecRules::normalizeName)
        .collect(Collectors.joining(","));
  }

  private static String describe(FailoverRecord r) {
    return r.failover()
        + " -> "
        + r.target()
        + ", ttl "
        + r.ttl()
        + ", health check "
        + r.healthCheckId().orElse(NEW_CHECK);
  }

  private static String describe(ResourceRecordSet set) {
    return set.failoverAsString()
        + " -> "
        + target(set)
        + ", ttl "
        + set.ttl()
        + ", health check "
        + set.healthCheckId();
  }

  private static String title(FailoverSpec spec, Observed observed) {
    return "Route 53: "
        + spec.recordName()
        + " in zone "
        + observed.zoneName()
        + " ("
        + observed.zoneId()
        + ")";
  }
}
