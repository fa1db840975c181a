package io.github.s3failover.chaos;

import io.github.s3failover.RegionAttempt;
import io.github.s3failover.RegionBoundException;
import io.github.s3failover.S3FailoverException;

/**
 * What every failure the application sees must say: the regions it tried (an {@link
 * S3FailoverException} lists its attempts, each named in the message; a region-bound one names its
 * region), or, for any other exception, the region that answered. Checked as each failure happens,
 * so a long run need not keep them all.
 */
final class FailureRules {
  private FailureRules() {}

  /** Returns what the failure fails to say, or null if it says enough. */
  static String violation(Workload.Failure f) {
    RuntimeException failure = f.error();
    String message = String.valueOf(failure.getMessage());
    if (failure instanceof S3FailoverException) {
      S3FailoverException e = (S3FailoverException) failure;
      if (e.attempts().isEmpty()) {
        return "no attempts in " + failure;
      }
      for (RegionAttempt attempt : e.attempts()) {
        if (!message.contains(attempt.region())) {
          return "message of " + failure + " does not name " + attempt.region();
        }
      }
      if (failure instanceof RegionBoundException
          && !message.contains(((RegionBoundException) failure).region())) {
        return "message of " + failure + " does not name its region";
      }
      return null;
    }
    if (!message.contains("primary") && !message.contains("secondary")) {
      return f.operation()
          + " failed, not with an S3FailoverException, naming no region: "
          + failure;
    }
    return null;
  }
}
