package io.github.s3failover.route53;

import java.util.Objects;
import java.util.Optional;

/**
 * One result of the bucket preflight.
 *
 * @param severity OK, WARNING (failover works, something is missing, e.g. failback replication) or
 *     ERROR (Route 53 or the client would fail)
 * @param role the region it is about
 * @param check what was checked, e.g. {@code versioning}
 * @param message what was found
 * @param fix what to do about it, if anything
 */
public record Finding(
    Severity severity, FailoverRole role, String check, String message, Optional<String> fix) {

  /** How much a finding matters. */
  public enum Severity {
    /** As it should be. */
    OK,
    /** Works, but something a failover or failback needs is missing or unverified. */
    WARNING,
    /** Will not work: Route 53's checkers or the application would fail. */
    ERROR
  }

  // Checks that the required components are present.
  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fix, "fix");
  }
}
