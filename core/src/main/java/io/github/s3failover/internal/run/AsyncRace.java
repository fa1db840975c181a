package io.github.s3failover.internal.run;

import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.AttemptFacts;
import io.github.s3failover.internal.routing.Call;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * The hedge race of one read on the async front door, by the rules of {@link HedgeRules} (the same
 * as the sync client's). A {@code toBytes()} race is decided when an attempt's whole body is in; a
 * streamed one ({@link RacedStream}) when an attempt's response headers are. Nothing waits: the
 * first attempt's future is already running when the race is armed; at the hedge delay the {@link
 * HedgeTimer} fires {@link #fire()}, which starts the hedge in the next region; each attempt's
 * completion calls {@link #ended}, and the attempt the rules choose completes the call. The loser's
 * future is cancelled, which aborts its HTTP request, and its breaker permit goes back (or, for a
 * first region outrun while dark, counts as its failure).
 *
 * <p>Every decision is taken holding the call's lock ({@link Host#lock()}), as every other decision
 * of an async call is; futures are cancelled and the next step runs once it is released.
 */
final class AsyncRace implements HedgeTimer.Pending {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncRace.class);

  /** What a race needs of the call it runs for. */
  interface Host {
    /** The lock that guards the call. */
    Object lock();

    /** The call, used holding {@link #lock()} only. */
    Call call();

    /** Whether the call is over: cancelled by the application, or answered. */
    boolean over();

    /**
     * A new attempt in a region; with {@code ownBuffer} it buffers into a transformer of its own.
     */
    AsyncAttempt attempt(RegionState region, boolean ownBuffer);

    /** Starts the call's operation as an attempt (a failed future if it throws). */
    CompletableFuture<?> start(AsyncAttempt attempt, S3Request sent);

    /**
     * Records the outcome of the attempt the race chose, as any attempt's outcome, holding the
     * lock.
     *
     * @return what to do next (complete the call, or try the next region), without the lock
     */
    Runnable record(AsyncRacer chosen);
  }

  private final HedgeRules rules;
  private final HedgeTimer<AsyncRace> timer;
  private final Host host;
  private final Race race = new Race();
  private final AsyncRacer one;
  private final long delayNanos;
  private volatile long deadline;
  private volatile boolean over;
  private AsyncRacer two; // guarded by host.lock()
  private boolean decided; // guarded by host.lock()

  private AsyncRace(
      HedgeRules rules,
      HedgeTimer<AsyncRace> timer,
      Host host,
      RegionState first,
      S3Request sent,
      AsyncAttempt attempt) {
    this.rules = rules;
    this.timer = timer;
    this.host = host;
    rules.onRead();
    this.delayNanos = rules.delayNanos(first);
    this.one = new AsyncRacer(first, sent, attempt, race, rules.asked(first));
    this.deadline = System.nanoTime() + delayNanos;
  }

  /**
   * Arms the hedge of a read whose first attempt was just started, holding the call's lock; the
   * caller then hands the attempt's future to {@link #follow}.
   *
   * @return the race, or null if the read is not hedged (see {@link AsyncAttempt#hedgeable()})
   */
  static AsyncRace arm(
      HedgeRules rules,
      HedgeTimer<AsyncRace> timer,
      Host host,
      RegionState first,
      S3Request sent,
      AsyncAttempt attempt,
      CompletableFuture<?> started) {
    if (!attempt.hedgeable()) {
      return null;
    }
    AsyncRace armed = new AsyncRace(rules, timer, host, first, sent, attempt);
    armed.one.started(started);
    timer.add(armed);
    return armed;
  }

  /** Follows the first attempt's future; call it holding no lock. */
  void follow(CompletableFuture<?> started) {
    started.whenComplete((value, error) -> ended(one, value, error));
  }

  @Override
  public long deadlineNanos() {
    return deadline;
  }

  @Override
  public boolean over() {
    return over;
  }

  /** At the hedge delay, on the timer's thread: starts the hedge, if the rules allow one. */
  void fire() {
    AsyncRacer hedge;
    CompletableFuture<?> started;
    synchronized (host.lock()) {
      if (over || host.over() || race.claimed()) {
        return;
      }
      RegionState first = one.region;
      if (!rules.mayHedge(first)) {
        deadline = rules.budgetFreeAtNanos(first);
        timer.add(this);
        return;
      }
      over = true;
      Call call = host.call();
      RegionState second;
      S3Request sent;
      try {
        second = rules.hedgeRegion(call, first);
        if (second == null) {
          return;
        }
        sent = call.requestFor(second);
      } catch (RuntimeException e) {
        // A listener or a bucket mapping failed: no hedge, and no permit kept for one.
        call.hedgeEnded(0, null, AttemptFacts.NONE);
        LOG.warn("s3-failover: a hedge of {} could not start", call.info().name(), e);
        return;
      }
      AsyncAttempt attempt = host.attempt(second, true);
      hedge = new AsyncRacer(second, sent, attempt, race, rules.asked(second));
      two = hedge;
      started = host.start(attempt, sent);
      hedge.started(started);
    }
    started.whenComplete((value, error) -> ended(hedge, value, error));
  }

  /** An attempt's future completed: decide the race if its rules can. */
  private void ended(AsyncRacer racer, Object value, Throwable error) {
    Runnable next;
    AsyncRacer loser;
    synchronized (host.lock()) {
      if (decided || host.over()) {
        Racer.discard(value); // a late body no one will read: its connection is closed
        return;
      }
      racer.end(value, error == null ? null : AsyncInvoker.unwrap(error));
      over = true; // the first attempt ended, or the hedge did: no hedge starts from now on
      Racer chosen = two == null ? one : HedgeRules.choose(race, racer, one, two);
      if (chosen == null) {
        return;
      }
      decided = true;
      if (two != null) {
        rules.settle(host.call(), one, two, chosen, delayNanos);
      }
      loser = chosen == one ? two : one;
      next = host.record(chosen == one ? one : two);
    }
    if (loser != null) {
      loser.cancelIfAborted();
      loser.attempt.retire(); // late signals of the loser never reach a transformer again
    }
    next.run();
  }

  /**
   * The application cancelled the call, holding the call's lock: both attempts are cancelled and
   * the hedge's permit goes back (the call gives back the first one's); neither region counts it.
   */
  void cancel() {
    over = true;
    if (two != null && !decided) {
      host.call().hedgeEnded(0, null, AttemptFacts.NONE);
    }
    one.cancel();
    if (two != null) {
      two.cancel();
    }
  }
}
