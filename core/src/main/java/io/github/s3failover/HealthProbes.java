package io.github.s3failover;

import io.github.s3failover.internal.Durations;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the background health probes: every {@link #interval()} (with jitter), a HEAD of a
 * small health object in each region, through that region's own client, on one scheduler thread of
 * the client, never on the request path.
 *
 * <p>Probes own recovery: while probes run, a region whose circuit breaker is open gets no
 * application call at all (no half-open trial calls); {@link #successesToClose()} probes in a row
 * that the region answers close its breaker, whether or not the region is preferred. Probes can
 * also open a breaker: {@link #failuresToOpen()} probes in a row that fail regionally (timeout,
 * refused or reset connection, 5xx that is not throttling) open it before any application call
 * failed. Any answer of the region counts as healthy, a 404 or 403 too: the region is up.
 *
 * <pre>{@code
 * FailoverS3Client.builder()
 *     .healthProbes(HealthProbes.builder().interval(Duration.ofSeconds(5)).build())
 *     // or .healthProbes(HealthProbes.disabled())
 * }</pre>
 */
public final class HealthProbes {
  /** Time between two probes of one region: 2 s (plus or minus 10 % jitter). */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

  /** Limit of one probe: 1 s (a HEAD takes milliseconds in a healthy region). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  /**
   * The object probed, the one the route53 module provisions for Route 53's health checks:
   * {@value}.
   */
  public static final String DEFAULT_KEY = "s3-failover-health.txt";

  /** Regional probe failures in a row that open a closed breaker: 3 (one lost probe is noise). */
  public static final int DEFAULT_FAILURES_TO_OPEN = 3;

  /** Answered probes in a row that close an open breaker: 2. */
  public static final int DEFAULT_SUCCESSES_TO_CLOSE = 2;

  private static final HealthProbes DISABLED = new HealthProbes(new Builder(), false);

  private final boolean enabled;
  private final Duration interval;
  private final Duration timeout;
  private final String bucket;
  private final String key;
  private final int failuresToOpen;
  private final int successesToClose;

  private HealthProbes(Builder builder, boolean enabled) {
    this.enabled = enabled;
    this.interval = builder.interval;
    this.timeout = builder.timeout;
    this.bucket = builder.bucket;
    this.key = builder.key;
    this.failuresToOpen = builder.failuresToOpen;
    this.successesToClose = builder.successesToClose;
  }

  /**
   * Returns the default settings: probes on.
   *
   * @return the defaults
   */
  public static HealthProbes defaults() {
    return builder().build();
  }

  /**
   * Returns settings that turn probes off: breakers then recover through half-open application
   * calls, as resilience4j does by itself.
   *
   * @return probes off
   */
  public static HealthProbes disabled() {
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
   * Whether probes run.
   *
   * @return true if on
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Returns the time between two probes of one region.
   *
   * @return the interval
   */
  public Duration interval() {
    return interval;
  }

  /**
   * Returns the limit of one probe.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns the logical bucket probed, if set; otherwise the first logical bucket of the first
   * region.
   *
   * @return the logical bucket
   */
  public Optional<String> bucket() {
    return Optional.ofNullable(bucket);
  }

  /**
   * Returns the key of the object probed.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * Returns how many regional probe failures in a row open a closed breaker.
   *
   * @return the threshold
   */
  public int failuresToOpen() {
    return failuresToOpen;
  }

  /**
   * Returns how many answered probes in a row close an open breaker.
   *
   * @return the threshold
   */
  public int successesToClose() {
    return successesToClose;
  }

  @Override
  public String toString() {
    return enabled
        ? "HealthProbes[interval=" + interval + ", timeout=" + timeout + ", key=" + key + "]"
        : "HealthProbes[disabled]";
  }

  /** Builds {@link HealthProbes}; every setter checks its argument. */
  public static final class Builder {
    private Duration interval = DEFAULT_INTERVAL;
    private Duration timeout = DEFAULT_TIMEOUT;
    private String bucket;
    private String key = DEFAULT_KEY;
    private int failuresToOpen = DEFAULT_FAILURES_TO_OPEN;
    private int successesToClose = DEFAULT_SUCCESSES_TO_CLOSE;

    private Builder() {}

    /**
     * Sets the time between two probes of one region (default {@link #DEFAULT_INTERVAL}).
     *
     * @param interval 100 ms to 10 minutes
     * @return this builder
     */
    public Builder interval(Duration interval) {
      if (interval == null
          || interval.compareTo(Duration.ofMillis(100)) < 0
          || interval.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(
            "healthProbes interval is " + interval + "; use 100 ms to 10 minutes");
      }
      this.interval = interval;
      return this;
    }

    /**
     * Sets the limit of one probe (default {@link #DEFAULT_TIMEOUT}); it must be shorter than the
     * interval, which {@link #build()} checks.
     *
     * @param timeout more than zero
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Durations.positive(timeout, "healthProbes timeout");
      return this;
    }

    /**
     * Sets the logical bucket whose physical bucket in each region holds the health object
     * (default: the first logical bucket the first region maps).
     *
     * @param logicalBucket a logical bucket mapped in every region, or its own name
     * @return this builder
     */
    public Builder bucket(String logicalBucket) {
      if (logicalBucket == null || logicalBucket.isBlank()) {
        throw new IllegalArgumentException(
            "healthProbes bucket is '" + logicalBucket + "'; name a logical bucket");
      }
      this.bucket = logicalBucket;
      return this;
    }

    /**
     * Sets the key of the object probed (default {@value #DEFAULT_KEY}, the object the route53
     * module's preflight puts for Route 53's health checks). A missing object still answers (404),
     * which counts as healthy.
     *
     * @param key an object key
     * @return this builder
     */
    public Builder key(String key) {
      if (key == null || key.isEmpty() || key.startsWith("/")) {
        throw new IllegalArgumentException(
            "healthProbes key is '" + key + "'; give an object key without a leading '/'");
      }
      this.key = key;
      return this;
    }

    /**
     * Sets how many regional probe failures in a row open a closed breaker (default {@link
     * #DEFAULT_FAILURES_TO_OPEN}).
     *
     * @param failures 1 to 100
     * @return this builder
     */
    public Builder failuresToOpen(int failures) {
      this.failuresToOpen = requireCount(failures, "failuresToOpen");
      return this;
    }

    /**
     * Sets how many answered probes in a row close an open breaker (default {@link
     * #DEFAULT_SUCCESSES_TO_CLOSE}).
     *
     * @param successes 1 to 100
     * @return this builder
     */
    public Builder successesToClose(int successes) {
      this.successesToClose = requireCount(successes, "successesToClose");
      return this;
    }

    /**
     * Checks that the settings fit together and builds them.
     *
     * @return the settings, probes on
     */
    public HealthProbes build() {
      if (timeout.compareTo(interval) >= 0) {
        throw new IllegalArgumentException(
            "healthProbes timeout "
                + timeout
                + " is not shorter than the interval "
                + interval
                + "; shorten the timeout or lengthen the interval");
      }
      return new HealthProbes(this, true);
    }

    private static int requireCount(int n, String name) {
      if (n < 1 || n > 100) {
        throw new IllegalArgumentException("healthProbes " + name + " is " + n + "; use 1 to 100");
      }
      return n;
    }
  }
}
