package io.github.s3failover.internal;

import io.github.s3failover.RegionAttempt;
import io.github.s3failover.RegionBoundException;
import io.github.s3failover.RegionBoundException.BoundBy;
import io.github.s3failover.WritePolicy;
import java.util.List;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Decides where one call may go (the regions to try, and whether it may leave the first one), and
 * words the error when a call could not move, with what the application can do about it.
 */
final class CallPlanner {

  /** Where one call may go. */
  static final class Plan {
    final RegionHandle preferred;
    final List<RegionHandle> regions;

    /** Why the call may not leave {@code regions.get(0)}, or null if it may. */
    final BoundBy boundBy;

    /** The upload id or token that binds the call, for messages. */
    final String binding;

    /** The region's own continuation token, to send instead of the application's, or null. */
    final String rawToken;

    Plan(
        RegionHandle preferred,
        List<RegionHandle> regions,
        BoundBy boundBy,
        String binding,
        String rawToken) {
      this.preferred = preferred;
      this.regions = regions;
      this.boundBy = boundBy;
      this.binding = binding;
      this.rawToken = rawToken;
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
    switch (info.kind) {
      case READ:
        String token = OperationInfo.stringValue(info.continuationToken, request);
        if (token != null) {
          RegionHandle issuer = router.region(ContinuationTokens.region(token));
          return bound(
              route, issuer, BoundBy.CONTINUATION_TOKEN, token, ContinuationTokens.raw(token));
        }
        return new Plan(route.preferred, route.order, null, null, null);
      case WRITE:
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
        String uploadId = OperationInfo.stringValue(info.uploadId, request);
        return bound(route, pins.uploadRegion(uploadId), BoundBy.MULTIPART_UPLOAD, uploadId, null);
      case BUCKET_ADMIN:
      default:
        return bound(route, route.preferred, BoundBy.BUCKET_CONFIGURATION, null, null);
    }
  }

  /** A region not known to have issued an upload id or a token is taken to be the preferred one. */
  private static Plan bound(
      Router.Route route, RegionHandle region, BoundBy by, String binding, String rawToken) {
    RegionHandle target = region == null ? route.preferred : region;
    return new Plan(route.preferred, List.of(target), by, binding, rawToken);
  }

  RegionBoundException preferenceLost(OperationInfo info, Plan plan) {
    String message =
        info.name
            + " was not written: write policy PRIMARY_ONLY writes only to the region the preference"
            + " (Route 53) names, and it has lost its answer (no good DNS answer for longer than the"
            + " stale time). Writing to the priority order instead could put this instance's writes"
            + " in another region than the other instances'. Retry when DNS answers again (check"
            + " the resolvers), or build the client with WritePolicy.FAILOVER to accept that risk.";
    return new RegionBoundException(
        info.name, plan.preferred.id(), BoundBy.WRITE_POLICY, message, List.of());
  }

  RegionBoundException bound(
      OperationInfo info, Plan plan, RegionHandle region, List<RegionAttempt> attempts) {
    String failure = describeFailure(attempts, region);
    String message;
    switch (plan.boundBy) {
      case WRITE_POLICY:
        message =
            info.name
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
            info.name
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
      case CONTINUATION_TOKEN:
        message =
            info.name
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
            info.name
                + " failed in region '"
                + region.id()
                + "': it "
                + failure
                + ". Bucket configuration and other bucket-level calls go to the preferred region"
                + " only (each region's bucket has its own configuration): retry when it is back,"
                + " or apply it to each region with FailoverS3Client.regionClient(id).";
        break;
    }
    return new RegionBoundException(info.name, region.id(), plan.boundBy, message, attempts);
  }

  RegionBoundException notReplayable(
      OperationInfo info, RegionHandle region, List<RegionAttempt> attempts, Attempt attempt) {
    String message =
        info.name
            + " failed in region '"
            + region.id()
            + "' ("
            + describeFailure(attempts, region)
            + ") and was not sent to another region: its request body (source: "
            + attempt.bodySource()
            + ") cannot be read a second time, and a body is never sent twice in part. Use"
            + " RequestBody.fromBytes, fromString or fromFile for writes that should fail over, or"
            + " retry with a fresh stream.";
    return new RegionBoundException(
        info.name, region.id(), BoundBy.NON_REPLAYABLE_BODY, message, attempts);
  }

  RegionBoundException partialResponse(
      OperationInfo info, RegionHandle region, List<RegionAttempt> attempts, Attempt attempt) {
    String message =
        info.name
            + " failed in region '"
            + region.id()
            + "' after "
            + attempt.responseBytesDelivered()
            + " bytes of the response had reached the response transformer ("
            + describeFailure(attempts, region)
            + "); it was not repeated in another region, since those bytes may already have been"
            + " used. Retry the call: it will go to a healthy region.";
    return new RegionBoundException(
        info.name, region.id(), BoundBy.PARTIAL_RESPONSE, message, attempts);
  }

  private static String describeFailure(List<RegionAttempt> attempts, RegionHandle region) {
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
