package io.github.s3failover.route53;

import java.util.List;

/**
 * What {@link Provisioner#apply()} did.
 *
 * @param plan the changes made (no changes when Route 53 already matched)
 * @param records the failover records as Route 53 now holds them, with their health check ids
 */
public record ApplyResult(Plan plan, List<FailoverRecord> records) {

  // Copies the records.
  public ApplyResult {
    records = List.copyOf(records);
  }

  /**
   * Whether anything was changed.
   *
   * @return false for a run that found Route 53 in order
   */
  public boolean changed() {
    return plan.hasChanges();
  }
}
