package io.github.s3failover.internal.routing;

import io.github.s3failover.internal.health.RegionState;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Turns a region's successful result into what the application gets: bucket names mapped back,
 * continuation tokens marked with their region, upload ids remembered. Streams pass through; each
 * front door makes its own resumable.
 */
final class ResultMapper {
  private final RegionPins pins;

  ResultMapper(RegionPins pins) {
    this.pins = pins;
  }

  Object toApplication(
      OperationInfo info, RegionState region, S3Request request, S3Request sent, Object result) {
    if (result instanceof CreateMultipartUploadResponse) {
      pins.pinUpload(((CreateMultipartUploadResponse) result).uploadId(), region);
    } else if (info.name().equals("CompleteMultipartUpload")
        || info.name().equals("AbortMultipartUpload")) {
      pins.unpinUpload(info.uploadId(sent));
    }
    Object mapped = region.buckets().toApplication(result);
    return ContinuationTokens.toApplication(mapped, region, info, request);
  }
}
