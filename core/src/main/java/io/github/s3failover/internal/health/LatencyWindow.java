package io.github.s3failover.internal.health;

import io.github.s3failover.internal.InternalApi;
import java.util.Arrays;

/**
 * A region's recent latencies (the last {@value #SIZE} answers) and a percentile of them, for the
 * hedge delay. The percentile is computed again every {@value #RECOMPUTE_EVERY} samples rather than
 * on every read, so that asking costs a volatile read.
 */
@InternalApi
public final class LatencyWindow {
  private static final int SIZE = 128;
  private static final int RECOMPUTE_EVERY = 16;
  private static final int WARM = 4;

  private final long[] samples = new long[SIZE];
  private final double percentile;
  private final long fallbackNanos;
  private volatile int count;
  private int next;
  private volatile long percentileNanos;
  private volatile long lastAnswerNanos = System.nanoTime();

  /**
   * Creates an empty window.
   *
   * @param percentile the percentile to report, 50 to 100
   * @param fallbackNanos what to report before the first samples
   */
  public LatencyWindow(double percentile, long fallbackNanos) {
    this.percentile = percentile;
    this.fallbackNanos = fallbackNanos;
    this.percentileNanos = fallbackNanos;
  }

  /**
   * Adds a latency.
   *
   * @param nanos how long an answer took
   */
  public synchronized void record(long nanos) {
    lastAnswerNanos = System.nanoTime();
    samples[next] = nanos;
    next = (next + 1) % SIZE;
    count++;
    if (count % RECOMPUTE_EVERY == 0 || count == WARM) {
      long[] copy = Arrays.copyOf(samples, Math.min(count, SIZE));
      Arrays.sort(copy);
      int index = (int) Math.ceil(percentile / 100.0 * copy.length) - 1;
      percentileNanos = copy[Math.max(0, Math.min(copy.length - 1, index))];
    }
  }

  /**
   * Returns the percentile of the recent latencies, or the fallback before enough samples.
   *
   * @return nanoseconds
   */
  public long percentileNanos() {
    return warm() ? percentileNanos : fallbackNanos;
  }

  /**
   * Whether enough answers were seen for a percentile.
   *
   * @return true after the first {@value #WARM} samples
   */
  public boolean warm() {
    return count >= WARM;
  }

  /**
   * Returns the {@link System#nanoTime()} of the region's last answer (its creation before any).
   *
   * @return nanoseconds
   */
  public long lastAnswerNanos() {
    return lastAnswerNanos;
  }
}
