package io.github.s3failover.internal.routing;

import io.github.s3failover.RegionAttempt;
import io.github.s3failover.event.CallCompletedEvent;
import io.github.s3failover.event.CallFailedOverEvent;
import io.github.s3failover.event.CallOutcome;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.health.RegionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one {@link Call} went through, and how it is told: the regions it tried or found refused
 * (the attempts its error lists), the events of its moves and of its end, and their debug lines
 * (logged under {@link Call}'s name).
 */
final class CallRecord {
  private static final Logger LOG = LoggerFactory.getLogger(Call.class);

  private final Events events;
  private final OperationInfo info;
  private final List<RegionAttempt> attempts = new ArrayList<>(2);
  private final long startNanos = System.nanoTime();
  private boolean ended;

  CallRecord(Events events, OperationInfo info) {
    this.events = events;
    this.info = info;
  }

  /** The attempts so far, in order; the list the call's error carries. */
  List<RegionAttempt> attempts() {
    return attempts;
  }

  /** Whether the call has ended (its end has been told). */
  boolean ended() {
    return ended;
  }

  /** A region whose breaker refused the call: not tried. */
  void refused(RegionState region) {
    attempts.add(new RegionAttempt(region.id(), false, new BreakerRefusal(region)));
  }

  /** A region tried that failed regionally (or was outrun by a hedge). */
  void failedIn(RegionState region, Throwable failure) {
    attempts.add(new RegionAttempt(region.id(), true, failure));
  }

  /** Whether the call has already been tried in a region. */
  boolean triedIn(RegionState region) {
    return attempts.stream().anyMatch(a -> a.tried() && a.region().equals(region.id()));
  }

  /** The call goes on in the region {@code next} after failing in {@code region}. */
  void failedOver(RegionState region, String next) {
    LOG.debug("s3-failover: {} failed in region {}, trying {}", info.name(), region, next);
    if (events.hasListeners()) {
      Throwable cause = attempts.get(attempts.size() - 1).failure();
      events.publish(
          new CallFailedOverEvent(events.clock().instant(), info.name(), region.id(), next, cause));
    }
  }

  /** The call ends in a region with an outcome; it tries no region after this. */
  void completed(RegionState region, CallOutcome outcome) {
    ended = true;
    if (events.hasListeners()) {
      int tried = 0;
      for (RegionAttempt a : attempts) {
        tried += a.tried() ? 1 : 0;
      }
      if (outcome != CallOutcome.FAILURE) {
        tried++;
      }
      events.publish(
          new CallCompletedEvent(
              events.clock().instant(),
              info.name(),
              region.id(),
              outcome,
              Math.max(tried, 1),
              Duration.ofNanos(System.nanoTime() - startNanos)));
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("s3-failover: {} {} in region {}", info.name(), outcome, region);
    }
  }

  /** Why a region was not tried; cheap, since it is built on every call while a breaker is open. */
  private static final class BreakerRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BreakerRefusal(RegionState region) {
      super("circuit breaker " + region.breaker().getState(), null, false, false);
    }
  }
}
