package io.github.s3failover.internal.run;

import io.github.s3failover.HedgedReads;
import io.github.s3failover.event.ReadHedgedEvent;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.health.LatencyWindow;
import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.AttemptFacts;
import io.github.s3failover.internal.routing.Call;
import io.github.s3failover.internal.routing.FailureClassifier;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Races a read in its first region against a hedge in the next one (see {@link HedgedReads}). Both
 * attempts run on the hedger's threads while the caller waits; every decision about the call is
 * taken on the caller's thread. The first response wins: an attempt that returns (a response, or a
 * stream whose headers arrived) or whose response transformer starts claims the race, and the other
 * one's response is aborted when it comes, which releases its connection. An attempt stuck in a
 * black hole cannot be interrupted: it ends at its own timeout, on a hedger thread.
 */
final class Hedger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Hedger.class);

  /** Attempts in flight at once on the hedger's threads; beyond, reads run unhedged. */
  private static final int MAX_THREADS = 64;

  /** The delay of a region without recent answers is this many times the longest delay. */
  private static final int COLD_START_FACTOR = 5;

  private final HedgedReads settings;
  private final Events events;
  private final HedgeBudget budget;
  private final Map<RegionState, LatencyWindow> latencies = new IdentityHashMap<>();
  private final Map<RegionState, S3Client> clients;
  private final ThreadPoolExecutor threads;

  Hedger(
      HedgedReads settings,
      List<RegionState> regions,
      Map<RegionState, S3Client> clients,
      Events events) {
    this.settings = settings;
    this.events = events;
    this.clients = clients;
    this.budget = new HedgeBudget(settings.budgetPercent(), settings.burst());
    for (RegionState region : regions) {
      // Until a region has answered a few reads, its delay is long: a cold client's first reads
      // (connection set-up, class loading) are slow everywhere, and hedging them only doubles them.
      latencies.put(
          region,
          new LatencyWindow(
              settings.percentile(), COLD_START_FACTOR * settings.maxDelay().toNanos()));
    }
    AtomicInteger count = new AtomicInteger();
    this.threads =
        new ThreadPoolExecutor(
            0,
            MAX_THREADS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "s3-failover-hedge-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Whether a call's operation is hedged: an idempotent read that no region binds. */
  static boolean applies(Call call) {
    String name = call.info().name();
    return call.hedgeable()
        && (name.equals("GetObject")
            || name.equals("HeadObject")
            || name.startsWith("List")
            || name.startsWith("Get"));
  }

  /** The hedge delay of a region now: a percentile of its recent latencies, clamped. */
  long delayNanos(RegionState region) {
    LatencyWindow window = latencies.get(region);
    long p = window.percentileNanos();
    if (!window.warm()) {
      return p;
    }
    return Math.max(settings.minDelay().toNanos(), Math.min(settings.maxDelay().toNanos(), p));
  }

  /**
   * Runs the call's attempt in its first region, hedged in the next region if it is slow.
   *
   * @return the attempt whose outcome the call takes (the caller records it with the call), or null
   *     if the hedger has no free thread (then run the attempt unhedged)
   */
  <T extends S3Request, R> Runner race(
      Call call, RegionState first, T sent, Function<T, R> operation) {
    Race race = new Race();
    BlockingQueue<Runner> done = new LinkedBlockingQueue<>();
    Runner one = new Runner(first, sent, operation, race, done);
    if (!start(one)) {
      return null;
    }
    budget.onRead();
    long delay = delayNanos(first);
    Runner ended = poll(done, delay);
    if (ended != null) {
      return ended;
    }
    RegionState second;
    if (race.claimed() || !budget.tryHedge() || (second = call.nextHedge()) == null) {
      return take(done);
    }
    Runner two = new Runner(second, call.requestFor(second), operation, race, done);
    if (!start(two)) {
      call.hedgeEnded(0, null, AttemptFacts.NONE);
      return take(done);
    }
    LOG.debug(
        "s3-failover: {} hedged: no answer from {} after {} ms, also sent to {}",
        call.info().name(),
        first,
        delay / 1_000_000,
        second);
    Runner chosen = null;
    while (chosen == null) {
      Runner d = take(done);
      Runner other = d == one ? two : one;
      if (race.isWinner(d)) {
        chosen = d;
      } else if (d == one && !regional(d) && race.claim(d)) {
        chosen = d; // the first region's own answer, an error too, is the answer
      } else if (other.finished && !race.claimed()) {
        // Both failed. A hedge's error answer (404, 403, 412...) never ends a race the first region
        // may still win; once the first region failed regionally it is the only answer there is.
        // Otherwise the first region's failure goes on as usual.
        chosen = regional(one) && two.error != null && answered(two) ? two : one;
      }
    }
    if (chosen == two) {
      long firstNanos = one.elapsedNanos();
      if (one.finished && regional(one)) {
        call.outrun(first, firstNanos, one.error);
      } else if (2 * two.elapsedNanos() <= firstNanos) {
        // Outrun decisively (the hedge answered in less than half the time the first region had
        // been silent): that says something about the first region, not about a busy machine.
        call.outrun(first, firstNanos, null);
      } else {
        call.abandon();
      }
    } else {
      call.hedgeEnded(two.elapsedNanos(), two.finished ? two.error : null, two.facts());
    }
    String winner = chosen.error == null ? chosen.region.id() : null;
    events.publish(
        new ReadHedgedEvent(
            events.clock().instant(),
            call.info().name(),
            first.id(),
            second.id(),
            winner,
            Duration.ofNanos(delay)));
    return chosen;
  }

  private boolean start(Runner runner) {
    try {
      threads.execute(runner);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private static boolean regional(Runner r) {
    return r.error != null
        && FailureClassifier.classify(r.error, r.attempt) == FailureClassifier.Verdict.REGIONAL;
  }

  private static boolean answered(Runner r) {
    return FailureClassifier.classify(r.error, r.attempt) == FailureClassifier.Verdict.ANSWER;
  }

  private static Runner poll(BlockingQueue<Runner> done, long nanos) {
    try {
      return done.poll(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HedgeInterrupted(e);
    }
  }

  private static Runner take(BlockingQueue<Runner> done) {
    try {
      return done.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HedgeInterrupted(e);
    }
  }

  @Override
  public void close() {
    threads.shutdown();
  }

  /** Who claimed the race: the first attempt whose response arrived. */
  static final class Race {
    private final AtomicReference<Attempt> winner = new AtomicReference<>();

    boolean claim(Attempt attempt) {
      return winner.compareAndSet(null, attempt) || winner.get() == attempt;
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
  }

  /** One attempt of a race, on a hedger thread. */
  final class Runner implements Runnable {
    final RegionState region;
    final S3Request sent;
    final Attempt attempt;
    private final Function<S3Request, ?> operation;
    private final Race race;
    private final BlockingQueue<Runner> done;
    private final long start = System.nanoTime();
    volatile boolean finished;
    volatile long nanos;
    volatile Object result;
    volatile Throwable error;

    @SuppressWarnings("unchecked") // the operation takes the request type it was given
    <T extends S3Request> Runner(
        RegionState region,
        T sent,
        Function<T, ?> operation,
        Race race,
        BlockingQueue<Runner> done) {
      this.region = region;
      this.sent = sent;
      this.operation = (Function<S3Request, ?>) operation;
      this.race = race;
      this.done = done;
      this.attempt = new Attempt(clients.get(region), race);
    }

    @Override
    public void run() {
      try {
        Object r = Dispatcher.bound(attempt, () -> operation.apply(sent));
        nanos = System.nanoTime() - start;
        latencies.get(region).record(nanos);
        if (race.claim(attempt)) {
          result = r;
        } else {
          discard(r);
          error = new LostRace();
        }
      } catch (RuntimeException | Error e) {
        nanos = System.nanoTime() - start;
        error = e;
        if (!regional(this)) {
          latencies.get(region).record(nanos);
        }
      } finally {
        finished = true;
        done.add(this);
      }
    }

    long elapsedNanos() {
      return finished ? nanos : System.nanoTime() - start;
    }

    AttemptFacts facts() {
      return finished ? attempt : AttemptFacts.NONE;
    }

    private void discard(Object response) {
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

  /** The attempt whose response came second; its response was aborted. */
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
