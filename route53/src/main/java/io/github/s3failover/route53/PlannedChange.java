package io.github.s3failover.route53;

import java.util.List;
import java.util.Objects;

/**
 * One change a plan makes to a Route 53 resource.
 *
 * @param action create, update, replace or delete
 * @param resource the resource, e.g. {@code health check PRIMARY (s3.example.com)} or {@code record
 *     s3.example.com CNAME primary-us-east-1}
 * @param details one line per field: {@code field: old -> new}, or the new settings
 */
public record PlannedChange(ChangeAction action, String resource, List<String> details) {

  // Copies the details.
  public PlannedChange {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    details = List.copyOf(details);
  }
}
