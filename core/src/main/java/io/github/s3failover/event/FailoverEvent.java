package io.github.s3failover.event;

import java.time.Instant;

/**
 * An event of a {@code FailoverS3Client}. Every event type of this package implements it; listeners
 * pick the ones they need with {@code instanceof}.
 */
public interface FailoverEvent {

  /**
   * Returns when the event happened, by the client's clock.
   *
   * @return the time of the event
   */
  Instant time();
}
