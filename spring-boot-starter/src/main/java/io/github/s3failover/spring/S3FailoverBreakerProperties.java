package io.github.s3failover.spring;

import java.time.Duration;

/**
 * The per-region circuit breakers under {@code s3.failover.breaker}. Unset values keep the
 * library's defaults (count-based window of 10 calls, 3 calls minimum, 50 %, 5 s open, 2 probe
 * calls, slow-call detection off).
 */
public class S3FailoverBreakerProperties {
  /** Number of recent calls whose outcome decides whether the breaker opens. */
  private Integer windowSize;

  /** Calls the window needs before the failure rate counts. */
  private Integer minimumCalls;

  /** Percentage of regional failures in the window that opens the breaker. */
  private Float failureRateThreshold;

  /** Time an open breaker keeps its region out before probe calls are let through. */
  private Duration waitInOpen;

  /** Probe calls let through by a half-open breaker to decide whether to close it. */
  private Integer halfOpenCalls;

  /**
   * Returns whether any setting is given.
   *
   * @return true if the breakers differ from the library's defaults
   */
  public boolean isCustomized() {
    return windowSize != null
        || minimumCalls != null
        || failureRateThreshold != null
        || waitInOpen != null
        || halfOpenCalls != null;
  }

  /**
   * Returns the window size.
   *
   * @return calls, or null for the default
   */
  public Integer getWindowSize() {
    return windowSize;
  }

  /**
   * Sets the window size.
   *
   * @param windowSize calls
   */
  public void setWindowSize(Integer windowSize) {
    this.windowSize = windowSize;
  }

  /**
   * Returns the minimum number of calls.
   *
   * @return calls, or null for the default
   */
  public Integer getMinimumCalls() {
    return minimumCalls;
  }

  /**
   * Sets the minimum number of calls.
   *
   * @param minimumCalls calls
   */
  public void setMinimumCalls(Integer minimumCalls) {
    this.minimumCalls = minimumCalls;
  }

  /**
   * Returns the failure rate threshold.
   *
   * @return a percentage, or null for the default
   */
  public Float getFailureRateThreshold() {
    return failureRateThreshold;
  }

  /**
   * Sets the failure rate threshold.
   *
   * @param failureRateThreshold a percentage above 0, at most 100
   */
  public void setFailureRateThreshold(Float failureRateThreshold) {
    this.failureRateThreshold = failureRateThreshold;
  }

  /**
   * Returns the wait in the open state.
   *
   * @return the duration, or null for the default
   */
  public Duration getWaitInOpen() {
    return waitInOpen;
  }

  /**
   * Sets the wait in the open state.
   *
   * @param waitInOpen the duration
   */
  public void setWaitInOpen(Duration waitInOpen) {
    this.waitInOpen = waitInOpen;
  }

  /**
   * Returns the probe calls of the half-open state.
   *
   * @return calls, or null for the default
   */
  public Integer getHalfOpenCalls() {
    return halfOpenCalls;
  }

  /**
   * Sets the probe calls of the half-open state.
   *
   * @param halfOpenCalls calls
   */
  public void setHalfOpenCalls(Integer halfOpenCalls) {
    this.halfOpenCalls = halfOpenCalls;
  }
}
