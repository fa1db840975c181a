package io.github.s3failover.internal.routing;

import io.github.s3failover.internal.health.RegionState;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * A ListObjectsV2 continuation token is valid only in the region that issued it. The token handed
 * to the application carries that region ({@code s3fo1:<region id>:<token>}), so the next page goes
 * back to it from any instance of the application, with no state to keep.
 */
final class ContinuationTokens {
  static final String PREFIX = "s3fo1:";

  private ContinuationTokens() {}

  /** The region id a token names, or null for a token this library did not issue. */
  static String region(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return null;
    }
    int end = token.indexOf(':', PREFIX.length());
    return end < 0 ? null : token.substring(PREFIX.length(), end);
  }

  /** The region's own token inside one of ours; a foreign token is returned as it is. */
  static String raw(String token) {
    String region = region(token);
    return region == null ? token : token.substring(PREFIX.length() + region.length() + 1);
  }

  static String mark(String regionId, String token) {
    return token == null ? null : PREFIX + regionId + ":" + token;
  }

  @SuppressWarnings("unchecked") // toBuilder().build() returns the request's own class
  static <T extends S3Request> T withRawToken(T request, OperationInfo info, String raw) {
    if (raw == null) {
      return request;
    }
    S3Request.Builder builder = request.toBuilder();
    info.continuationTokenField().set(builder, raw);
    return (T) builder.build();
  }

  static Object toApplication(
      Object result, RegionState region, OperationInfo info, S3Request request) {
    if (!(result instanceof ListObjectsV2Response)) {
      return result;
    }
    ListObjectsV2Response response = (ListObjectsV2Response) result;
    if (response.nextContinuationToken() == null && response.continuationToken() == null) {
      return response;
    }
    return response.toBuilder()
        .nextContinuationToken(mark(region.id(), response.nextContinuationToken()))
        .continuationToken(info.continuationToken(request))
        .build();
  }
}
