package io.github.s3failover.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.AllRegionsFailedException;
import io.github.s3failover.RegionAttempt;
import io.github.s3failover.WritePolicy;
import io.github.s3failover.event.CallCompletedEvent;
import io.github.s3failover.event.CallFailedOverEvent;
import io.github.s3failover.event.CallOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
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
  private volatile Function<GetObjectRequest, ResponseInputStream<GetObjectResponse>> resumer;

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
    long start = System.nanoTime();
    List<RegionAttempt> attempts = new ArrayList<>(2);
    RegionHandle last = plan.regions.get(0);
    boolean triedAny = false;
    try {
      for (RegionHandle region : plan.regions) {
        if (!region.breaker().tryAcquirePermission()) {
          attempts.add(new RegionAttempt(region.id(), false, notPermitted(region)));
          continue;
        }
        triedAny = true;
        last = region;
        Object result = attempt(region, info, plan, request, operation, attempts, true);
        if (result != MOVE_ON) {
          completed(info, region, CallOutcome.SUCCESS, attempts, start);
          return cast(result);
        }
      }
      if (!triedAny && allOpen()) {
        // Panic mode: every breaker is open. Trying the preferred region beats failing untried.
        last = plan.regions.get(0);
        Object result = attempt(last, info, plan, request, operation, attempts, false);
        if (result != MOVE_ON) {
          completed(info, last, CallOutcome.SUCCESS, attempts, start);
          return cast(result);
        }
      }
    } catch (ClientAnswer answer) {
      completed(info, answer.region, CallOutcome.CLIENT_ERROR, attempts, start);
      throw answer.error;
    } catch (RuntimeException e) {
      completed(info, last, CallOutcome.FAILURE, attempts, start);
      throw e;
    }
    completed(info, last, CallOutcome.FAILURE, attempts, start);
    if (plan.boundBy != null) {
      throw planner.bound(info, plan, last, attempts, null);
    }
    throw new AllRegionsFailedException(info.name, attempts);
  }

  @SuppressWarnings("unchecked") // the result of operation.apply, mapped to its own class
  private static <R> R cast(Object result) {
    return (R) result;
  }

  /**
   * Tries one region. Returns the result on success. On a regional failure, appends it to {@code
   * attempts} and returns {@link #MOVE_ON} when the call may go on elsewhere; throws when it may
   * not. A region's answer that is not a regional failure (404, 403, throttling) is thrown as a
   * {@link ClientAnswer}.
   */
  private <T extends S3Request, R> Object attempt(
      RegionHandle region,
      OperationInfo info,
      CallPlanner.Plan plan,
      T request,
      Function<T, R> operation,
      List<RegionAttempt> attempts,
      boolean permitted) {
    CircuitBreaker breaker = region.breaker();
    T regional = region.buckets().toRegion(request, info);
    Attempt attempt = new Attempt(region.client());
    long start = System.nanoTime();
    R result;
    try {
      result = Dispatcher.bound(attempt, () -> operation.apply(regional));
    } catch (Error e) {
      if (permitted) {
        breaker.releasePermission(); // a half-open breaker must not lose its probe permits
      }
      throw e;
    } catch (RuntimeException e) {
      long elapsed = System.nanoTime() - start;
      if (!FailureClassifier.isRegional(e)) {
        if (permitted) {
          breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
        }
        throw new ClientAnswer(region, annotateLag(e, region, plan, attempts));
      }
      if (permitted) {
        breaker.onError(elapsed, TimeUnit.NANOSECONDS, e);
      }
      attempts.add(new RegionAttempt(region.id(), true, e));
      RegionHandle next = nextAfter(plan, region);
      if (plan.boundBy != null) {
        throw planner.bound(info, plan, region, attempts, attempt);
      }
      if (next != null && !attempt.bodyReplayable()) {
        throw planner.notReplayable(info, region, next, attempts, attempt);
      }
      if (next != null && !attempt.responseUntouched()) {
        throw planner.partialResponse(info, region, attempts, attempt);
      }
      if (next != null) {
        LOG.debug("s3-failover: {} failed in region {}, trying {}", info.name, region, next, e);
        if (events.hasListeners()) {
          events.publish(
              new CallFailedOverEvent(
                  events.clock().instant(), info.name, region.id(), next.id(), e));
        }
      }
      return MOVE_ON;
    }
    if (permitted) {
      breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
    remember(info, region, regional, result);
    if (result instanceof ResponseInputStream && request instanceof GetObjectRequest) {
      return resumable((GetObjectRequest) request, region, (ResponseInputStream<?>) result);
    }
    return region.buckets().toApplication(result);
  }

  /**
   * Lets the application's stream survive a connection that breaks mid-body: the rest is asked for
   * through the failover client (see {@link ResumingInputStream}).
   */
  private Object resumable(
      GetObjectRequest request, RegionHandle region, ResponseInputStream<?> result) {
    Function<GetObjectRequest, ResponseInputStream<GetObjectResponse>> resume = resumer;
    if (resume == null || !(result.response() instanceof GetObjectResponse)) {
      return result;
    }
    GetObjectResponse response = (GetObjectResponse) result.response();
    Runnable onBreak =
        () -> region.breaker().onError(0, TimeUnit.NANOSECONDS, new IOException("body broke"));
    ResumingInputStream body = ResumingInputStream.wrap(request, response, result, resume, onBreak);
    return body == null
        ? result
        : new ResponseInputStream<>(response, AbortableInputStream.create(body, body));
  }

  /**
   * Sets how a broken GetObject body asks for the rest: the failover client's own getObject.
   *
   * @param resume the failover client's {@code getObject(GetObjectRequest)}
   */
  public void resumeWith(
      Function<GetObjectRequest, ResponseInputStream<GetObjectResponse>> resume) {
    this.resumer = resume;
  }

  private void remember(OperationInfo info, RegionHandle region, S3Request request, Object result) {
    if (result instanceof CreateMultipartUploadResponse) {
      pins.pinUpload(((CreateMultipartUploadResponse) result).uploadId(), region);
    } else if (result instanceof ListObjectsV2Response) {
      pins.pinToken(((ListObjectsV2Response) result).nextContinuationToken(), region);
    } else if (info.name.equals("CompleteMultipartUpload")
        || info.name.equals("AbortMultipartUpload")) {
      pins.unpinUpload(OperationInfo.stringValue(info.uploadId, request));
    }
  }

  /**
   * A 404 from a region that is not the preferred one, while the preferred one could not answer,
   * may only mean that replication has not caught up: say so, and which region answered.
   */
  private RuntimeException annotateLag(
      RuntimeException e,
      RegionHandle region,
      CallPlanner.Plan plan,
      List<RegionAttempt> attempts) {
    if (!FailureClassifier.isNotFound(e)
        || region == plan.preferred
        || !(e instanceof AwsServiceException)
        || (attempts.isEmpty() && plan.preferred.isClosed())) {
      return e;
    }
    AwsServiceException service = (AwsServiceException) e;
    String note =
        " [s3-failover: answered by region '"
            + region.id()
            + "' because the preferred region '"
            + plan.preferred.id()
            + "' could not answer; the object may exist there and not be replicated yet]";
    AwsServiceException annotated = service.toBuilder().message(messageOf(service) + note).build();
    attempts.forEach(a -> annotated.addSuppressed(a.failure()));
    return annotated;
  }

  private static String messageOf(AwsServiceException e) {
    return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
        ? e.awsErrorDetails().errorMessage()
        : "Not Found";
  }

  private static RegionHandle nextAfter(CallPlanner.Plan plan, RegionHandle region) {
    int i = plan.regions.indexOf(region);
    for (int j = i + 1; j < plan.regions.size(); j++) {
      RegionHandle candidate = plan.regions.get(j);
      if (!candidate.isOpen()) {
        return candidate;
      }
    }
    return null;
  }

  private boolean allOpen() {
    for (RegionHandle region : router.regions()) {
      if (!region.isOpen()) {
        return false;
      }
    }
    return true;
  }

  private static Throwable notPermitted(RegionHandle region) {
    return new IllegalStateException("circuit breaker " + region.breaker().getState());
  }

  private void completed(
      OperationInfo info,
      RegionHandle region,
      CallOutcome outcome,
      List<RegionAttempt> attempts,
      long startNanos) {
    if (events.hasListeners()) {
      int tried = (int) attempts.stream().filter(RegionAttempt::tried).count();
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
}
