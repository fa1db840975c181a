package io.github.s3failover.internal.run;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Fires the hedges of reads at their hedge delay: on the sync client, reads whose first attempt
 * runs on the caller's thread; on the async client, every hedgeable read. Cheap for the caller by
 * design: adding a read is one lock-free enqueue, ending it one volatile write, and neither wakes
 * this thread (a {@code ScheduledExecutorService} would be woken by every read, since each new
 * read's deadline comes first once the previous read is done). The thread sleeps until the earliest
 * deadline but at most one tick, so a read added while it sleeps is hedged at most one tick late;
 * with nothing pending it parks until the next read.
 */
final class HedgeTimer<P extends HedgeTimer.Pending> implements AutoCloseable {
  private final ConcurrentLinkedQueue<P> pending = new ConcurrentLinkedQueue<>();
  private final long tickNanos;
  private final Consumer<P> fire;
  private final Thread thread;
  private volatile boolean idle;
  private volatile boolean closed;

  /**
   * Starts the timer's thread.
   *
   * @param tickNanos the longest sleep while reads are pending
   * @param fire what to do with a read whose deadline passed and whose first attempt is pending
   */
  HedgeTimer(long tickNanos, Consumer<P> fire) {
    this.tickNanos = tickNanos;
    this.fire = fire;
    this.thread = new Thread(this::loop, "s3-failover-hedge-timer");
    thread.setDaemon(true);
    thread.start();
  }

  /** A read whose hedge waits for its deadline. */
  interface Pending {
    /** When to fire it ({@link System#nanoTime()}); read again on every pass. */
    long deadlineNanos();

    /** Whether the hedge can no longer start: drop it without firing. */
    boolean over();
  }

  void add(P read) {
    pending.add(read);
    if (idle) {
      idle = false;
      LockSupport.unpark(thread);
    }
  }

  private void loop() {
    while (!closed) {
      long now = System.nanoTime();
      long sleep = Long.MAX_VALUE;
      for (Iterator<P> it = pending.iterator(); it.hasNext(); ) {
        P read = it.next();
        long left = read.deadlineNanos() - now;
        if (read.over()) {
          it.remove();
        } else if (left <= 0) {
          it.remove();
          fire.accept(read);
        } else {
          sleep = Math.min(sleep, left);
        }
      }
      if (sleep == Long.MAX_VALUE) {
        idle = true;
        if (pending.isEmpty() && !closed) {
          LockSupport.park(this);
        }
        idle = false;
      } else {
        LockSupport.parkNanos(this, Math.min(sleep, tickNanos));
      }
    }
    pending.clear();
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }
}
