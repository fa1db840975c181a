package io.github.s3failover.event;

import java.time.Duration;
import java.time.Instant;

/**
 * A read was hedged: its first region had not answered within the hedge delay, so the same read
 * went to another region too. Published when the race ends; logged at DEBUG.
 *
 * @param time when the race ended
 * @param operation the S3 operation, for example {@code GetObject}
 * @param firstRegion the region the read went to first
 * @param hedgeRegion the region the hedge went to
 * @param winner the region whose response the application got, or null if neither answered
 * @param delay the hedge delay the read waited before hedging
 */
public record ReadHedgedEvent(
    Instant time,
    String operation,
    String firstRegion,
    String hedgeRegion,
    String winner,
    Duration delay)
    implements FailoverEvent {

  /**
   * Whether the hedge's response was the one the application got.
   *
   * @return true if the hedge won
   */
  public boolean hedgeWon() {
    return hedgeRegion.equals(winner);
  }
}
