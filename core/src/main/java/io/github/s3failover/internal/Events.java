package io.github.s3failover.internal;

import io.github.s3failover.FailoverListener;
import io.github.s3failover.event.BreakerStateChangedEvent;
import io.github.s3failover.event.FailoverEvent;
import io.github.s3failover.event.PreferredRegionChangedEvent;
import io.github.s3failover.event.RegionSwitchedEvent;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers events to listeners and logs the ones an operator must see. */
@InternalApi
public final class Events {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.s3failover");

  private final List<FailoverListener> listeners;
  private final Clock clock;

  /**
   * Creates the event hub.
   *
   * @param listeners the application's listeners
   * @param clock the client's clock
   */
  public Events(List<FailoverListener> listeners, Clock clock) {
    this.listeners = new CopyOnWriteArrayList<>(listeners);
    this.clock = clock;
  }

  /**
   * Returns the client's clock.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns whether anyone listens; per-call events are not even built otherwise.
   *
   * @return true if there are listeners
   */
  public boolean hasListeners() {
    return !listeners.isEmpty();
  }

  /**
   * Logs the event where an operator must see it, then delivers it to every listener.
   *
   * @param event the event
   */
  public void publish(FailoverEvent event) {
    log(event);
    for (FailoverListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("s3-failover: listener {} failed on {}", listener, event, e);
      }
    }
  }

  private static void log(FailoverEvent event) {
    if (event instanceof RegionSwitchedEvent) {
      RegionSwitchedEvent e = (RegionSwitchedEvent) event;
      if (e.fromRegion() == null) {
        LOG.info("s3-failover: traffic starts in region {}", e.toRegion());
        return;
      }
      LOG.info(
          "s3-failover: traffic moves from region {} to region {} ({})",
          e.fromRegion(),
          e.toRegion(),
          e.reason());
    } else if (event instanceof BreakerStateChangedEvent) {
      BreakerStateChangedEvent e = (BreakerStateChangedEvent) event;
      LOG.info(
          "s3-failover: circuit breaker of region {}: {} -> {}",
          e.region(),
          e.fromState(),
          e.toState());
    } else if (event instanceof PreferredRegionChangedEvent) {
      PreferredRegionChangedEvent e = (PreferredRegionChangedEvent) event;
      LOG.info(
          "s3-failover: preferred region changes from {} to {}",
          e.fromRegion() == null ? "(priority order)" : e.fromRegion(),
          e.toRegion() == null ? "(priority order)" : e.toRegion());
    }
  }
}
