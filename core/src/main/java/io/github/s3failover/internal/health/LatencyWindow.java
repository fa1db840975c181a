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
  private volatile boolean unanswered;
  private volatile long unansweredSinceNanos;
  private volatile long lastAskedNanos;

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
    unanswered = false;
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
   * Notes that a request was sent to the region. It starts a stretch of silence unless one runs
   * already; a stretch whose last request is older than {@code gapNanos} starts again, since a
   * region that was not asked (not preferred, breaker open) was not silent.
   *
   * @param nanos when ({@link System#nanoTime()})
   * @param gapNanos the longest pause between requests within one stretch
   */
  public void asked(long nanos, long gapNanos) {
    if (!unanswered || nanos - lastAskedNanos > gapNanos) {
      unansweredSinceNanos = nanos;
      unanswered = true;
    }
    lastAskedNanos = nanos;
  }

  /**
   * Returns since when the region has been asked and answered nothing: the start of the current
   * stretch of silence, or {@code nowNanos} if it answered its last request.
   *
   * @param nowNanos the current {@link System#nanoTime()}
   * @return nanoseconds
   */
  public long silentSinceNanos(long nowNanos) {
    return unanswered ? unansweredSinceNanos : nowNanos;
  }
}
