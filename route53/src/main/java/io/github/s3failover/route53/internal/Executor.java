package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.FailoverRecord;
import io.github.s3failover.route53.FailoverRole;
import io.github.s3failover.route53.FailoverSpec;
import io.github.s3failover.route53.ProvisioningException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.HealthCheckAlreadyExistsException;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;
import software.amazon.awssdk.services.route53.model.NoSuchHealthCheckException;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.TagResourceType;
import software.amazon.awssdk.services.route53.model.UpdateHealthCheckRequest;

/** Carries out {@link Actions} against Route 53, reporting progress as it goes. */
public final class Executor {

  private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

  private final Route53Client route53;
  private final Consumer<String> progress;
  private final Duration pollInterval;
  private final Duration changeTimeout;

  /**
   * Creates an executor.
   *
   * @param route53 the client
   * @param progress receives one line per step and per wait
   * @param pollInterval time between GetChange calls while a change is PENDING
   * @param changeTimeout how long to wait for INSYNC before giving up
   */
  public Executor(
      Route53Client route53,
      Consumer<String> progress,
      Duration pollInterval,
      Duration changeTimeout) {
    this.route53 = route53;
    this.progress = progress;
    this.pollInterval = pollInterval;
    this.changeTimeout = changeTimeout;
  }

  /**
   * Brings Route 53 to the spec: health checks first (the records need their ids), then both
   * records in one change batch (deletions first, see below), then the obsolete checks once no
   * record points at them and the change is INSYNC.
   *
   * @param spec the spec
   * @param actions the plan's steps
   * @return the records as written, with their health check ids
   */
  public List<FailoverRecord> apply(FailoverSpec spec, Actions actions) {
    String zoneId = actions.observed().zoneId();
    Map<FailoverRole, String> checkIds = new EnumMap<>(FailoverRole.class);
    Map<FailoverRole, List<String>> childIds = new EnumMap<>(FailoverRole.class);
    // Children come before their parent in the steps: the parent needs their ids.
    for (Actions.HealthCheckStep step : actions.healthChecks()) {
      if (step.part() != null) {
        childIds
            .computeIfAbsent(step.role(), r -> new ArrayList<>())
            .add(healthCheck(zoneId, spec.recordName(), step, step.desired()));
        continue;
      }
      HealthCheckConfig desired = step.desired();
      if (childIds.containsKey(step.role())) {
        desired = desired.toBuilder().childHealthChecks(childIds.get(step.role())).build();
      }
      checkIds.put(step.role(), healthCheck(zoneId, spec.recordName(), step, desired));
    }
    List<FailoverRecord> records = new ArrayList<>();
    spec.regions().forEach(r -> records.add(Planner.recordFor(spec, r, checkIds.get(r.role()))));
    List<Change> changes = new ArrayList<>();
    List<Change> writes = new ArrayList<>();
    for (Actions.RecordStep step : actions.records()) {
      if (step.action() == io.github.s3failover.route53.ChangeAction.DELETE) {
        changes.add(change(ChangeAction.DELETE, step.existing()));
        continue;
      }
      FailoverRecord written =
          Planner.recordFor(
              spec,
              spec.region(step.desired().failover()),
              checkIds.get(step.desired().failover()));
      if (step.existing() != null && roleChanges(step.existing(), written)) {
        // An UPSERT that turns a record into the other role would, for a moment, put two records
        // of that role at the name (the other region still holds it): delete it first.
        changes.add(change(ChangeAction.DELETE, step.existing()));
      }
      writes.add(change(ChangeAction.UPSERT, Records.toRecordSet(written)));
    }
    // Route 53 validates a batch change by change: every DELETE goes before every write, so that
    // no step holds two PRIMARY (or two SECONDARY) records at the name.
    changes.addAll(writes);
    submit(zoneId, changes, "s3-failover apply " + spec.recordName());
    deleteChecks(actions.obsolete());
    return records;
  }

  /**
   * Removes the records, waits until Route 53 has, then deletes the health checks. Route 53 would
   * delete a check that a record still uses without a word, and the record's answers would then be
   * unpredictable, so the order is ours to keep.
   *
   * @param spec the spec
   * @param actions the destroy plan's steps
   */
  public void destroy(FailoverSpec spec, Actions actions) {
    List<Change> changes =
        actions.records().stream().map(s -> change(ChangeAction.DELETE, s.existing())).toList();
    submit(actions.observed().zoneId(), changes, "s3-failover destroy " + spec.recordName());
    deleteChecks(actions.obsolete());
  }

  private String healthCheck(
      String zoneId, String recordName, Actions.HealthCheckStep step, HealthCheckConfig desired) {
    if (step.action() == null) {
      return step.existing().id();
    }
    if (step.action() == io.github.s3failover.route53.ChangeAction.UPDATE) {
      return update(step.existing(), desired);
    }
    return create(zoneId, recordName, step.role(), step.part(), desired);
  }

