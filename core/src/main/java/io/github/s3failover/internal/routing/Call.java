package io.github.s3failover.internal.routing;

import io.github.s3failover.AllRegionsFailedException;
import io.github.s3failover.RegionAttempt;
import io.github.s3failover.event.CallOutcome;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.InternalApi;
import io.github.s3failover.internal.health.RegionState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *
 * <p>This class keeps the order of regions and the permit of the attempt in flight; what the call
 * went through and how it is told is a {@code CallRecord}, the hedge's side a {@code HedgeSlot},
 * the end on a region's answer (and the second asking after a 404) a {@code HeldAnswer}, the search
 * for an upload's region an {@code UploadSearch}.
 */
@InternalApi
public final class Call {
  private static final Logger LOG = LoggerFactory.getLogger(Call.class);

  private final RoutingCore core;
  private final Events events;
  private final OperationInfo info;
  private final S3Request request;
  private final S3Request prepared;
  private final CallRecord record;
  private CallPlanner.Plan plan;
  private int index;
  private boolean triedAny;
  private boolean panicked;
  private RegionState inFlight;
  private boolean permitHeld;
  private RegionState last;

  /** The hedge racing the attempt in flight; made by the first {@link #nextHedge()}. */
  private HedgeSlot hedge;

  /** The answer that ends the call, or is held for a second asking; made on the first answer. */
  private HeldAnswer answer;

  Call(RoutingCore core, S3Request request) {
    this.core = core;
    this.events = core.events();
    this.info = OperationInfo.of(request);
    this.request = request;
    this.record = new CallRecord(events, info);
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
    return UploadSearch.order(core.regions(), plan.preferred);
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
    return UploadSearch.probe(info, request, region);
  }

  /**
   * Whether a region's answer to {@link #uploadProbe} lists the call's upload.
   *
   * @param answer the region's answer
   * @return true if the region knows the upload
   */
  public boolean knowsUpload(ListMultipartUploadsResponse answer) {
    return UploadSearch.knows(info, request, answer);
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
    if (record.ended()) {
      return null;
    }
    RegionState reask = answer != null ? answer.takeReask() : null;
    if (reask != null) {
      return begin(reask, true);
    }
    RegionState permitted = nextPermitted();
    if (permitted != null) {
      return begin(permitted, true);
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

  /** The next region of the order whose breaker gives a permit; those that refuse are recorded. */
  private RegionState nextPermitted() {
    while (index < plan.regions.size()) {
      RegionState region = plan.regions.get(index++);
      if (region.tryAcquirePermit(events)) {
        return region;
      }
      record.refused(region);
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
    if (attemptEnded(region)) {
      region.recordSuccess(nanos, events);
    }
    last = region;
    record.completed(region, CallOutcome.SUCCESS);
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
    boolean permit = attemptEnded(region);
    switch (FailureClassifier.classify(error, facts)) {
      case LOCAL:
        if (permit) {
          region.releasePermit();
        }
        if (FailureClassifier.isPoolExhausted(error)) {
          region.warnPoolExhausted(error);
        }
        record.completed(region, CallOutcome.CLIENT_ERROR);
        return Step.fail(error);
      case ANSWER:
        if (permit) {
          region.recordSuccess(nanos, events);
        }
        if (answer == null) {
          answer = new HeldAnswer(info, events, record);
        }
        return answer.answered(plan, region, error);
      case REGIONAL:
      default:
        if (permit) {
          region.recordFailure(nanos, error, events);
        }
        record.failedIn(region, error);
        return regionalFailure(region, facts);
    }
  }

  /**
   * Ends the attempt in {@code region} (the hedge's or the one in flight) and says whether it held
   * a permit.
   */
  private boolean attemptEnded(RegionState region) {
    boolean permit = hedge != null && hedge.runsIn(region) ? hedge.permit() : permitHeld;
    if (hedge != null) {
      hedge.clear();
    }
    inFlight = null;
    return permit;
  }

  private Step regionalFailure(RegionState region, AttemptFacts facts) {
    if (answer != null && answer.held()) {
      LOG.debug("s3-failover: {} in the preferred region after a 404 failed", info.name());
      return answer.end(plan);
    }
    List<RegionAttempt> attempts = record.attempts();
    if (plan.boundBy != null) {
      record.completed(region, CallOutcome.FAILURE);
      return Step.fail(core.planner().bound(info, plan, region, attempts));
    }
    // Decided before looking at the next region's state: a breaker that is open now may admit
    // the call a moment later, when its wait is over.
    boolean more = index < plan.regions.size();
    if (more && !facts.bodyReplayable()) {
      record.completed(region, CallOutcome.FAILURE);
      return Step.fail(core.planner().notReplayable(info, region, attempts, facts));
    }
    if (more && !facts.responseUntouched()) {
      record.completed(region, CallOutcome.FAILURE);
      return Step.fail(core.planner().partialResponse(info, region, attempts, facts));
    }
    if (more) {
      record.failedOver(region, plan.regions.get(index).id());
    }
    return Step.next();
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
    RegionState region = nextPermitted();
    if (region != null) {
      if (hedge == null) {
        hedge = new HedgeSlot(events, record);
      }
      hedge.start(region);
    }
    return region;
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
    Throwable cause = HedgeSlot.outrunCause(region, nanos, failure);
    if (region == inFlight && permitHeld) {
      region.recordFailure(nanos, cause, events);
    }
    inFlight = null;
    record.failedIn(region, cause);
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
    if (hedge != null) {
      hedge.ended(nanos, failure, facts);
    }
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
    record.completed(last, CallOutcome.FAILURE);
    if (plan.boundBy != null) {
      return core.planner().bound(info, plan, last, record.attempts());
    }
    return new AllRegionsFailedException(info.name(), record.attempts());
  }
}
