package io.github.s3failover.internal.routing;

import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.health.RegionState;

/**
 * The hedge of one {@link Call}: a second attempt, in the next region of the order, racing the
 * attempt in flight with a permit of its own; and what each side's end means for its region's
 * breaker when the other won.
 */
final class HedgeSlot {
  private final Events events;
  private final CallRecord record;

  /** The region of a hedge racing the attempt in flight, and whether it holds a permit. */
  private RegionState region;

  private boolean permit;

  HedgeSlot(Events events, CallRecord record) {
    this.events = events;
    this.record = record;
  }

  /** A hedge starts in {@code region}, whose breaker gave it a permit. */
  void start(RegionState region) {
    this.region = region;
    this.permit = true;
  }

  /** Whether {@code region} is the hedge's. */
  boolean runsIn(RegionState region) {
    return region == this.region;
  }

  /** Whether the hedge holds a permit. */
  boolean permit() {
    return permit;
  }

  /** The hedge's attempt ended with the call's own outcome: nothing is left racing. */
  void clear() {
    region = null;
  }

  /**
   * The hedge ended without winning: a regional failure counts against its region; an answer, a
   * cancellation or a lost race gives its permit back.
   */
  void ended(long nanos, Throwable failure, AttemptFacts facts) {
    RegionState hedged = region;
    if (hedged == null) {
      return;
    }
    boolean regional =
        failure != null
            && FailureClassifier.classify(failure, facts) == FailureClassifier.Verdict.REGIONAL;
    if (permit) {
      if (regional) {
        hedged.recordFailure(nanos, failure, events);
      } else {
        hedged.releasePermit();
      }
    }
    if (regional) {
      record.failedIn(hedged, failure);
    }
    region = null;
  }

  /**
   * What counts against a region the hedge outran: its own regional failure, or, when it had not
   * answered, that it had not.
   */
  static Throwable outrunCause(RegionState region, long nanos, Throwable failure) {
    return failure != null ? failure : new Outrun(region, nanos);
  }

  /** A first region that had not answered when a hedge in another region did. */
  private static final class Outrun extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Outrun(RegionState region, long nanos) {
      super(
          "no answer from region "
              + region
              + " after "
              + nanos / 1_000_000
              + " ms: outrun by a hedge",
          null,
          false,
          false);
    }
  }
}