  private String create(
      String zoneId, String recordName, FailoverRole role, String part, HealthCheckConfig config) {
    String what = role + (part == null ? "" : " " + part);
    for (int generation = 1; generation <= HealthChecks.MAX_GENERATIONS; generation++) {
      String reference =
          HealthChecks.callerReference(zoneId, recordName, role, part, config, generation);
      try {
        HealthCheck created =
            Errors.call(
                "creating the " + what + " health check",
                () ->
                    route53
                        .createHealthCheck(
                            r -> r.callerReference(reference).healthCheckConfig(config))
                        .healthCheck());
        Errors.call(
            "tagging health check " + created.id(),
            () ->
                route53.changeTagsForResource(
                    r ->
                        r.resourceType(TagResourceType.HEALTHCHECK)
                            .resourceId(created.id())
                            .addTags(HealthChecks.tags(zoneId, recordName, role, part))));
        progress.accept("created health check " + created.id() + " for " + what);
        return created.id();
      } catch (ProvisioningException e) {
        if (!(e.getCause() instanceof HealthCheckAlreadyExistsException)) {
          throw e;
        }
        // The reference was used before (a deleted check, or other settings): take the next one.
        LOG.debug("caller reference {} already used, trying generation {}", reference, generation);
      }
    }
    throw new ProvisioningException(
        "Route 53 answered HealthCheckAlreadyExists for "
            + HealthChecks.MAX_GENERATIONS
            + " caller references of the "
            + what
            + " health check; delete old health checks tagged "
            + HealthChecks.TAG_RECORD
            + "="
            + recordName
            + " and run again");
  }

  private String update(HealthCheck existing, HealthCheckConfig desired) {
    UpdateHealthCheckRequest.Builder request =
        UpdateHealthCheckRequest.builder()
            .healthCheckId(existing.id())
            .healthCheckVersion(existing.healthCheckVersion())
            .inverted(desired.inverted())
            .disabled(desired.disabled());
    if (HealthChecks.probesEndpoint(desired)) {
      request
          .fullyQualifiedDomainName(desired.fullyQualifiedDomainName())
          .port(desired.port())
          .resourcePath(desired.resourcePath())
          .failureThreshold(desired.failureThreshold())
          .enableSNI(desired.enableSNI());
      if (HealthChecks.hasCustomRegions(desired)) {
        request.regions(desired.regions());
      } else if (HealthChecks.hasCustomRegions(existing.healthCheckConfig())) {
        request.resetElementsWithStrings("Regions");
      }
    } else if ("CALCULATED".equals(desired.typeAsString())) {
      request.healthThreshold(desired.healthThreshold());
      if (desired.hasChildHealthChecks()) {
        request.childHealthChecks(desired.childHealthChecks());
      }
    } else {
      request
          .alarmIdentifier(desired.alarmIdentifier())
          .insufficientDataHealthStatus(desired.insufficientDataHealthStatus());
    }
    Errors.call(
        "updating health check " + existing.id(), () -> route53.updateHealthCheck(request.build()));
    progress.accept("updated health check " + existing.id());
    return existing.id();
  }

  private void deleteChecks(List<HealthCheck> checks) {
    for (HealthCheck check : checks) {
      try {
        Errors.call(
            "deleting health check " + check.id(),
            () -> route53.deleteHealthCheck(r -> r.healthCheckId(check.id())));
        progress.accept("deleted health check " + check.id());
      } catch (ProvisioningException e) {
        if (!(e.getCause() instanceof NoSuchHealthCheckException)) {
          throw e;
        }
        // Gone already, e.g. deleted by a run that died before finishing: nothing to do.
        progress.accept("health check " + check.id() + " was already gone");
      }
    }
  }

  private void submit(String zoneId, List<Change> changes, String comment) {
    if (changes.isEmpty()) {
      return;
    }
    ChangeInfo info =
        Errors.call(
                "changing the record sets",
                () ->
                    route53.changeResourceRecordSets(
                        r ->
                            r.hostedZoneId(zoneId)
                                .changeBatch(b -> b.comment(comment).changes(changes))))
            .changeInfo();
    progress.accept(
        "submitted " + changes.size() + " record change(s) as " + Ids.changeId(info.id()));
    waitInSync(info);
  }

  private void waitInSync(ChangeInfo submitted) {
    String id = Ids.changeId(submitted.id());
    long start = System.nanoTime();
    ChangeInfo info = submitted;
    while (info.status() != ChangeStatus.INSYNC) {
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      if (waited.compareTo(changeTimeout) > 0) {
        throw new ProvisioningException(
            "change "
                + id
                + " is still "
                + info.statusAsString()
                + " after "
                + waited.toSeconds()
                + " s; Route 53 will finish it on its own: run status later");
      }
      progress.accept(
          "waiting for change "
              + id
              + " to be INSYNC: "
              + info.statusAsString()
              + " after "
              + waited.toSeconds()
              + " s");
      sleep(pollInterval);
      info =
          Errors.call("reading change " + id, () -> route53.getChange(r -> r.id(id))).changeInfo();
    }
    progress.accept("change " + id + " is INSYNC");
  }

  private static boolean roleChanges(ResourceRecordSet existing, FailoverRecord wanted) {
    return !wanted.failover().name().equals(existing.failoverAsString());
  }

  private static Change change(ChangeAction action, ResourceRecordSet set) {
    return Change.builder().action(action).resourceRecordSet(set).build();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProvisioningException("interrupted while waiting for Route 53", e);
    }
  }
}
