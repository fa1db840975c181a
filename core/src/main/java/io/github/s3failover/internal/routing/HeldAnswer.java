package io.github.s3failover.internal.routing;

import io.github.s3failover.event.CallOutcome;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.health.RegionState;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * How one {@link Call} ends on a region's answer (an error that is not a regional failure). A 404
 * to a read from a region that is not the preferred one is held while the preferred region is asked
 * again: writes go there at once, while reads may be held elsewhere by the dwell time, and an
 * application must read its own writes. Otherwise the error goes to the application, marked as
 * possible replication lag when it came from a region that is not the preferred one.
 */
final class HeldAnswer {
  private final OperationInfo info;
  private final Events events;
  private final CallRecord record;

  /** The preferred region, to be asked again after another region answered 404. */
  private RegionState reask;

  /** The answer held while the preferred region is asked again, and who gave it. */
  private RuntimeException answer;

  private RegionState answeredBy;

  HeldAnswer(OperationInfo info, Events events, CallRecord record) {
    this.info = info;
    this.events = events;
    this.record = record;
  }

  /** Returns the preferred region to ask again, holding its permit, once; null if there is none. */
  RegionState takeReask() {
    RegionState region = reask;
    reask = null;
    return region;
  }

  /** Whether an answer is held: the attempt now running is the second asking. */
  boolean held() {
    return answer != null;
  }

  /** A region answered with {@code error}: ask the preferred region again, or end the call. */
  Step answered(CallPlanner.Plan plan, RegionState region, Throwable error) {
    RuntimeException runtime = asRuntime(error);
    RegionState preferred = plan.preferred;
    if (answer != null) {
      // The preferred region's own answer to the second asking stands as it is.
      record.completed(region, CallOutcome.CLIENT_ERROR);
      return Step.fail(runtime);
    }
    answer = runtime;
    answeredBy = region;
    if (FailureClassifier.isNotFound(runtime)
        && info.kind() == OperationKind.READ
        && plan.boundBy == null
        && region != preferred
        && !record.triedIn(preferred)
        && !preferred.isOpen()
        && preferred.tryAcquirePermit(events)) {
      reask = preferred;
      return Step.next();
    }
    return end(plan);
  }

  /** Ends the call with the held answer (the second asking failed, or there is none to make). */
  Step end(CallPlanner.Plan plan) {
    record.completed(answeredBy, CallOutcome.CLIENT_ERROR);
    return Step.fail(
        answeredBy == plan.preferred
            ? answer
            : ReplicationLag.annotate(answer, answeredBy, plan.preferred, record.attempts()));
  }

  private static RuntimeException asRuntime(Throwable t) {
    return t instanceof RuntimeException
        ? (RuntimeException) t
        : SdkClientException.builder().message(String.valueOf(t.getMessage())).cause(t).build();
  }
}
