package io.github.s3failover.route53;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The changes that would bring Route 53 to a spec (or, for destroy, remove what it made), as
 * computed from what exists now. Nothing is changed by making a plan.
 *
 * @param title what the plan is for: the record and the zone
 * @param healthChecks one line per region: which health check option it uses and what that proves
 *     (and does not), empty for a destroy plan
 * @param changes the changes, in the order they would be made
 */
public record Plan(String title, List<String> healthChecks, List<PlannedChange> changes) {

  // Copies the lists.
  public Plan {
    healthChecks = List.copyOf(healthChecks);
    changes = List.copyOf(changes);
  }

  /**
   * Whether anything would change.
   *
   * @return false when Route 53 already matches
   */
  public boolean hasChanges() {
    return !changes.isEmpty();
  }

  /**
   * A readable diff, one resource per block, ending with a count per action.
   *
   * @return the text, ending with a newline
   */
  public String render() {
    StringBuilder out = new StringBuilder(title).append('\n');
    healthChecks.forEach(line -> out.append("  ").append(line).append('\n'));
    if (changes.isEmpty()) {
      return out.append("No changes: Route 53 already matches.\n").toString();
    }
    Map<ChangeAction, Integer> counts = new TreeMap<>();
    for (PlannedChange change : changes) {
      counts.merge(change.action(), 1, Integer::sum);
      out.append(String.format("  %-3s %s%n", change.action().marker(), change.resource()));
      change.details().forEach(d -> out.append("        ").append(d).append('\n'));
    }
    out.append("Plan: ");
    out.append(counts.getOrDefault(ChangeAction.CREATE, 0)).append(" to create, ");
    out.append(counts.getOrDefault(ChangeAction.UPDATE, 0)).append(" to update, ");
    out.append(counts.getOrDefault(ChangeAction.REPLACE, 0)).append(" to replace, ");
    out.append(counts.getOrDefault(ChangeAction.DELETE, 0)).append(" to delete.\n");
    return out.toString();
  }

  @Override
  public String toString() {
    return render();
  }
}
