package io.github.s3failover.internal.run;

import io.github.s3failover.internal.health.LatencyWindow;
import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.AttemptFacts;
import io.github.s3failover.internal.routing.FailureClassifier;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Who claimed a hedge race: the first attempt whose response arrived. Claiming aborts the other
 * attempt's HTTP request where its client lets it (see {@link AbortingHttpClient}), which releases
 * its connection and, when that attempt runs on the caller's thread, lets the caller go on at once.
 */
final class Race {
  private final AtomicReference<Entrant> winner = new AtomicReference<>();
  private volatile Entrant first;
  private volatile Entrant second;

  /** What a race claims for an attempt, and aborts when the other attempt claimed it. */
  interface Entrant {
    /** Aborts the attempt's request in flight, and any it starts later. */
    void abortInFlight();

    /** Whether the other attempt won and aborted this one. */
    boolean abortedByRace();
  }

  /** Enters an attempt; a race has two at most. */
  void enter(Entrant attempt) {
    if (first == null) {
      first = attempt;
    } else {
      second = attempt;
      if (claimed() && winner.get() != attempt) {
        attempt.abortInFlight(); // came too late: it can only lose
      }
    }
  }

  boolean claim(Entrant attempt) {
    if (winner.compareAndSet(null, attempt)) {
      Entrant other = attempt == first ? second : first;
      if (other != null) {
        other.abortInFlight();
      }
      return true;
    }
    return winner.get() == attempt;
  }

  boolean claim(Racer racer) {
    return claim(racer.entrant());
  }

  boolean claimed() {
    return winner.get() != null;
  }

  boolean isWinner(Racer racer) {
    return winner.get() == racer.entrant();
  }

  /**
   * One attempt of a sync race: on a hedger thread, or, for the first attempt of a region whose
   * client the library built, on the caller's thread.
   */
  static final class Runner extends Racer implements Runnable {
    final Attempt attempt;
    private final Function<S3Request, ?> operation;
    private final BlockingQueue<Runner> done;

    @SuppressWarnings("unchecked") // the operation takes the request type it was given
    <T extends S3Request> Runner(
        RegionState region,
        S3Client client,
        T sent,
        Function<T, ?> operation,
        Race race,
        LatencyWindow latencies,
        BlockingQueue<Runner> done) {
      super(region, sent, race, latencies);
      this.operation = (Function<S3Request, ?>) operation;
      this.done = done;
      this.attempt = new Attempt(client, race);
      race.enter(attempt);
    }

    @Override
    Entrant entrant() {
      return attempt;
    }

    @Override
    AttemptFacts observed() {
      return attempt;
    }

    @Override
    public void run() {
      try {
        end(Dispatcher.bound(attempt, () -> operation.apply(sent)), null);
      } catch (RuntimeException | Error e) {
        end(null, e);
      } finally {
        done.add(this);
      }
    }
  }

  /** Whether an attempt failed in a way that counts against its region. */
  static boolean regional(Racer r) {
    return verdict(r) == FailureClassifier.Verdict.REGIONAL;
  }

  /** Whether an attempt's region answered with an error of its own (404, 403, 412...). */
  static boolean answered(Racer r) {
    return verdict(r) == FailureClassifier.Verdict.ANSWER;
  }

  private static FailureClassifier.Verdict verdict(Racer r) {
    Throwable error = r.error;
    return error == null || error instanceof LostRace
        ? null
        : FailureClassifier.classify(error, r.observed());
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
