package io.github.s3failover.internal.routing;

import io.github.s3failover.RegionAttempt;
import io.github.s3failover.RegionBoundException;
import io.github.s3failover.RegionBoundException.BoundBy;
import io.github.s3failover.WritePolicy;
import io.github.s3failover.internal.health.RegionState;
import java.util.List;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Decides where one call may go (the regions to try, and whether it may leave the first one), and
 * words the error when a call could not move, with what the application can do about it.
 */
final class CallPlanner {

  /** Where one call may go. */
  static final class Plan {
    final RegionState preferred;
    final List<RegionState> regions;

    /** Why the call may not leave {@code regions.get(0)}, or null if it may. */
    final BoundBy boundBy;

    /** The upload id or token that binds the call, for messages. */
    final String binding;

    /** The region's own continuation token, to send instead of the application's, or null. */
    final String rawToken;

    /** Whether the call names an upload id that no region is remembered to have created. */
    final boolean uploadUnknown;

    Plan(
        RegionState preferred,
        List<RegionState> regions,
        BoundBy boundBy,
        String binding,
        String rawToken) {
      this(preferred, regions, boundBy, binding, rawToken, false);
    }

    Plan(
        RegionState preferred,
        List<RegionState> regions,
        BoundBy boundBy,
        String binding,
        String rawToken,
        boolean uploadUnknown) {
      this.preferred = preferred;
      this.regions = regions;
      this.boundBy = boundBy;
      this.binding = binding;
      this.rawToken = rawToken;
      this.uploadUnknown = uploadUnknown;
    }

    /** The same plan, bound to the region found to hold its upload. */
    Plan withUploadRegion(RegionState region) {
      return new Plan(preferred, List.of(region), boundBy, binding, rawToken, false);
    }
  }

  private final Router router;
  private final RegionPins pins;
  private final WritePolicy writePolicy;

  CallPlanner(Router router, RegionPins pins, WritePolicy writePolicy) {
    this.router = router;
    this.pins = pins;
    this.writePolicy = writePolicy;
  }

  Plan plan(OperationInfo info, S3Request request) {
    Router.Route route = router.route();
    switch (info.kind()) {
      case READ:
        String token = info.continuationToken(request);
        if (token != null) {
          RegionState issuer = router.region(ContinuationTokens.region(token));
          return bound(
              route, issuer, BoundBy.CONTINUATION_TOKEN, token, ContinuationTokens.raw(token));
        }
        return new Plan(route.preferred, route.order, null, null, null);
      case WRITE:
        String condition = info.condition(request);
        if (writePolicy == WritePolicy.FAILOVER && condition != null) {
          // A condition is checked against one region's current state; another region's copy
          // may lag behind it, so the write goes to the preferred region or nowhere.
          return bound(
              route, route.preferred, BoundBy.CONDITIONAL_WRITE, headerName(condition), null);
        }
        if (writePolicy == WritePolicy.FAILOVER) {
          // A write may carry a body that cannot be sent twice: it is never used as a probe of a
          // recovering region, it starts where the traffic is.
          return new Plan(route.preferred, route.withoutProbes(), null, null, null);
        }
        if (router.preferenceLost()) {
          return new Plan(route.preferred, List.of(), BoundBy.WRITE_POLICY, null, null);
        }
        return bound(route, route.preferred, BoundBy.WRITE_POLICY, null, null);
      case MULTIPART_BOUND:
        String uploadId = info.uploadId(request);
        RegionState pinned = pins.uploadRegion(uploadId);
        Plan plan = bound(route, pinned, BoundBy.MULTIPART_UPLOAD, uploadId, null);
        return pinned != null || uploadId == null
            ? plan
            : new Plan(plan.preferred, plan.regions, plan.boundBy, plan.binding, null, true);
      case BUCKET_ADMIN:
      default:
        return bound(route, route.preferred, BoundBy.BUCKET_CONFIGURATION, null, null);
    }
  }

  /** A region not known to have issued an upload id or a token is taken to be the preferred one. */
  private static Plan bound(
      Router.Route route, RegionState region, BoundBy by, String binding, String rawToken) {
    RegionState target = region == null ? route.preferred : region;
    return new Plan(route.preferred, List.of(target), by, binding, rawToken);
  }

  RegionBoundException preferenceLost(OperationInfo info, Plan plan) {
    String message =
        info.name()
            + " was not written: write policy PRIMARY_ONLY writes only to the region the preference"
            + " (Route 53) names, and it has lost its answer (no good DNS answer for longer than the"
            + " stale time). Writing to the priority order instead could put this instance's writes"
            + " in another region than the other instances'. Retry when DNS answers again (check"
            + " the resolvers), or build the client with WritePolicy.FAILOVER to accept that risk.";
    return new RegionBoundException(
        info.name(), plan.preferred.id(), BoundBy.WRITE_POLICY, message, List.of());
  }

