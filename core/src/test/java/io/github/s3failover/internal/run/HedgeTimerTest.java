package io.github.s3failover.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timer that fires the hedges of reads whose first attempt runs on the caller's thread. */
@Timeout(10)
class HedgeTimerTest {
  private static final long TICK = TimeUnit.MILLISECONDS.toNanos(5);

  private final BlockingQueue<PendingHedge> fired = new LinkedBlockingQueue<>();

  @Test
  void aReadIsFiredAtItsDeadlineNotBefore() throws Exception {
    try (HedgeTimer<PendingHedge> timer = new HedgeTimer<>(TICK, fired::add)) {
      long start = System.nanoTime();
      PendingHedge read = read(start + TimeUnit.MILLISECONDS.toNanos(30));
      timer.add(read);

      assertThat(fired.poll(5, TimeUnit.SECONDS)).isSameAs(read);
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(read.deadline - start);
      assertThat(fired).isEmpty();
    }
  }

  @Test
  void aReadWhoseFirstAttemptEndedIsNeverFired() throws Exception {
    try (HedgeTimer<PendingHedge> timer = new HedgeTimer<>(TICK, fired::add)) {
      PendingHedge ended = read(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
      PendingHedge pending = read(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(40));
      timer.add(ended);
      timer.add(pending);
      assertThat(ended.firstEnded()).isNull();

      assertThat(fired.poll(5, TimeUnit.SECONDS)).isSameAs(pending);
      assertThat(fired.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void anIdleTimerWakesForTheNextRead() throws Exception {
    try (HedgeTimer<PendingHedge> timer = new HedgeTimer<>(TICK, fired::add)) {
      timer.add(read(System.nanoTime()));
      assertThat(fired.poll(5, TimeUnit.SECONDS)).isNotNull();
      Thread.sleep(50); // nothing pending: the timer parks until a read comes

      PendingHedge later = read(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10));
      timer.add(later);
      assertThat(fired.poll(5, TimeUnit.SECONDS)).isSameAs(later);
    }
  }

  private static PendingHedge read(long deadline) {
    return new PendingHedge(null, null, null, null, null, null, deadline);
  }
}
