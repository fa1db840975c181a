package io.github.s3failover.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.FailoverRegion;
import io.github.s3failover.event.BreakerStateChangedEvent;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.s3.S3Client;

/** A configured region at run time: its client, its circuit breaker and its bucket names. */
public final class RegionHandle {
  private final FailoverRegion config;
  private final S3Client client;
  private final boolean ownsClient;
  private final CircuitBreaker breaker;
  private final BucketMapper buckets;
  private final AtomicReference<CircuitBreaker.State> lastState;

  /**
   * Creates the handle.
   *
   * @param config the region's configuration
   * @param client the client that serves it
   * @param ownsClient whether the library built the client (and so closes it)
   * @param breaker the region's circuit breaker
   */
  public RegionHandle(
      FailoverRegion config, S3Client client, boolean ownsClient, CircuitBreaker breaker) {
    this.config = config;
    this.client = client;
    this.ownsClient = ownsClient;
    this.breaker = breaker;
    this.buckets = new BucketMapper(config.buckets());
    this.lastState = new AtomicReference<>(breaker.getState());
  }

  /**
   * Reports a change of the breaker's state since the last look. Polled after each use of the
   * breaker rather than subscribed to: a subscriber to resilience4j's events makes it build an
   * event object on every call of every region.
   *
   * @param events where to report
   */
  void noteBreakerState(Events events) {
    CircuitBreaker.State now = breaker.getState();
    CircuitBreaker.State before = lastState.get();
    if (before != now && lastState.compareAndSet(before, now)) {
      events.publish(new BreakerStateChangedEvent(events.clock().instant(), id(), before, now));
    }
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
   * Returns the client that serves the region.
   *
   * @return the client
   */
  public S3Client client() {
    return client;
  }

  /**
   * Returns the region's circuit breaker.
   *
   * @return the breaker
   */
  public CircuitBreaker breaker() {
    return breaker;
  }

  BucketMapper buckets() {
    return buckets;
  }

  boolean isOpen() {
    CircuitBreaker.State state = breaker.getState();
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
  }

  boolean isClosed() {
    CircuitBreaker.State state = breaker.getState();
    return state == CircuitBreaker.State.CLOSED
        || state == CircuitBreaker.State.DISABLED
        || state == CircuitBreaker.State.METRICS_ONLY;
  }

  /** Closes the client if the library built it; an application's client stays open. */
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return id();
  }
}