  RegionBoundException bound(
      OperationInfo info, Plan plan, RegionState region, List<RegionAttempt> attempts) {
    String failure = describeFailure(attempts, region);
    String message;
    switch (plan.boundBy) {
      case WRITE_POLICY:
        message =
            info.name()
                + " was not written: write policy PRIMARY_ONLY sends writes only to the preferred"
                + " region '"
                + region.id()
                + "', which "
                + failure
                + ". It was not sent to another region, so that no two regions take writes at"
                + " once. Retry later (writes follow when the preference, e.g. Route 53, moves),"
                + " or build the client with WritePolicy.FAILOVER to accept that risk.";
        break;
      case MULTIPART_UPLOAD:
        message =
            info.name()
                + " of multipart upload "
                + plan.binding
                + " failed in region '"
                + region.id()
                + "', where the upload was created: it "
                + failure
                + ". The parts of an upload cannot move to another region: start a new upload"
                + " (it goes to a healthy region) and abort this one when its region is back, or"
                + " let a lifecycle rule abort it.";
        break;
      case CONDITIONAL_WRITE:
        message =
            info.name()
                + " with "
                + plan.binding
                + " was not written: a condition is checked against the current state of one"
                + " region, and another region's copy may lag behind it, so a conditional write"
                + " goes to the preferred region '"
                + region.id()
                + "' only, which "
                + failure
                + ". Retry when it is back, or write without the condition to let it fail over.";
        break;
      case CONTINUATION_TOKEN:
        message =
            info.name()
                + " with a continuation token failed in region '"
                + region.id()
                + "', which issued the token: it "
                + failure
                + ". A token is valid only in its own region: to go on in another region, start"
                + " a new listing with startAfter set to the last key you received.";
        break;
      case BUCKET_CONFIGURATION:
      default:
        message =
            info.name()
                + " failed in region '"
                + region.id()
                + "': it "
                + failure
                + ". Bucket configuration and other bucket-level calls go to the preferred region"
                + " only (each region's bucket has its own configuration): retry when it is back,"
                + " or apply it to each region with FailoverS3Client.regionClient(id).";
        break;
    }
    return new RegionBoundException(info.name(), region.id(), plan.boundBy, message, attempts);
  }

  RegionBoundException notReplayable(
      OperationInfo info, RegionState region, List<RegionAttempt> attempts, AttemptFacts attempt) {
    String message =
        info.name()
            + " failed in region '"
            + region.id()
            + "' ("
            + describeFailure(attempts, region)
            + ") and was not sent to another region: its request body (source: "
            + attempt.bodySource()
            + ") cannot be read a second time, and a body is never sent twice in part. Use a body"
            + " that can be read again (RequestBody.fromBytes, fromString or fromFile, or their"
            + " AsyncRequestBody counterparts) for writes that should fail over, or"
            + " retry with a fresh stream.";
    return new RegionBoundException(
        info.name(), region.id(), BoundBy.NON_REPLAYABLE_BODY, message, attempts);
  }

  RegionBoundException partialResponse(
      OperationInfo info, RegionState region, List<RegionAttempt> attempts, AttemptFacts attempt) {
    String message =
        info.name()
            + " failed in region '"
            + region.id()
            + "' after "
            + attempt.responseBytesDelivered()
            + " bytes of the response had reached the response transformer ("
            + describeFailure(attempts, region)
            + "); it was not repeated in another region, since those bytes may already have been"
            + " used. Retry the call: it will go to a healthy region.";
    return new RegionBoundException(
        info.name(), region.id(), BoundBy.PARTIAL_RESPONSE, message, attempts);
  }

  /** "IfNoneMatch" as a reader knows it: "If-None-Match". */
  private static String headerName(String member) {
    return member.replaceAll("([a-z])([A-Z])", "$1-$2");
  }

  private static String describeFailure(List<RegionAttempt> attempts, RegionState region) {
    for (int i = attempts.size() - 1; i >= 0; i--) {
      RegionAttempt a = attempts.get(i);
      if (a.region().equals(region.id())) {
        return a.tried()
            ? "failed with "
                + a.failure().getClass().getSimpleName()
                + ": "
                + a.failure().getMessage()
            : "is unavailable (" + a.failure().getMessage() + ", not tried)";
      }
    }
    return "failed";
  }
}
