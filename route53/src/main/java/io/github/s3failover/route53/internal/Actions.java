package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.ChangeAction;
import io.github.s3failover.route53.FailoverRecord;
import io.github.s3failover.route53.FailoverRole;
import io.github.s3failover.route53.Plan;
import java.util.List;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The executable form of a {@link Plan}: what to do to each health check and record, in order.
 *
 * @param observed the state the plan was made from
 * @param healthChecks one step per role that needs a health check created, replaced or updated, and
 *     one {@code null}-action step per role whose check is kept
 * @param records record changes, to be sent in one change batch
 * @param obsolete our health checks to delete once no record points at them
 * @param plan the readable form
 */
public record Actions(
    Observed observed,
    List<HealthCheckStep> healthChecks,
    List<RecordStep> records,
    List<HealthCheck> obsolete,
    Plan plan) {

  // Copies the lists.
  public Actions {
    healthChecks = List.copyOf(healthChecks);
    records = List.copyOf(records);
    obsolete = List.copyOf(obsolete);
  }

  /**
   * What to do to one role's health check.
   *
   * @param role the role
   * @param part the part of a calculated check, or null for the check the record follows
   * @param action CREATE, REPLACE, UPDATE, or null to keep {@code existing} as it is
   * @param existing the check kept or updated (null for CREATE and REPLACE)
   * @param desired the configuration the spec asks for
   */
  public record HealthCheckStep(
      FailoverRole role,
      String part,
      ChangeAction action,
      HealthCheck existing,
      HealthCheckConfig desired) {}

  /**
   * One record change.
   *
   * @param action CREATE or UPDATE (sent as UPSERT), or DELETE
   * @param existing the record set as Route 53 holds it (for DELETE, which must match exactly)
   * @param desired the record to write, without a health check id when the check is new
   */
  public record RecordStep(
      ChangeAction action, ResourceRecordSet existing, FailoverRecord desired) {}
}
