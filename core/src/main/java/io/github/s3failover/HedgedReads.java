package io.github.s3failover;

import java.time.Duration;

/**
 * Settings of hedged reads: when the first region of an idempotent read (GetObject, HeadObject,
 * List*, Get*) has not answered within the hedge delay, the same read goes to the next available
 * region as well; the first response (its headers) wins, and the other attempt is cancelled. The
 * delay is a high percentile of the region's recent latencies, clamped to [{@link #minDelay()},
 * {@link #maxDelay()}]; a token bucket caps hedges at {@link #budgetPercent()} of reads (with a
 * burst of {@link #burst()}). A first region that is outrun by a hedge has that counted as a
 * regional failure by its breaker once it has answered nothing for max(1 s, 4 hedge delays), so a
 * dark or browned-out region is left within about a second, while a healthy region with short
 * latency blips is never opened by hedges; hedges away from such a silent region need no budget. An
 * error answer of the hedge region (404, 403, 412: perhaps only replication lag) never beats the
 * first region's answer; it is the call's answer only when the first region failed. Writes are
 * never hedged. A read's first attempt runs on the caller's thread when the library built the
 * region's client; with an application-supplied client both attempts run on hedger threads.
 *
 * <pre>{@code
 * FailoverS3Client.builder()
 *     .hedgedReads(HedgedReads.builder().maxDelay(Duration.ofMillis(500)).build())
 *     // or .hedgedReads(HedgedReads.disabled())
 * }</pre>
 */
public final class HedgedReads {
  /** Shortest hedge delay: 50 ms, above the pauses of a healthy JVM and a healthy region. */
  public static final Duration DEFAULT_MIN_DELAY = Duration.ofMillis(50);

  /** Longest hedge delay: 200 ms, what a read may lose to a dark region at most. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(200);

  /** The percentile of the region's recent latencies used as the delay: 99. */
  public static final double DEFAULT_PERCENTILE = 99;

  /** Hedges as a share of reads, in percent: 5. */
  public static final double DEFAULT_BUDGET_PERCENT = 5;

  /** Hedges allowed at once beyond the share, so an outage is noticed at once: 10. */
  public static final int DEFAULT_BURST = 10;

  private static final HedgedReads DISABLED = new HedgedReads(new Builder(), false);

  private final boolean enabled;
  private final Duration minDelay;
  private final Duration maxDelay;
  private final double percentile;
  private final double budgetPercent;
  private final int burst;

  private HedgedReads(Builder builder, boolean enabled) {
    this.enabled = enabled;
    this.minDelay = builder.minDelay;
    this.maxDelay = builder.maxDelay;
    this.percentile = builder.percentile;
    this.budgetPercent = builder.budgetPercent;
    this.burst = builder.burst;
  }

  /**
   * Returns the default settings: hedging on.
   *
   * @return the defaults
   */
  public static HedgedReads defaults() {
    return builder().build();
  }

  /**
   * Returns settings that turn hedging off: a read waits for its region's answer or failure.
   *
   * @return hedging off
   */
  public static HedgedReads disabled() {
    return DISABLED;
  }

  /**
   * Starts a builder with every default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether reads are hedged.
   *
   * @return true if on
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Returns the shortest hedge delay.
   *
   * @return the delay
   */
  public Duration minDelay() {
    return minDelay;
  }

  /**
   * Returns the longest hedge delay.
   *
   * @return the delay
   */
  public Duration maxDelay() {
    return maxDelay;
  }

  /**
   * Returns the percentile of recent latencies used as the delay.
   *
   * @return 50 to 100
   */
  public double percentile() {
    return percentile;
  }

  /**
   * Returns the share of reads that may be hedged, in percent.
   *
   * @return 0 to 100
   */
  public double budgetPercent() {
    return budgetPercent;
  }

  /**
   * Returns how many hedges may be sent at once beyond the share.
   *
   * @return the burst
   */
  public int burst() {
    return burst;
  }

  @Override
  public String toString() {
    return enabled
        ? "HedgedReads[delay=p"
            + percentile
            + " in ["
            + minDelay
            + ", "
            + maxDelay
            + "], budget="
            + budgetPercent
            + "%, burst="
            + burst
            + "]"
        : "HedgedReads[disabled]";
  }

  /** Builds {@link HedgedReads}; every setter checks its argument. */
  public static final class Builder {
    private Duration minDelay = DEFAULT_MIN_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private double percentile = DEFAULT_PERCENTILE;
    private double budgetPercent = DEFAULT_BUDGET_PERCENT;
    private int burst = DEFAULT_BURST;

    private Builder() {}

    /**
     * Sets the shortest hedge delay (default {@link #DEFAULT_MIN_DELAY}).
     *
     * @param delay 1 ms or more
     * @return this builder
     */
    public Builder minDelay(Duration delay) {
      this.minDelay = requireAtLeastOneMilli(delay, "minDelay");
      return this;
    }

    /**
     * Sets the longest hedge delay (default {@link #DEFAULT_MAX_DELAY}).
     *
     * @param delay 1 ms or more, not below the minimum delay
     * @return this builder
     */
    public Builder maxDelay(Duration delay) {
      this.maxDelay = requireAtLeastOneMilli(delay, "maxDelay");
      return this;
    }

    /**
     * Sets the percentile of the region's recent latencies used as the delay (default {@value
     * #DEFAULT_PERCENTILE}).
     *
     * @param percentile 50 to 100
     * @return this builder
     */
    public Builder percentile(double percentile) {
      if (!(percentile >= 50 && percentile <= 100)) {
        throw new IllegalArgumentException(
            "hedgedReads percentile is " + percentile + "; use 50 to 100");
      }
      this.percentile = percentile;
      return this;
    }

    /**
     * Sets the share of reads that may be hedged, in percent (default {@value
     * #DEFAULT_BUDGET_PERCENT}).
     *
     * @param percent above 0, at most 100
     * @return this builder
     */
    public Builder budgetPercent(double percent) {
      if (!(percent > 0 && percent <= 100)) {
        throw new IllegalArgumentException(
            "hedgedReads budgetPercent is " + percent + "; use more than 0, at most 100");
      }
      this.budgetPercent = percent;
      return this;
    }

    /**
     * Sets how many hedges may be sent at once beyond the share (default {@value #DEFAULT_BURST}).
     *
     * @param burst 1 to 1000
     * @return this builder
     */
    public Builder burst(int burst) {
      if (burst < 1 || burst > 1000) {
        throw new IllegalArgumentException("hedgedReads burst is " + burst + "; use 1 to 1000");
      }
      this.burst = burst;
      return this;
    }

    /**
     * Checks that the settings fit together and builds them.
     *
     * @return the settings, hedging on
     */
    public HedgedReads build() {
      if (minDelay.compareTo(maxDelay) > 0) {
        throw new IllegalArgumentException(
            "hedgedReads minDelay "
                + minDelay
                + " is above maxDelay "
                + maxDelay
                + "; make minDelay at most maxDelay");
      }
      return new HedgedReads(this, true);
    }

    private static Duration requireAtLeastOneMilli(Duration d, String name) {
      if (d == null || d.compareTo(Duration.ofMillis(1)) < 0) {
        throw new IllegalArgumentException(
            "hedgedReads " + name + " is " + d + "; use 1 ms or more");
      }
      return d;
    }
  }
}
