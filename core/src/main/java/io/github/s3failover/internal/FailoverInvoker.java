package io.github.s3failover.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.AllRegionsFailedException;
import io.github.s3failover.RegionAttempt;
import io.github.s3failover.WritePolicy;
import io.github.s3failover.event.CallCompletedEvent;
import io.github.s3failover.event.CallFailedOverEvent;
import io.github.s3failover.event.CallOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Runs one call: asks the {@link CallPlanner} where it may go, tries the regions in order, records
 * each outcome on the region's circuit breaker, and moves the call on after a regional failure when
 * the rules allow it (see DESIGN.md, "What may move region").
 */
public final class FailoverInvoker {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverInvoker.class);
  private static final Object MOVE_ON = new Object();

  private final CallPlanner planner;
  private final Router router;
  private final RegionPins pins;
  private final Events events;
  private final Responses responses;

  /**
   * Creates the invoker.
   *
   * @param router the router
   * @param writePolicy the write policy
   * @param events where to report
   */
  public FailoverInvoker(Router router, WritePolicy writePolicy, Events events) {
    this.router = router;
    this.pins = new RegionPins(RegionPins.DEFAULT_CAPACITY);
    this.planner = new CallPlanner(router, pins, writePolicy);
    this.events = events;
    this.responses = new Responses(pins);
  }

  /**
   * Sets how a broken GetObject body asks for the rest: the failover client's own getObject.
   *
   * @param resume the failover client's {@code getObject(GetObjectRequest)}
   */
  public void resumeWith(
      Function<GetObjectRequest, ResponseInputStream<GetObjectResponse>> resume) {
    responses.resumeWith(resume);
  }

  /**
   * Runs one operation of the S3 API with failover.
   *
   * @param request the application's request, with logical bucket names
   * @param operation the operation, bound to the dispatching delegate
   * @param <T> the request type
   * @param <R> the result type
   * @return the result, with logical bucket names
   */
  public <T extends S3Request, R> R invoke(T request, Function<T, R> operation) {
    OperationInfo info = OperationInfo.of(request);
    CallPlanner.Plan plan = planner.plan(info, request);
    if (plan.regions.isEmpty()) {
      throw planner.preferenceLost(info, plan);
    }
    T prepared = ContinuationTokens.withRawToken(request, info, plan.rawToken);
    long start = System.nanoTime();
    List<RegionAttempt> attempts = new ArrayList<>(2);
    RegionHandle last = plan.regions.get(0);
    boolean triedAny = false;
    try {
      for (int i = 0; i < plan.regions.size(); i++) {
        RegionHandle region = plan.regions.get(i);
        if (!acquire(region)) {
          attempts.add(new RegionAttempt(region.id(), false, new BreakerRefusal(region)));
          continue;
        }
        triedAny = true;
        last = region;
        boolean more = i < plan.regions.size() - 1;
        Object result = attempt(region, info, plan, request, prepared, operation, attempts, more);
        if (result != MOVE_ON) {
          completed(info, region, CallOutcome.SUCCESS, attempts, start);
          return cast(result);
        }
      }
      if (!triedAny && allOpen()) {
        // Panic mode: every breaker is open. Trying the preferred region beats failing untried.
        last = plan.regions.get(0);
        Object result = attempt(last, info, plan, request, prepared, operation, attempts, false);
        if (result != MOVE_ON) {
          completed(info, last, CallOutcome.SUCCESS, attempts, start);
          return cast(result);
        }
      }
    } catch (ClientAnswer answer) {
      return answered(answer, info, plan, request, prepared, operation, attempts, start);
    } catch (RuntimeException e) {
      completed(info, last, CallOutcome.FAILURE, attempts, start);
      throw e;
    }
    completed(info, last, CallOutcome.FAILURE, attempts, start);
    if (plan.boundBy != null) {
      throw planner.bound(info, plan, last, attempts);
    }
    throw new AllRegionsFailedException(info.name, attempts);
  }

  /**
   * A region answered with an error that is not a regional failure. A 404 to a read from a region
   * that is not the preferred one is asked again of the preferred region: writes go there at once,
   * while reads may be held elsewhere by the dwell time, and an application must read its own
   * writes. Otherwise the error goes to the application, marked as possible replication lag when it
   * came from a region that is not the preferred one.
   */
  private <T extends S3Request, R> R answered(
      ClientAnswer answer,
      OperationInfo info,
      CallPlanner.Plan plan,
      T request,
      T prepared,
      Function<T, R> operation,
      List<RegionAttempt> attempts,
      long start) {
    ClientAnswer last = answer;
    RegionHandle preferred = plan.preferred;
    if (FailureClassifier.isNotFound(answer.error)
        && info.kind == OperationKind.READ
        && plan.boundBy == null
        && answer.region != preferred
        && attempts.stream().noneMatch(a -> a.tried() && a.region().equals(preferred.id()))
        && !preferred.isOpen()
        && acquire(preferred)) {
      try {
        Object result =
            attempt(preferred, info, plan, request, prepared, operation, attempts, false);
        if (result != MOVE_ON) {
          completed(info, preferred, CallOutcome.SUCCESS, attempts, start);
          return cast(result);
        }
      } catch (ClientAnswer second) {
        last = second;
      } catch (RuntimeException e) {
        LOG.debug("s3-failover: {} in the preferred region after a 404 failed", info.name, e);
      }
    }
    completed(info, last.region, CallOutcome.CLIENT_ERROR, attempts, start);
    throw last.region == preferred
        ? last.error
        : ReplicationLag.annotate(last.error, last.region, preferred, attempts);
  }

  private boolean acquire(RegionHandle region) {
    boolean permitted = region.breaker().tryAcquirePermission();
    region.noteBreakerState(events);
    return permitted;
  }

  @SuppressWarnings("unchecked") // the result of operation.apply, mapped to its own class
  private static <R> R cast(Object result) {
    return (R) result;
  }

  /**
   * Tries one region, holding a permit of its breaker. Returns the result on success. On a regional
   * failure, appends it to {@code attempts} and returns {@link #MOVE_ON} when the call may go on
   * elsewhere; throws when it may not. A region's answer that is not a regional failure (404, 403,
   * throttling), or a failure of the application's own making, is thrown as a {@link ClientAnswer}.
   */
  private <T extends S3Request, R> Object attempt(
      RegionHandle region,
      OperationInfo info,
      CallPlanner.Plan plan,
      T request,
      T prepared,
      Function<T, R> operation,
      List<RegionAttempt> attempts,
      boolean moreRegions) {
    CircuitBreaker breaker = region.breaker();
    T regional = region.buckets().toRegion(prepared, info);
    Attempt attempt = new Attempt(region.client());
    long start = System.nanoTime();
    R result;
    try {
      result = Dispatcher.bound(attempt, () -> operation.apply(regional));
    } catch (Error e) {
      breaker.releasePermission(); // a half-open breaker must not lose its probe permits
      throw e;
    } catch (RuntimeException e) {
      long elapsed = System.nanoTime() - start;
      if (attempt.applicationFailed() || FailureClassifier.isAborted(e)) {
        // The transformer or the caller's thread failed, not the region: nothing to record.
        breaker.releasePermission();
        throw new ClientAnswer(region, e);
      }
      if (!FailureClassifier.isRegional(e)) {
        breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
        region.noteBreakerState(events);
        throw new ClientAnswer(region, e);
      }
      breaker.onError(elapsed, TimeUnit.NANOSECONDS, e);
      region.noteBreakerState(events);
      attempts.add(new RegionAttempt(region.id(), true, e));
      if (plan.boundBy != null) {
        throw planner.bound(info, plan, region, attempts);
      }
      // Decided before looking at the next region's state: a breaker that is open now may admit
      // the call a moment later, when its wait is over.
      if (moreRegions && !attempt.bodyReplayable()) {
        throw planner.notReplayable(info, region, attempts, attempt);
      }
      if (moreRegions && !attempt.responseUntouched()) {
        throw planner.partialResponse(info, region, attempts, attempt);
      }
      if (moreRegions) {
        LOG.debug("s3-failover: {} failed in region {}, trying the next", info.name, region, e);
        if (events.hasListeners()) {
          events.publish(
              new CallFailedOverEvent(
                  events.clock().instant(), info.name, region.id(), nextId(plan, region), e));
        }
      }
      return MOVE_ON;
    }
    breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    region.noteBreakerState(events);
    return responses.toApplication(info, region, request, regional, result);
  }

  private static String nextId(CallPlanner.Plan plan, RegionHandle region) {
    int i = plan.regions.indexOf(region);
    return i + 1 < plan.regions.size() ? plan.regions.get(i + 1).id() : null;
  }

  private boolean allOpen() {
    for (RegionHandle region : router.regions()) {
      if (!region.isOpen()) {
        return false;
      }
    }
    return true;
  }

  private void completed(
      OperationInfo info,
      RegionHandle region,
      CallOutcome outcome,
      List<RegionAttempt> attempts,
      long startNanos) {
    if (events.hasListeners()) {
      int tried = 0;
      for (RegionAttempt a : attempts) {
        tried += a.tried() ? 1 : 0;
      }
      if (outcome != CallOutcome.FAILURE) {
        tried++;
      }
      events.publish(
          new CallCompletedEvent(
              events.clock().instant(),
              info.name,
              region.id(),
              outcome,
              Math.max(tried, 1),
              Duration.ofNanos(System.nanoTime() - startNanos)));
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("s3-failover: {} {} in region {}", info.name, outcome, region);
    }
  }

  /** A region's answer that goes to the application as it is. */
  private static final class ClientAnswer extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient RegionHandle region;
    final RuntimeException error;

    ClientAnswer(RegionHandle region, RuntimeException error) {
      super(null, null, false, false);
      this.region = region;
      this.error = error;
    }
  }

  /** Why a region was not tried; cheap, since it is built on every call while a breaker is open. */
  private static final class BreakerRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BreakerRefusal(RegionHandle region) {
      super("circuit breaker " + region.breaker().getState(), null, false, false);
    }
  }
}
