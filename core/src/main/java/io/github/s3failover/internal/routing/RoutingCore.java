package io.github.s3failover.internal.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.FailoverStatus;
import io.github.s3failover.RegionPreference;
import io.github.s3failover.WritePolicy;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.InternalApi;
import io.github.s3failover.internal.health.RegionState;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * The routing rules of one configuration, shared by every front door built from it (the sync
 * client, the async client, the presigner): regions and their breakers, the preference, the router
 * with its active region and dwell time, the write policy and the upload pins. Front doors ask it
 * for a {@link Call} per request; they own only their regional clients and the way an attempt runs
 * (the caller's thread, or a future).
 */
@InternalApi
public final class RoutingCore {
  private final List<RegionState> regions;
  private final Map<String, RegionState> byId;
  private final RegionPreference preference;
  private final Events events;
  private final Router router;
  private final CallPlanner planner;
  private final RegionPins pins;
  private final ResultMapper results;
  private final AtomicInteger users = new AtomicInteger(1);

  /**
   * Creates the routing rules; the preference must already be started.
   *
   * @param regions the regions in priority order
   * @param preference the started preference, closed with the last front door
   * @param writePolicy the write policy
   * @param minimumDwell the minimum time on a healthy region before moving
   * @param events where to report
   */
  public RoutingCore(
      List<RegionState> regions,
      RegionPreference preference,
      WritePolicy writePolicy,
      Duration minimumDwell,
      Events events) {
    this.regions = List.copyOf(regions);
    Map<String, RegionState> map = new LinkedHashMap<>();
    regions.forEach(r -> map.put(r.id(), r));
    this.byId = map;
    this.preference = preference;
    this.events = events;
    this.router = new Router(this.regions, preference, events, minimumDwell);
    this.pins = new RegionPins(RegionPins.DEFAULT_CAPACITY);
    this.planner = new CallPlanner(router, pins, writePolicy);
    this.results = new ResultMapper(pins);
  }

  /**
   * Starts one call of the application.
   *
   * @param request the application's request, with logical names
   * @return the call
   * @throws io.github.s3failover.RegionBoundException if the call may go nowhere (a PRIMARY_ONLY
   *     write while the preference has lost its answer)
   */
  public Call start(S3Request request) {
    return new Call(this, request);
  }

  /**
   * Returns the region a call of this request would be sent to first now, without taking a breaker
   * permit or recording anything: for a front door that does not send the call itself (a presigner
   * hands out a URL). It is the first region of the call's plan (write policy, upload pins and
   * conditions included) whose breaker is not open, or the plan's first when all are open.
   *
   * @param request the application's request, with logical names
   * @return the region
   * @throws io.github.s3failover.RegionBoundException if the call may go nowhere (a PRIMARY_ONLY
   *     write while the preference has lost its answer)
   */
  public RegionState firstRegionFor(S3Request request) {
    OperationInfo info = OperationInfo.of(request);
    CallPlanner.Plan plan = planner.plan(info, request);
    if (plan.regions.isEmpty()) {
      throw planner.preferenceLost(info, plan);
    }
    for (RegionState region : plan.regions) {
      if (!region.isOpen()) {
        return region;
      }
    }
    return plan.regions.get(0);
  }

  /**
   * Returns the regions in priority order.
   *
   * @return the regions
   */
  public List<RegionState> regions() {
    return regions;
  }

  /**
   * Returns a region by id.
   *
   * @param id a region id
   * @return the region, or null
   */
  public RegionState region(String id) {
    return byId.get(id);
  }

  /**
   * Returns a region by id, for a front door's methods that name one.
   *
   * @param id a region id
   * @return the region
   * @throws IllegalArgumentException naming the configured regions if there is none with this id
   */
  public RegionState requireRegion(String id) {
    RegionState region = byId.get(id);
    if (region == null) {
      throw new IllegalArgumentException(
          "no region '"
              + id
              + "'; configured regions: "
              + regions.stream().map(RegionState::id).toList());
    }
    return region;
  }

  /**
   * Returns where calls go now: preferred region, active region and each breaker's state.
   *
   * @return a snapshot
   */
  public FailoverStatus status() {
    Map<String, CircuitBreaker.State> breakers = new LinkedHashMap<>();
    regions.forEach(r -> breakers.put(r.id(), r.breaker().getState()));
    RegionState active = router.active();
    return new FailoverStatus(
        router.preferred().id(),
        active == null ? null : active.id(),
        Collections.unmodifiableMap(breakers));
  }

  /**
   * Returns the router.
   *
   * @return the router
   */
  public Router router() {
    return router;
  }

  /**
   * Returns the region calls go to first now: the active one, or the preferred one before the first
   * call.
   *
   * @return the region in use
   */
  public RegionState current() {
    RegionState active = router.active();
    return active == null ? router.preferred() : active;
  }

  /**
   * Returns where events go.
   *
   * @return the events
   */
  public Events events() {
    return events;
  }

  /**
   * Returns the preference.
   *
   * @return the preference
   */
  public RegionPreference preference() {
    return preference;
  }

  CallPlanner planner() {
    return planner;
  }

  RegionPins pins() {
    return pins;
  }

  ResultMapper results() {
    return results;
  }

  /** Another front door shares these rules; each calls {@link #release()} when it closes. */
  public void retain() {
    if (users.getAndIncrement() <= 0) {
      users.decrementAndGet();
      throw new IllegalStateException("the failover client these rules belong to is closed");
    }
  }

  /** A front door is done; the last one closes the preference. */
  public void release() {
    if (users.decrementAndGet() == 0) {
      preference.close();
    }
  }
}
