package io.github.s3failover.event;

import java.time.Duration;
import java.time.Instant;

/**
 * One call through the client ended. Published for every call (keep listeners cheap); the base of
 * per-region call metrics.
 *
 * @param time when the call ended
 * @param operation the S3 operation, for example {@code GetObject}
 * @param region the region that gave the final answer (the last one tried, on failure)
 * @param outcome how it ended
 * @param attempts the number of regions tried
 * @param duration the call's duration, all regions included
 */
public record CallCompletedEvent(
    Instant time,
    String operation,
    String region,
    CallOutcome outcome,
    int attempts,
    Duration duration)
    implements FailoverEvent {

  /**
   * Returns whether the call was served by another region than the first one tried.
   *
   * @return true if the call failed over
   */
  public boolean failedOver() {
    return attempts > 1;
  }
}
