package io.github.s3failover;

import io.github.s3failover.event.FailoverEvent;

/**
 * Receives the typed events of a {@link FailoverS3Client}: region switches, calls that failed over,
 * circuit breaker transitions, preference changes and the outcome of each call.
 *
 * <p>Listeners run on the thread that caused the event (often a request thread): keep them quick
 * and non-blocking. An exception thrown by a listener is logged and otherwise ignored.
 */
@FunctionalInterface
public interface FailoverListener {

  /**
   * Handles one event. Use {@code instanceof} on the event types of {@code
   * io.github.s3failover.event} to pick the ones of interest.
   *
   * @param event the event
   */
  void onEvent(FailoverEvent event);
}
