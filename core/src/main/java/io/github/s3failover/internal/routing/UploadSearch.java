package io.github.s3failover.internal.routing;

import io.github.s3failover.internal.health.RegionState;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * How one {@link Call} that names a multipart upload no region is remembered to have created finds
 * the region that holds it: which regions to ask, in what order, with what request, and what answer
 * says yes (decision 0009).
 */
final class UploadSearch {
  private UploadSearch() {}

  /** The regions to ask, the preferred one first; regions whose breaker is open are left out. */
  static List<RegionState> order(List<RegionState> regions, RegionState preferred) {
    List<RegionState> order = new ArrayList<>(regions.size());
    order.add(preferred);
    for (RegionState region : regions) {
      if (region != preferred) {
        order.add(region);
      }
    }
    order.removeIf(RegionState::isOpen);
    return order;
  }

  /** The request asking a region for the in-progress uploads of the call's key, in its bucket. */
  static ListMultipartUploadsRequest probe(
      OperationInfo info, S3Request request, RegionState region) {
    return ListMultipartUploadsRequest.builder()
        .bucket(region.buckets().physical(info.bucket(request)))
        .prefix(info.key(request))
        .build();
  }

  /** Whether a region's answer to {@link #probe} lists the call's upload. */
  static boolean knows(OperationInfo info, S3Request request, ListMultipartUploadsResponse answer) {
    String uploadId = info.uploadId(request);
    String key = info.key(request);
    return answer.hasUploads()
        && answer.uploads().stream()
            .anyMatch(u -> uploadId.equals(u.uploadId()) && (key == null || key.equals(u.key())));
  }
}
