package io.github.s3failover.internal.routing;

import io.github.s3failover.RegionPreference;
import io.github.s3failover.event.PreferredRegionChangedEvent;
import io.github.s3failover.event.RegionSwitchedEvent;
import io.github.s3failover.event.SwitchReason;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.InternalApi;
import io.github.s3failover.internal.health.RegionState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for each call, which regions to try and in what order.
 *
 * <p>The preference (Route 53) says which region comes first; the circuit breakers say which
 * regions can serve. The router keeps an <em>active</em> region: it leaves it at once when its
 * breaker opens, but moves to another healthy region (failback, or a preference change) only after
 * the active region has been in use for the minimum dwell time, so the client does not flap. When
 * every breaker is open it uses the preferred region anyway (panic mode) rather than fail without
 * trying; a region an operator forced open is left out even then.
 */
@InternalApi
public final class Router {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  /** The regions of one call, in the order to try them, and the region preferred now. */
  static final class Route {
    final RegionState preferred;
    final List<RegionState> order;

    /** How many regions at the head of the order are probes of a recovering region. */
    final int probes;

    Route(RegionState preferred, List<RegionState> order, int probes) {
      this.preferred = preferred;
      this.order = order;
      this.probes = probes;
    }

    /** The order without the probes: from the active region on. */
    List<RegionState> withoutProbes() {
      return probes == 0 ? order : order.subList(probes, order.size());
    }
  }

  private final List<RegionState> priority;
  private final Map<String, List<RegionState>> orderByPreferred = new HashMap<>();
  private final RegionPreference preference;
  private final Events events;
  private final Duration dwell;

  private volatile RegionState active;
  private volatile Instant activeSince;
  private volatile String lastPreferred;
  private volatile String lastUnknownPreferred;
  private volatile String preferredAtLastSwitch;

  /**
   * Creates the router.
   *
   * @param priority the regions in configured priority order
   * @param preference the preference
   * @param events where to report switches
   * @param minimumDwell the minimum time on a healthy region before moving to another one
   */
  public Router(
      List<RegionState> priority,
      RegionPreference preference,
      Events events,
      Duration minimumDwell) {
    this.priority = List.copyOf(priority);
    this.preference = preference;
    this.events = events;
    this.dwell = minimumDwell;
    for (RegionState first : priority) {
      List<RegionState> order = new ArrayList<>(priority.size());
      order.add(first);
      for (RegionState other : priority) {
        if (other != first) {
          order.add(other);
        }
      }
      orderByPreferred.put(first.id(), List.copyOf(order));
    }
    // The first switch of a new client is never held back by the dwell time.
    this.activeSince = events.clock().instant().minus(minimumDwell);
  }

  /**
   * Returns the configured regions in priority order.
   *
   * @return the regions
   */
  public List<RegionState> regions() {
    return priority;
  }

  /**
   * Returns the region used first now, or null before the first call.
   *
   * @return the active region
   */
  public RegionState active() {
    return active;
  }

  /**
   * Returns the region the preference names now (the first configured one if it has no opinion).
   *
   * @return the preferred region
   */
  public RegionState preferred() {
    return preferenceOrder().get(0);
  }

  /** Whether the preference had an answer and lost it (see {@code RegionPreference}). */
  boolean preferenceLost() {
    return preference.answerLost();
  }

  private List<RegionState> preferenceOrder() {
    String id = preference.preferredRegion().orElse(null);
    List<RegionState> order = id == null ? null : orderByPreferred.get(id);
    if (id != null && order == null && !id.equals(lastUnknownPreferred)) {
      lastUnknownPreferred = id;
      LOG.warn(
          "s3-failover: the preference names region '{}', which is not configured; ignored,"
              + " priority order applies",
          id);
    }
    return order == null ? priority : order;
  }

  Route route() {
    List<RegionState> pref = preferenceOrder();
    RegionState preferred = pref.get(0);
    if (!Objects.equals(preferred.id(), lastPreferred)) {
      notePreferred(preferred);
    }
    RegionState current = active;
    if (current == null || current.isOpen() || chooseTarget(pref, current) != current) {
      current = switchIfNeeded(pref);
    }
    List<RegionState> order = orderAround(pref, current);
    return new Route(preferred, order, order.indexOf(current));
  }

