package io.github.s3failover.internal.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.FailoverRegion;
import io.github.s3failover.event.BreakerStateChangedEvent;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.InternalApi;
import io.github.s3failover.internal.buckets.BucketMapper;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configured region's health and names, shared by every front door (the sync and the async
 * client): its configuration, its circuit breaker and its bucket mapping. The regional clients
 * belong to the front doors, so that a sync and an async client built from one configuration see
 * one view of region health.
 */
@InternalApi
public final class RegionState {
  private static final Logger LOG = LoggerFactory.getLogger(RegionState.class);
  private static final long POOL_WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final FailoverRegion config;
  private final CircuitBreaker breaker;
  private final BucketMapper buckets;
  private volatile CircuitBreaker.State lastState;

  /** Whether background probes own this region's recovery (see {@link #setProbed}). */
  private volatile boolean probed;

  private volatile long lastPoolWarning = System.nanoTime() - POOL_WARNING_INTERVAL_NANOS;

  /**
   * Creates the state.
   *
   * @param config the region's configuration
   * @param breaker the region's circuit breaker
   * @param buckets the region's bucket and account mapping
   */
  public RegionState(FailoverRegion config, CircuitBreaker breaker, BucketMapper buckets) {
    this.config = config;
    this.breaker = breaker;
    this.buckets = buckets;
    this.lastState = breaker.getState();
  }

  /**
   * Asks the breaker for a permit to call the region, and reports a state change it caused.
   *
   * @param events where to report
   * @return whether the call may go to the region; if so, exactly one of {@link #recordSuccess},
   *     {@link #recordFailure} or {@link #releasePermit} must follow
   */
  public boolean tryAcquirePermit(Events events) {
    boolean permitted = admitsCalls() && breaker.tryAcquirePermission();
    noteBreakerState(events);
    return permitted;
  }

  /**
   * Says whether background probes own the region's recovery. While they do, an application call
   * never asks an open breaker for a permit: resilience4j would then move it to half-open and make
   * that call (and the next few) its trial calls, each waiting out a dead region's timeout. Only a
   * closed breaker (or one that does not judge) admits application calls; the probes close it.
   *
   * @param probed true while probes run
   */
  public void setProbed(boolean probed) {
    this.probed = probed;
  }

  /**
   * Whether background probes own the region's recovery.
   *
   * @return true while probes run
   */
  public boolean probed() {
    return probed;
  }

  /** Whether an application call may ask the breaker for a permit now. */
  private boolean admitsCalls() {
    return !probed || isClosed();
  }

  /**
   * Records the success of a call that held a permit.
   *
   * @param nanos how long the call took
   * @param events where to report a state change
   */
  public void recordSuccess(long nanos, Events events) {
    breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    noteBreakerState(events);
  }

  /**
   * Records the regional failure of a call that held a permit.
   *
   * @param nanos how long the call took
   * @param failure what failed
   * @param events where to report a state change
   */
  public void recordFailure(long nanos, Throwable failure, Events events) {
    breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
    noteBreakerState(events);
  }

  /** Gives back a permit whose call says nothing about the region (the caller's own failure). */
  public void releasePermit() {
    breaker.releasePermission();
  }

  /**
   * Records a regional failure seen outside a call (a response body that broke after the call
   * returned), if the breaker gives a permit for it: a result recorded without a permit would land
   * in a half-open breaker's probe window, which belongs to its probes.
   *
   * @param failure what failed
   * @param events where to report a state change
   */
  public void recordFailureOutsideCall(Throwable failure, Events events) {
    if (admitsCalls() && breaker.tryAcquirePermission()) {
      recordFailure(0, failure, events);
    } else {
      noteBreakerState(events);
    }
  }

  /**
   * Reports a change of the breaker's state since the last look. Polled after each use of the
   * breaker rather than subscribed to: a subscriber to resilience4j's events makes it build an
   * event object on every call of every region. The check and the report happen under one lock, so
   * listeners see the transitions in the order they happened.
   *
   * @param events where to report
   */
  public void noteBreakerState(Events events) {
    if (breaker.getState() == lastState) {
      return;
    }
    synchronized (this) {
      CircuitBreaker.State now = breaker.getState();
      CircuitBreaker.State before = lastState;
      if (now == before) {
        return;
      }
      lastState = now;
      events.publish(new BreakerStateChangedEvent(events.clock().instant(), id(), before, now));
    }
  }

  /**
   * Says, at most once a minute, that the region's client ran out of pooled connections: the
   * caller's overload, which is not held against the region.
   *
   * @param failure the client's failure
   */
  public void warnPoolExhausted(Throwable failure) {
    long now = System.nanoTime();
    long last = lastPoolWarning;
    if (now - last < POOL_WARNING_INTERVAL_NANOS) {
      return;
    }
    lastPoolWarning = now;
    LOG.warn(
        "s3-failover: the HTTP client of region {} found no free pooled connection in time ({}):"
            + " more calls in flight than its connection limit (50 for clients the library"
            + " builds, the SDK's default), or response streams left open. Not counted against the"
            + " region. Close GetObject streams when done, or raise the limit with"
            + " FailoverRegion.Builder.clientCustomizer(b -> b.httpClientBuilder("
            + "Apache5HttpClient.builder().maxConnections(n))).",
        id(),
        failure.toString());
  }

  /**
   * Returns the region's id.
   *
   * @return the id
   */
  public String id() {
    return config.id();
  }

  /**
   * Returns the region's configuration.
   *
   * @return the configuration
   */
  public FailoverRegion config() {
    return config;
  }

  /**
   * Returns the region's circuit breaker.
   *
   * @return the breaker
   */
  public CircuitBreaker breaker() {
    return breaker;
  }

  /**
   * Returns the region's bucket and account mapping.
   *
   * @return the mapping
   */
  public BucketMapper buckets() {
    return buckets;
  }

  /**
   * Whether the breaker keeps application calls out: open, forced open by an operator, or (while
   * probes own recovery) half-open.
   *
   * @return true if open
   */
  public boolean isOpen() {
    CircuitBreaker.State state = breaker.getState();
    return state == CircuitBreaker.State.OPEN
        || state == CircuitBreaker.State.FORCED_OPEN
        || (probed && state == CircuitBreaker.State.HALF_OPEN);
  }

  /**
   * Whether an operator forced the breaker open: the region gets no call at all, not even in panic
   * mode.
   *
   * @return true if forced open
   */
  public boolean isForcedOpen() {
    return breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
  }

  /**
   * Whether the region is known healthy: closed, or a state in which the breaker does not judge.
   *
   * @return true if closed
   */
  public boolean isClosed() {
    CircuitBreaker.State state = breaker.getState();
    return state == CircuitBreaker.State.CLOSED
        || state == CircuitBreaker.State.DISABLED
        || state == CircuitBreaker.State.METRICS_ONLY;
  }

  @Override
  public String toString() {
    return id();
  }
}
