package io.github.s3failover.internal.run;

import io.github.s3failover.HedgedReads;
import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.AttemptFacts;
import io.github.s3failover.internal.routing.Call;
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
  /** Attempts in flight at once on the hedger's threads; beyond, reads run unhedged. */
  private static final int MAX_THREADS = 64;

  private final HedgeRules rules;
  private final Map<RegionState, S3Client> clients;
  private final Set<RegionState> abortable;
  private final ThreadPoolExecutor threads;
  private final HedgeTimer<PendingHedge> timer;

  Hedger(HedgeRules rules, Map<RegionState, S3Client> clients, Set<RegionState> abortable) {
    this.rules = rules;
    this.clients = clients;
    this.abortable = abortable;
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
    this.timer = abortable.isEmpty() ? null : new HedgeTimer<>(rules.timerTickNanos(), this::fire);
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
    rules.onRead();
    long delay = rules.delayNanos(first);
    Race.Runner one = runner(first, sent, operation, race, done);
    PendingHedge hedge =
        new PendingHedge(this, call, first, race, operation, done, System.nanoTime() + delay);
    timer.add(hedge);
    one.run();
    Race.Runner two = hedge.firstEnded();
    if (two == null) {
      return one;
    }
    return settle(call, one, two, race, done, delay);
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
    rules.onRead();
    long delay = rules.delayNanos(first);
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
    return settle(call, one, two, race, done, delay);
  }

  private void fire(PendingHedge hedge) {
    start(hedge);
  }

  /**
   * Decides on a hedge and prepares it: the budget allows one (see {@link HedgeRules#mayHedge}) and
   * a next region gives a permit. Runs on the caller's thread, or on a hedger thread while the
   * caller is inside the SDK. A hedge the budget refuses is tried again when the first region would
   * count as stalled, if its attempt is still pending then.
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
    if (!rules.mayHedge(first)) {
      if (pending != null) {
        pending.deadline = rules.budgetFreeAtNanos(first);
        timer.add(pending);
      }
      return null;
    }
    RegionState second = rules.hedgeRegion(call, first);
    if (second == null) {
      return null;
    }
    return runner(second, call.requestFor(second), cast(operation), race, done);
  }

  /**
   * Waits for the race's outcome once the hedge started, and records it with the call: which
   * attempt the call takes, and what the other one means for its region.
   */
  private Race.Runner settle(
      Call call,
      Race.Runner one,
      Race.Runner two,
      Race race,
      BlockingQueue<Race.Runner> done,
      long delay) {
    Racer chosen = null;
    while (chosen == null) {
      Race.Runner ended = take(done);
      chosen = HedgeRules.choose(race, ended, one, two);
    }
    rules.settle(call, one, two, chosen, delay);
    return chosen == one ? one : two;
  }

  private <T extends S3Request> Race.Runner runner(
      RegionState region,
      T sent,
      Function<T, ?> operation,
      Race race,
      BlockingQueue<Race.Runner> done) {
    return new Race.Runner(
        region, clients.get(region), sent, operation, race, rules.asked(region), done);
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