  /**
   * Returns the region with an id, or null.
   *
   * @param id a region id, or null
   * @return the region, or null if none has that id
   */
  RegionState region(String id) {
    List<RegionState> order = id == null ? null : orderByPreferred.get(id);
    return order == null ? null : order.get(0);
  }

  private void notePreferred(RegionState preferred) {
    String previous;
    synchronized (this) {
      previous = lastPreferred;
      if (Objects.equals(previous, preferred.id())) {
        return;
      }
      lastPreferred = preferred.id();
    }
    // Listeners run outside the lock: a slow one must not stall the threads that route.
    if (previous != null) {
      events.publish(
          new PreferredRegionChangedEvent(events.clock().instant(), previous, preferred.id()));
    }
  }

  private RegionState switchIfNeeded(List<RegionState> pref) {
    RegionSwitchedEvent event;
    RegionState target;
    synchronized (this) {
      RegionState current = active;
      target = chooseTarget(pref, current);
      if (target == current) {
        return target;
      }
      SwitchReason reason = reasonFor(pref, current, target);
      preferredAtLastSwitch = pref.get(0).id();
      active = target;
      // One instant for the dwell and the event, so that the events show the dwell exactly.
      Instant now = events.clock().instant();
      if (reason != SwitchReason.STARTUP) {
        // Picking the first region is not a move: the dwell time counts from real moves only.
        activeSince = now;
      }
      event =
          new RegionSwitchedEvent(now, current == null ? null : current.id(), target.id(), reason);
    }
    events.publish(event);
    return target;
  }

  private RegionState chooseTarget(List<RegionState> pref, RegionState current) {
    if (current == null || current.isOpen()) {
      for (RegionState region : pref) {
        if (!region.isOpen()) {
          return region;
        }
      }
      return panicTarget(pref);
    }
    // The active region serves. Move only to a healthy region earlier in the order, and only
    // once the active region has had its dwell time.
    for (RegionState region : pref) {
      if (region == current) {
        return current;
      }
      if (region.isClosed() && dwellElapsed()) {
        return region;
      }
    }
    return current;
  }

  /**
   * The region to try when every breaker is open: the first that an operator did not force open.
   * Trying it beats failing without trying; a forced-open region is the operator's word.
   */
  static RegionState panicTarget(List<RegionState> order) {
    for (RegionState region : order) {
      if (!region.isForcedOpen()) {
        return region;
      }
    }
    return order.get(0);
  }

  /** Whether every region's breaker keeps calls out. */
  boolean allOpen() {
    for (RegionState region : priority) {
      if (!region.isOpen()) {
        return false;
      }
    }
    return true;
  }

  private boolean dwellElapsed() {
    return Duration.between(activeSince, events.clock().instant()).compareTo(dwell) >= 0;
  }

  private SwitchReason reasonFor(List<RegionState> pref, RegionState current, RegionState target) {
    if (current == null) {
      return SwitchReason.STARTUP;
    }
    if (current.isOpen()) {
      return target.isOpen() ? SwitchReason.PANIC : SwitchReason.REGION_UNHEALTHY;
    }
    // The region in use is healthy: either the preference moved, or an earlier region recovered.
    return target == pref.get(0) && !target.id().equals(preferredAtLastSwitch)
        ? SwitchReason.PREFERENCE_CHANGED
        : SwitchReason.FAILBACK;
  }

  /**
   * Regions before the active one that are not known healthy come first, as probes (their breaker
   * admits only a few calls); then the active region; then the rest, in preference order.
   */
  private static List<RegionState> orderAround(List<RegionState> pref, RegionState active) {
    if (pref.get(0) == active && active.isClosed()) {
      return pref;
    }
    List<RegionState> order = new ArrayList<>(pref.size());
    int activeIndex = pref.indexOf(active);
    for (int i = 0; i < activeIndex; i++) {
      if (!pref.get(i).isClosed()) {
        order.add(pref.get(i));
      }
    }
    order.add(active);
    for (RegionState region : pref) {
      if (!order.contains(region)) {
        order.add(region);
      }
    }
    return order;
  }
}
