package io.github.s3failover.internal.run;

import io.github.s3failover.internal.health.LatencyWindow;
import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.AttemptFacts;
import io.github.s3failover.internal.streams.CancelAtOnce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * One attempt of a hedge race, whichever front door runs it: where it went, how it ended, and what
 * its end means for the race. The sync client runs it on a thread ({@link Race.Runner}), the async
 * client on a future ({@link AsyncRacer}); {@link HedgeRules} decides the race from either.
 */
abstract class Racer {
  private static final Logger LOG = LoggerFactory.getLogger(Racer.class);

  final RegionState region;
  final S3Request sent;
  final Race race;
  private final LatencyWindow latencies;
  private final long start = System.nanoTime();
  volatile boolean finished;
  volatile long nanos;
  volatile Object result;
  volatile Throwable error;

  Racer(RegionState region, S3Request sent, Race race, LatencyWindow latencies) {
    this.region = region;
    this.sent = sent;
    this.race = race;
    this.latencies = latencies;
  }

  /** What the race claims and aborts for this attempt. */
  abstract Race.Entrant entrant();

  /** What the attempt observed of the application's side, finished or not. */
  abstract AttemptFacts observed();

  /**
   * Records how the attempt ended: a response claims the race (or, if the other attempt claimed it
   * first, is discarded and becomes a {@link Race.LostRace}); an answer or a failure that is not
   * the region's own is a latency sample too.
   *
   * @param value the response, if {@code failure} is null
   * @param failure what failed (unwrapped), or null
   */
  final void end(Object value, Throwable failure) {
    nanos = System.nanoTime() - start;
    if (failure == null) {
      latencies.record(nanos);
      if (race.claim(entrant())) {
        result = value;
      } else {
        discard(value);
        error = new Race.LostRace();
      }
    } else if (failure instanceof Error) {
      error = failure;
    } else if (entrant().abortedByRace()) {
      error = new Race.LostRace(); // the other attempt won and aborted this one's request
    } else {
      error = failure;
      if (!Race.regional(this)) {
        latencies.record(nanos);
      }
    }
    finished = true;
  }

  long elapsedNanos() {
    return finished ? nanos : System.nanoTime() - start;
  }

  /** How long this attempt had gone unanswered when {@code other} ended. */
  long silentUntilEndOf(Racer other) {
    if (!error(Race.LostRace.class)) {
      return elapsedNanos();
    }
    return Math.max(nanos, other.start + other.elapsedNanos() - start);
  }

  AttemptFacts facts() {
    return finished ? observed() : AttemptFacts.NONE;
  }

  boolean error(Class<? extends Throwable> type) {
    return type.isInstance(error);
  }

  /** Releases a response nobody will read: aborts a stream, closes anything closeable. */
  static void discard(Object response) {
    try {
      if (response instanceof ResponseInputStream) {
        ((ResponseInputStream<?>) response).abort();
      } else if (response instanceof AutoCloseable) {
        ((AutoCloseable) response).close();
      } else if (response instanceof SdkPublisher) {
        ((SdkPublisher<?>) response).subscribe(new CancelAtOnce());
      }
    } catch (Exception e) {
      LOG.debug("s3-failover: closing the response of a lost hedge race failed", e);
    }
  }
}
