package io.github.s3failover.internal.routing;

import io.github.s3failover.AllRegionsFailedException;
import io.github.s3failover.RegionAttempt;
import io.github.s3failover.event.CallCompletedEvent;
import io.github.s3failover.event.CallFailedOverEvent;
import io.github.s3failover.event.CallOutcome;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.InternalApi;
import io.github.s3failover.internal.health.RegionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * The decisions of one application call, apart from how its attempts run: which region to try next
 * (holding a breaker permit, or none in panic mode), what each outcome means for the region's
 * breaker, and whether the call goes on elsewhere or ends with which error. Every front door runs
 * the same loop:
 *
 * <pre>{@code
 * Call call = core.start(request);
 * for (RegionState region; (region = call.next()) != null; ) {
 *   try {
 *     return call.succeeded(region, nanos, sent, run(region, call.requestFor(region)));
 *   } catch (RuntimeException e) {
 *     Step step = call.failed(region, nanos, e, facts);
 *     if (step.ends()) throw step.error();
 *   }
 * }
 * throw call.exhausted();
 * }</pre>
 *
 * <p>Not thread-safe: one call, one attempt at a time, except that a hedge (see {@link
 * #nextHedge()}) may race the attempt in flight; each holds its own permit, and the front door
 * calls this class from one thread at a time (the sync client's hedger thread takes the hedge's
 * decisions while the caller is inside the SDK, handing the call over under a lock).
 */
@InternalApi
public final class Call {
  private static final Logger LOG = LoggerFactory.getLogger(Call.class);

  private final RoutingCore core;
  private final Events events;
  private final OperationInfo info;
  private final S3Request request;
  private final S3Request prepared;
  private final List<RegionAttempt> attempts = new ArrayList<>(2);
  private final long startNanos = System.nanoTime();
  private CallPlanner.Plan plan;
  private int index;
  private boolean triedAny;
  private boolean panicked;
  private RegionState inFlight;
  private boolean permitHeld;
  private RegionState last;
  private boolean ended;

  /** The region of a hedge racing the attempt in flight, and whether it holds a permit. */
  private RegionState hedge;

  private boolean hedgePermit;

  /** The preferred region, to be asked again after another region answered 404. */
  private RegionState reask;

  /** The answer held while the preferred region is asked again, and who gave it. */
  private RuntimeException heldAnswer;

  private RegionState heldAnswerRegion;

  Call(RoutingCore core, S3Request request) {
    this.core = core;
    this.events = core.events();
    this.info = OperationInfo.of(request);
    this.request = request;
    this.plan = core.planner().plan(info, request);
    if (plan.regions.isEmpty()) {
      throw core.planner().preferenceLost(info, plan);
    }
    this.prepared = ContinuationTokens.withRawToken(request, info, plan.rawToken);
    this.last = plan.regions.get(0);
  }

  /**
   * Returns what is known of the operation.
   *
   * @return the operation's information
   */
  public OperationInfo info() {
    return info;
  }

  /**
   * Whether the call names a multipart upload that no region is remembered to have created (it was
   * created by another instance, or before a restart): the front door should {@link
   * #uploadSearchOrder() ask the regions} before the first attempt.
   *
   * @return true if the upload's region is unknown
   */
  public boolean uploadUnknown() {
    return plan.uploadUnknown;
  }

  /**
   * Returns the regions to ask for the upload, the preferred one first; regions whose breaker is
   * open are left out.
   *
   * @return the regions to ask, in order
   */
  public List<RegionState> uploadSearchOrder() {
    List<RegionState> order = new ArrayList<>(core.regions().size());
    order.add(plan.preferred);
    for (RegionState region : core.regions()) {
      if (region != plan.preferred) {
        order.add(region);
      }
    }
    order.removeIf(RegionState::isOpen);
    return order;
  }

  /**
   * Returns the request that asks one region whether it knows the call's upload: the in-progress
   * uploads of the call's key, in that region's bucket. (ListParts would be cheaper, but some
   * S3-compatible servers answer it for any upload id.)
   *
   * @param region the region to ask
   * @return the request
   */
  public ListMultipartUploadsRequest uploadProbe(RegionState region) {
    return ListMultipartUploadsRequest.builder()
        .bucket(region.buckets().physical(info.bucket(request)))
        .prefix(info.key(request))
        .build();
  }

  /**
   * Whether a region's answer to {@link #uploadProbe} lists the call's upload.
   *
   * @param answer the region's answer
   * @return true if the region knows the upload
   */
  public boolean knowsUpload(ListMultipartUploadsResponse answer) {
    String uploadId = info.uploadId(request);
    String key = info.key(request);
    return answer.hasUploads()
        && answer.uploads().stream()
            .anyMatch(u -> uploadId.equals(u.uploadId()) && (key == null || key.equals(u.key())));
  }

  /**
   * Binds the call, and later calls with the same upload id, to the region that knows the upload.
   *
   * @param region the region that lists the upload
   */
  public void uploadFound(RegionState region) {
    core.pins().pinUpload(info.uploadId(request), region);
    plan = plan.withUploadRegion(region);
    last = region;
    LOG.debug("s3-failover: upload {} was found in region {}", info.uploadId(request), region.id());
  }

  /**
   * Returns the next region to try, or null when there is none left (then throw {@link
   * #exhausted()}). The region's breaker has given a permit, except in panic mode (every breaker
   * open), where the call holds none and its outcome is not recorded.
   *
   * @return the region, or null (always null once the call has ended)
   */
  public RegionState next() {
    if (ended) {
      return null;
    }
    if (reask != null) {
      RegionState region = reask;
      reask = null;
      return begin(region, true);
    }
    while (index < plan.regions.size()) {
      RegionState region = plan.regions.get(index++);
      if (region.tryAcquirePermit(events)) {
        return begin(region, true);
      }
      attempts.add(new RegionAttempt(region.id(), false, new BreakerRefusal(region)));
    }
    if (!triedAny && !panicked && core.router().allOpen()) {
      // Panic mode: every breaker is open. Trying beats failing untried, but not in a region an
      // operator forced open.
      panicked = true;
      RegionState target = Router.panicTarget(plan.regions);
      if (!target.isForcedOpen()) {
        return begin(target, false);
      }
    }
    return null;
  }

  private RegionState begin(RegionState region, boolean permit) {
    triedAny = true;
    inFlight = region;
    permitHeld = permit;
    last = region;
    return region;
  }

  /**
   * Returns the request to send to a region: its bucket names and accounts, and the region's own
   * continuation token.
   *
   * @param region the region of the attempt
   * @param <T> the request type
   * @return the request for that region
   */
  @SuppressWarnings("unchecked") // the prepared request is the application's, of class T
  public <T extends S3Request> T requestFor(RegionState region) {
    return (T) region.buckets().toRegion(prepared, info);
  }

  /**
   * Records a successful attempt and returns what the application gets.
   *
   * @param region the region that served
   * @param nanos how long the attempt took
   * @param sent the request sent to the region
   * @param result the region's result
   * @return the result with the application's names (streams pass through unchanged)
   */
  public Object succeeded(RegionState region, long nanos, S3Request sent, Object result) {
    if (region == hedge ? hedgePermit : permitHeld) {
      region.recordSuccess(nanos, events);
    }
    hedge = null;
    inFlight = null;
    last = region;
    completed(region, CallOutcome.SUCCESS);
    return core.results().toApplication(info, region, request, sent, result);
  }

  /**
   * Records a failed attempt and says whether the call goes on in the next region.
   *
   * @param region the region of the attempt
   * @param nanos how long the attempt took
   * @param error what failed (unwrapped from any CompletionException)
   * @param facts what the attempt observed of the application's side
   * @return the step to take
   */
  public Step failed(RegionState region, long nanos, Throwable error, AttemptFacts facts) {
    boolean permit = region == hedge ? hedgePermit : permitHeld;
    hedge = null;
    inFlight = null;
    switch (FailureClassifier.classify(error, facts)) {
      case LOCAL:
        if (permit) {
          region.releasePermit();
        }
        if (FailureClassifier.isPoolExhausted(error)) {
          region.warnPoolExhausted(error);
        }
        completed(region, CallOutcome.CLIENT_ERROR);
        return Step.fail(error);
      case ANSWER:
        if (permit) {
          region.recordSuccess(nanos, events);
        }
        return answered(region, asRuntime(error));
      case REGIONAL:
      default:
        if (permit) {
          region.recordFailure(nanos, error, events);
        }
        attempts.add(new RegionAttempt(region.id(), true, error));
        return regionalFailure(region, facts);
    }
  }

  private Step regionalFailure(RegionState region, AttemptFacts facts) {
    if (heldAnswer != null) {
      LOG.debug("s3-failover: {} in the preferred region after a 404 failed", info.name());
      return endWithHeldAnswer();
    }
    if (plan.boundBy != null) {
      completed(region, CallOutcome.FAILURE);
      return Step.fail(core.planner().bound(info, plan, region, attempts));
    }
    // Decided before looking at the next region's state: a breaker that is open now may admit
    // the call a moment later, when its wait is over.
    boolean more = index < plan.regions.size();
    if (more && !facts.bodyReplayable()) {
      completed(region, CallOutcome.FAILURE);
      return Step.fail(core.planner().notReplayable(info, region, attempts, facts));
    }
    if (more && !facts.responseUntouched()) {
      completed(region, CallOutcome.FAILURE);
      return Step.fail(core.planner().partialResponse(info, region, attempts, facts));
    }
    if (more) {
      String next = plan.regions.get(index).id();
      LOG.debug("s3-failover: {} failed in region {}, trying {}", info.name(), region, next);
      if (events.hasListeners()) {
        Throwable cause = attempts.get(attempts.size() - 1).failure();
        events.publish(
            new CallFailedOverEvent(
                events.clock().instant(), info.name(), region.id(), next, cause));
      }
    }
    return Step.next();
  }

  /**
   * A region answered with an error that is not a regional failure. A 404 to a read from a region
   * that is not the preferred one is asked again of the preferred region: writes go there at once,
   * while reads may be held elsewhere by the dwell time, and an application must read its own
   * writes. Otherwise the error goes to the application, marked as possible replication lag when it
   * came from a region that is not the preferred one.
   */
  private Step answered(RegionState region, RuntimeException error) {
    RegionState preferred = plan.preferred;
    if (heldAnswer != null) {
      // The preferred region's own answer to the second asking stands as it is.
      completed(region, CallOutcome.CLIENT_ERROR);
      return Step.fail(error);
    }
    if (FailureClassifier.isNotFound(error)
        && info.kind() == OperationKind.READ
        && plan.boundBy == null
        && region != preferred
        && attempts.stream().noneMatch(a -> a.tried() && a.region().equals(preferred.id()))
        && !preferred.isOpen()
        && preferred.tryAcquirePermit(events)) {
      heldAnswer = error;
      heldAnswerRegion = region;
      reask = preferred;
      return Step.next();
    }
    heldAnswer = error;
    heldAnswerRegion = region;
    return endWithHeldAnswer();
  }

  private Step endWithHeldAnswer() {
    completed(heldAnswerRegion, CallOutcome.CLIENT_ERROR);
    return Step.fail(
        heldAnswerRegion == plan.preferred
            ? heldAnswer
            : ReplicationLag.annotate(heldAnswer, heldAnswerRegion, plan.preferred, attempts));
  }

  /**
   * Whether the call may be hedged: a read that no region binds (no upload id, no continuation
   * token), outside panic mode.
   *
   * @return true if a hedge may race the attempt in flight
   */
  public boolean hedgeable() {
    return info.kind() == OperationKind.READ && plan.boundBy == null && permitHeld;
  }

  /**
   * Returns the region for a hedge of the attempt in flight: the next region of the order whose
   * breaker gives a permit, which the call then does not try again; or null if there is none. While
   * both race, the call's methods still run on one thread at a time.
   *
   * @return the region, or null
   */
  public RegionState nextHedge() {
    while (index < plan.regions.size()) {
      RegionState region = plan.regions.get(index++);
      if (region.tryAcquirePermit(events)) {
        hedge = region;
        hedgePermit = true;
        return region;
      }
      attempts.add(new RegionAttempt(region.id(), false, new BreakerRefusal(region)));
    }
    return null;
  }

  /**
   * Records that the hedge won while the attempt in flight had not answered (or had failed
   * regionally): the region that was outrun counts it as a regional failure, so that a dark or
   * browned-out region is left after a few hedged reads rather than after its timeouts.
   *
   * @param region the region of the attempt in flight
   * @param nanos how long it had run
   * @param failure its regional failure, or null if it had not answered
   */
  public void outrun(RegionState region, long nanos, Throwable failure) {
    Throwable cause = failure != null ? failure : new Outrun(region, nanos);
    if (region == inFlight && permitHeld) {
      region.recordFailure(nanos, cause, events);
    }
    inFlight = null;
    attempts.add(new RegionAttempt(region.id(), true, cause));
  }

  /**
   * Records the end of a hedge that did not win: a regional failure counts against its region; an
   * answer, a cancellation or a lost race gives its permit back.
   *
   * @param nanos how long the hedge ran
   * @param failure its failure, or null if it lost the race or was cancelled
   * @param facts what the hedge observed of the application's side
   */
  public void hedgeEnded(long nanos, Throwable failure, AttemptFacts facts) {
    RegionState region = hedge;
    if (region == null) {
      return;
    }
    boolean regional =
        failure != null
            && FailureClassifier.classify(failure, facts) == FailureClassifier.Verdict.REGIONAL;
    if (hedgePermit) {
      if (regional) {
        region.recordFailure(nanos, failure, events);
      } else {
        region.releasePermit();
      }
    }
    if (regional) {
      attempts.add(new RegionAttempt(region.id(), true, failure));
    }
    hedge = null;
  }

  /**
   * Gives back the permit of the attempt in flight, which ended without saying anything about the
   * region (the application cancelled it, or the JVM threw an Error).
   */
  public void abandon() {
    if (inFlight != null && permitHeld) {
      inFlight.releasePermit();
    }
    inFlight = null;
  }

  /**
   * Returns the error that ends a call with no region left to try.
   *
   * @return the error: the region-bound reason if the call was bound, else every region's failure
   */
  public RuntimeException exhausted() {
    completed(last, CallOutcome.FAILURE);
    if (plan.boundBy != null) {
      return core.planner().bound(info, plan, last, attempts);
    }
    return new AllRegionsFailedException(info.name(), attempts);
  }

  private void completed(RegionState region, CallOutcome outcome) {
    ended = true;
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
              info.name(),
              region.id(),
              outcome,
              Math.max(tried, 1),
              Duration.ofNanos(System.nanoTime() - startNanos)));
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("s3-failover: {} {} in region {}", info.name(), outcome, region);
    }
  }

  private static RuntimeException asRuntime(Throwable t) {
    return t instanceof RuntimeException
        ? (RuntimeException) t
        : SdkClientException.builder().message(String.valueOf(t.getMessage())).cause(t).build();
  }

  /** A first region that had not answered when a hedge in another region did. */
  private static final class Outrun extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Outrun(RegionState region, long nanos) {
      super(
          "no answer from region "
              + region
              + " after "
              + nanos / 1_000_000
              + " ms: outrun by a hedge",
          null,
          false,
          false);
    }
  }

  /** Why a region was not tried; cheap, since it is built on every call while a breaker is open. */
  private static final class BreakerRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BreakerRefusal(RegionState region) {
      super("circuit breaker " + region.breaker().getState(), null, false, false);
    }
  }
}
