package io.github.s3failover.internal.run;

import io.github.s3failover.internal.health.LatencyWindow;
import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.AttemptFacts;
import io.github.s3failover.internal.routing.FailureClassifier;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Who claimed a hedge race: the first attempt whose response arrived. Claiming aborts the other
 * attempt's HTTP request where its client lets it (see {@link AbortingHttpClient}), which releases
 * its connection and, when that attempt runs on the caller's thread, lets the caller go on at once.
 */
final class Race {
  private static final Logger LOG = LoggerFactory.getLogger(Race.class);

  private final AtomicReference<Attempt> winner = new AtomicReference<>();
  private volatile Attempt first;
  private volatile Attempt second;

  /** Enters an attempt; a race has two at most. */
  void enter(Attempt attempt) {
    if (first == null) {
      first = attempt;
    } else {
      second = attempt;
      if (claimed() && winner.get() != attempt) {
        attempt.abortInFlight(); // came too late: it can only lose
      }
    }
  }

  boolean claim(Attempt attempt) {
    if (winner.compareAndSet(null, attempt)) {
      Attempt other = attempt == first ? second : first;
      if (other != null) {
        other.abortInFlight();
      }
      return true;
    }
    return winner.get() == attempt;
  }

  boolean claim(Runner runner) {
    return claim(runner.attempt);
  }

  boolean claimed() {
    return winner.get() != null;
  }

  boolean isWinner(Runner runner) {
    return winner.get() == runner.attempt;
  }

  /**
   * One attempt of a race: on a hedger thread, or, for the first attempt of a region whose client
   * the library built, on the caller's thread.
   */
  static final class Runner implements Runnable {
    final RegionState region;
    final S3Request sent;
    final Attempt attempt;
    private final Function<S3Request, ?> operation;
    private final Race race;
    private final LatencyWindow latencies;
    private final BlockingQueue<Runner> done;
    private final long start = System.nanoTime();
    volatile boolean finished;
    volatile long nanos;
    volatile Object result;
    volatile Throwable error;

    @SuppressWarnings("unchecked") // the operation takes the request type it was given
    <T extends S3Request> Runner(
        RegionState region,
        S3Client client,
        T sent,
        Function<T, ?> operation,
        Race race,
        LatencyWindow latencies,
        BlockingQueue<Runner> done) {
      this.region = region;
      this.sent = sent;
      this.operation = (Function<S3Request, ?>) operation;
      this.race = race;
      this.latencies = latencies;
      this.done = done;
      this.attempt = new Attempt(client, race);
      race.enter(attempt);
    }

    @Override
    public void run() {
      try {
        Object r = Dispatcher.bound(attempt, () -> operation.apply(sent));
        nanos = System.nanoTime() - start;
        latencies.record(nanos);
        if (race.claim(attempt)) {
          result = r;
        } else {
          discard(r);
          error = new LostRace();
        }
      } catch (RuntimeException e) {
        nanos = System.nanoTime() - start;
        if (attempt.abortedByRace()) {
          error = new LostRace(); // the other attempt won and aborted this one's request
        } else {
          error = e;
          if (!regional(this)) {
            latencies.record(nanos);
          }
        }
      } catch (Error e) {
        nanos = System.nanoTime() - start;
        error = e;
      } finally {
        finished = true;
        done.add(this);
      }
    }

    long elapsedNanos() {
      return finished ? nanos : System.nanoTime() - start;
    }

    /** How long this attempt had gone unanswered when {@code other} ended. */
    long silentUntilEndOf(Runner other) {
      if (!error(LostRace.class)) {
        return elapsedNanos();
      }
      return Math.max(nanos, other.start + other.elapsedNanos() - start);
    }

    AttemptFacts facts() {
      return finished ? attempt : AttemptFacts.NONE;
    }

    boolean error(Class<? extends Throwable> type) {
      return type.isInstance(error);
    }

    private static void discard(Object response) {
      try {
        if (response instanceof ResponseInputStream) {
          ((ResponseInputStream<?>) response).abort();
        } else if (response instanceof AutoCloseable) {
          ((AutoCloseable) response).close();
        }
      } catch (Exception e) {
        LOG.debug("s3-failover: closing the response of a lost hedge race failed", e);
      }
    }
  }

  /** Whether an attempt failed in a way that counts against its region. */
  static boolean regional(Runner r) {
    return r.error != null
        && !(r.error instanceof LostRace)
        && FailureClassifier.classify(r.error, r.attempt) == FailureClassifier.Verdict.REGIONAL;
  }

  /** Whether an attempt's region answered with an error of its own (404, 403, 412...). */
  static boolean answered(Runner r) {
    return r.error != null
        && !(r.error instanceof LostRace)
        && FailureClassifier.classify(r.error, r.attempt) == FailureClassifier.Verdict.ANSWER;
  }

  /** The attempt whose response came second; its response or request was aborted. */
  static final class LostRace extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LostRace() {
      super("lost a hedge race", null, false, false);
    }
  }

  /** The caller's thread was interrupted while it waited for a race. */
  static final class HedgeInterrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HedgeInterrupted(InterruptedException cause) {
      super("interrupted while waiting for a hedged read", cause);
    }
  }
}
