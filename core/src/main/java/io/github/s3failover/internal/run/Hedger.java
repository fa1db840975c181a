package io.github.s3failover.internal.run;

import io.github.s3failover.HedgedReads;
import io.github.s3failover.event.ReadHedgedEvent;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.health.LatencyWindow;
import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.AttemptFacts;
import io.github.s3failover.internal.routing.Call;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Races a read in its first region against a hedge in the next one (see {@link HedgedReads}). The
 * first response wins: an attempt that returns (a response, or a stream whose headers arrived) or
 * whose response transformer starts claims the race, which aborts the other attempt's HTTP request
 * where its client allows (see {@link AbortingHttpClient}) and otherwise discards its response when
 * it comes.
 *
 * <p>Two ways to run the race. When the first region's client was built by the library, its attempt
 * runs on the caller's thread and only the hedge, if the first has not answered by the delay, runs
 * on a hedger thread ({@link HedgeTimer}, {@link PendingHedge}); a hedge that wins aborts the
 * caller's request, so the caller goes on at once. A client the application supplied cannot be
 * aborted, so there both attempts run on hedger threads while the caller waits (a black hole then
 * ends at its own timeout, on a hedger thread). Either way every decision about the call is taken
 * by one thread at a time.
 */
final class Hedger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Hedger.class);

  /** Attempts in flight at once on the hedger's threads; beyond, reads run unhedged. */
  private static final int MAX_THREADS = 64;

  /** The delay of a region without recent answers is this many times the longest delay. */
  private static final int COLD_START_FACTOR = 5;

  /**
   * An outrun counts against a region only once the region has answered nothing for this long (or
   * {@link #OUTRUN_FLOOR_DELAYS} hedge delays, if longer): see decision 0019.
   */
  private static final long OUTRUN_FLOOR_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** The outrun floor in hedge delays of the region. */
  private static final int OUTRUN_FLOOR_DELAYS = 4;

  /**
   * A hedge away from a region that has answered nothing for this many hedge delays needs no
   * budget. This is a latency decision only (it opens nothing: outruns still need the outrun
   * floor), so it can come much sooner: a stretch of silence this long is a stall, not a slow
   * answer.
   */
  private static final int BUDGET_FREE_DELAYS = 2;

  private final HedgedReads settings;
  private final Events events;
  private final HedgeBudget budget;
  private final Map<RegionState, LatencyWindow> latencies = new IdentityHashMap<>();
  private final Map<RegionState, S3Client> clients;
  private final Set<RegionState> abortable;
  private final ThreadPoolExecutor threads;
  private final HedgeTimer timer;

  Hedger(
      HedgedReads settings,
      List<RegionState> regions,
      Map<RegionState, S3Client> clients,
      Set<RegionState> abortable,
      Events events) {
    this.settings = settings;
    this.events = events;
    this.clients = clients;
    this.abortable = abortable;
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
    // A hedge fires at most a quarter of the shortest delay late (at least 1 ms of tick).
    long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(1), settings.minDelay().toNanos() / 4);
    this.timer = abortable.isEmpty() ? null : new HedgeTimer(tick, this::fire);
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

  /** How long a region must have been silent for an outrun to count: max(1 s, 4 hedge delays). */
  private long outrunFloorNanos(RegionState region) {
    return Math.max(OUTRUN_FLOOR_NANOS, OUTRUN_FLOOR_DELAYS * delayNanos(region));
  }

  /**
   * When a region will have been silent for the outrun floor if it answers nothing until then: the
   * start of its current stretch of silence (asked, no answer to anything since) plus the floor.
   */
  private long darkAtNanos(RegionState region) {
    return latencies.get(region).silentSinceNanos(System.nanoTime()) + outrunFloorNanos(region);
  }

  /** Whether a region has answered none of this client's reads for the outrun floor. */
  private boolean dark(RegionState region) {
    return System.nanoTime() - darkAtNanos(region) >= 0;
  }

  /**
   * When a hedge away from a region stops needing the budget: the start of its current stretch of
   * silence plus {@link #BUDGET_FREE_DELAYS} hedge delays.
   */
  private long budgetFreeAtNanos(RegionState region) {
    return latencies.get(region).silentSinceNanos(System.nanoTime())
        + BUDGET_FREE_DELAYS * delayNanos(region);
  }

  /**
   * Runs the call's attempt in its first region, hedged in the next region if it is slow.
   *
   * @return the attempt whose outcome the call takes (the caller records it with the call), or null
   *     if the hedger has no free thread (then run the attempt unhedged)
   */
  <T extends S3Request, R> Race.Runner race(
      Call call, RegionState first, T sent, Function<T, R> operation) {
    return abortable.contains(first)
        ? onCaller(call, first, sent, operation)
        : handedOff(call, first, sent, operation);
  }

  /** The first attempt on the caller's thread; the hedge, if any, on a hedger thread. */
  private <T extends S3Request, R> Race.Runner onCaller(
      Call call, RegionState first, T sent, Function<T, R> operation) {
    Race race = new Race();
    BlockingQueue<Race.Runner> done = new LinkedBlockingQueue<>();
    budget.onRead();
    long delay = delayNanos(first);
    Race.Runner one = runner(first, sent, operation, race, done);
    PendingHedge hedge =
        new PendingHedge(this, call, first, race, operation, done, System.nanoTime() + delay);
    timer.add(hedge);
    one.run();
    Race.Runner two = hedge.firstEnded();
    if (two == null) {
      return one;
    }
    return settle(call, first, one, two, race, done, delay);
  }

  /** Both attempts on hedger threads while the caller waits (clients that cannot abort). */
  private <T extends S3Request, R> Race.Runner handedOff(
      Call call, RegionState first, T sent, Function<T, R> operation) {
    Race race = new Race();
    BlockingQueue<Race.Runner> done = new LinkedBlockingQueue<>();
    Race.Runner one = runner(first, sent, operation, race, done);
    if (!start(one)) {
      return null;
    }
    budget.onRead();
    long delay = delayNanos(first);
    Race.Runner ended = poll(done, delay);
    if (ended != null) {
      return ended;
    }
    Race.Runner two = race.claimed() ? null : startHedge(call, first, race, operation, done, null);
    if (two == null) {
      return take(done);
    }
    if (!start(two)) {
      call.hedgeEnded(0, null, AttemptFacts.NONE);
      return take(done);
    }
    return settle(call, first, one, two, race, done, delay);
  }

  private void fire(PendingHedge hedge) {
    start(hedge);
  }

  /**
   * Decides on a hedge and prepares it: the budget allows one and a next region gives a permit.
   * Runs on the caller's thread, or on a hedger thread while the caller is inside the SDK. A hedge
   * away from a stalled first region (silent for {@link #BUDGET_FREE_DELAYS} hedge delays) needs no
   * budget: the region's requests are aborted, so it adds no load that leaving the region would not
   * add, and past the outrun floor it is what brings the outruns that open the region's breaker. A
   * hedge the budget refuses is tried again when the first region would count as stalled, if its
   * attempt is still pending then.
   *
   * @param pending the pending hedge to arm again if the budget refuses, or null
   * @return the hedge, not started yet, or null
   */
  Race.Runner startHedge(
      Call call,
      RegionState first,
      Race race,
      Function<?, ?> operation,
      BlockingQueue<Race.Runner> done,
      PendingHedge pending) {
    long budgetFreeAt = budgetFreeAtNanos(first);
    if (System.nanoTime() - budgetFreeAt < 0 && !budget.tryHedge()) {
      if (pending != null) {
        pending.deadline = budgetFreeAt;
        timer.add(pending);
      }
      return null;
    }
    RegionState second = call.nextHedge();
    if (second == null) {
      return null;
    }
    LOG.debug(
        "s3-failover: {} hedged: no answer from {} after {} ms, also sent to {}",
        call.info().name(),
        first,
        delayNanos(first) / 1_000_000,
        second);
    return runner(second, call.requestFor(second), cast(operation), race, done);
  }

  /**
   * Waits for the race's outcome once the hedge started, and records it with the call: which
   * attempt the call takes, and what the other one means for its region.
   */
  private Race.Runner settle(
      Call call,
      RegionState first,
      Race.Runner one,
      Race.Runner two,
      Race race,
      BlockingQueue<Race.Runner> done,
      long delay) {
    Race.Runner chosen = null;
    while (chosen == null) {
      Race.Runner d = take(done);
      Race.Runner other = d == one ? two : one;
      if (race.isWinner(d)) {
        chosen = d;
      } else if (d == one && !Race.regional(d) && race.claim(d)) {
        chosen = d; // the first region's own answer, an error too, is the answer
      } else if (other.finished && !race.claimed()) {
        // Both failed. A hedge's error answer (404, 403, 412...) never ends a race the first region
        // may still win; once the first region failed regionally it is the only answer there is.
        // Otherwise the first region's failure goes on as usual.
        chosen = Race.regional(one) && Race.answered(two) ? two : one;
      }
    }
    if (chosen == two) {
      long firstNanos = one.silentUntilEndOf(two);
      if (one.finished && Race.regional(one)) {
        call.outrun(first, firstNanos, one.error);
      } else if (2 * two.elapsedNanos() <= firstNanos && dark(first)) {
        // Outrun decisively (the hedge answered in less than half the time the first region had
        // been silent) by a region that has answered nothing for the outrun floor: that says
        // something about the first region, not about a busy machine or a latency blip.
        call.outrun(first, firstNanos, null);
      } else {
        call.abandon();
      }
    } else {
      call.hedgeEnded(
          two.elapsedNanos(),
          two.finished && !two.error(Race.LostRace.class) ? two.error : null,
          two.facts());
    }
    String winner = chosen.error == null ? chosen.region.id() : null;
    events.publish(
        new ReadHedgedEvent(
            events.clock().instant(),
            call.info().name(),
            first.id(),
            two.region.id(),
            winner,
            Duration.ofNanos(delay)));
    return chosen;
  }

  private <T extends S3Request> Race.Runner runner(
      RegionState region,
      T sent,
      Function<T, ?> operation,
      Race race,
      BlockingQueue<Race.Runner> done) {
    latencies.get(region).asked(System.nanoTime(), outrunFloorNanos(region));
    return new Race.Runner(
        region, clients.get(region), sent, operation, race, latencies.get(region), done);
  }

  @SuppressWarnings("unchecked") // the hedge runs the operation the first attempt was given
  private static <T extends S3Request> Function<T, ?> cast(Function<?, ?> operation) {
    return (Function<T, ?>) operation;
  }

  private boolean start(Runnable runner) {
    try {
      threads.execute(runner);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private static Race.Runner poll(BlockingQueue<Race.Runner> done, long nanos) {
    try {
      return done.poll(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Race.HedgeInterrupted(e);
    }
  }

  private static Race.Runner take(BlockingQueue<Race.Runner> done) {
    try {
      return done.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Race.HedgeInterrupted(e);
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.close();
    }
    threads.shutdown();
  }
}
