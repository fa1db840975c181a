package io.github.s3failover.internal.run;

import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.AttemptFacts;
import io.github.s3failover.internal.routing.Call;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hedge of a read whose first attempt runs on the caller's thread. At the hedge delay the
 * {@link HedgeTimer} hands it to a hedger thread, which decides on the hedge (budget, region) and
 * runs it. The {@link Call} is never used by two threads at once: the hedger thread takes its
 * decisions while the caller is inside the SDK, and both do so holding this object's lock, the
 * caller once its first attempt ended ({@link #firstEnded()}); after that the hedger thread does
 * not touch the call again.
 */
final class PendingHedge implements Runnable, HedgeTimer.Pending {
  private static final Logger LOG = LoggerFactory.getLogger(PendingHedge.class);

  /** When the timer fires it; later when the budget refused a hedge (see Hedger#startHedge). */
  volatile long deadline;

  private final Hedger hedger;
  private final Call call;
  private final RegionState first;
  private final Race race;
  private final Function<?, ?> operation;
  private final BlockingQueue<Race.Runner> done;
  private volatile boolean over;
  private boolean firstDone;
  private Race.Runner hedge;

  PendingHedge(
      Hedger hedger,
      Call call,
      RegionState first,
      Race race,
      Function<?, ?> operation,
      BlockingQueue<Race.Runner> done,
      long deadline) {
    this.hedger = hedger;
    this.call = call;
    this.first = first;
    this.race = race;
    this.operation = operation;
    this.done = done;
    this.deadline = deadline;
  }

  @Override
  public long deadlineNanos() {
    return deadline;
  }

  /** Whether the hedge can no longer start: the first attempt ended. */
  @Override
  public boolean over() {
    return over;
  }

  /**
   * Called by the caller when its first attempt ended: no hedge starts from now on.
   *
   * @return the hedge if one started, else null
   */
  synchronized Race.Runner firstEnded() {
    over = true;
    firstDone = true;
    return hedge;
  }

  @Override
  public void run() {
    Race.Runner started;
    synchronized (this) {
      if (firstDone || race.claimed()) {
        return;
      }
      try {
        started = hedger.startHedge(call, first, race, operation, done, this);
      } catch (RuntimeException e) {
        // A listener or a bucket mapping failed: no hedge, and no permit kept for one.
        call.hedgeEnded(0, null, AttemptFacts.NONE);
        LOG.warn("s3-failover: a hedge of {} could not start", call.info().name(), e);
        return;
      }
      hedge = started;
    }
    if (started != null) {
      started.run();
    }
  }
}
