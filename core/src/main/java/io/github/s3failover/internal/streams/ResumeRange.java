package io.github.s3failover.internal.streams;

import io.github.s3failover.internal.InternalApi;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * What a broken GetObject body needs to ask for the rest of itself: the application's request, the
 * first byte and last byte it asked for, and the ETag and version id that pin the copy being read.
 * Shared by the sync resuming stream and the async resuming publisher, so both continue a read by
 * the same arithmetic and the same conditions.
 */
@InternalApi
public final class ResumeRange {
  private final GetObjectRequest request;
  private final String eTag;
  private final String versionId;
  private final long firstByte;
  private final Long lastByte;

  private ResumeRange(
      GetObjectRequest request, String eTag, String versionId, long firstByte, Long lastByte) {
    this.request = request;
    this.eTag = eTag;
    this.versionId = versionId;
    this.firstByte = firstByte;
    this.lastByte = lastByte;
  }

  /**
   * Names the object read, for messages: bucket (as the application named it), key, version.
   *
   * @return e.g. {@code media/cat.jpg}
   */
  public String object() {
    return request.bucket()
        + "/"
        + request.key()
        + (versionId == null ? "" : " (version " + versionId + ")");
  }

  /**
   * Returns how to continue a read, if it can be continued exactly: no part number, no suffix or
   * multiple range, no If-None-Match, and an ETag to pin the copy.
   *
   * @param request the application's request
   * @param response the region's response
   * @return the range, or null if the read cannot be resumed
   */
  public static ResumeRange of(GetObjectRequest request, GetObjectResponse response) {
    if (response == null
        || request.partNumber() != null
        || response.eTag() == null
        || request.ifNoneMatch() != null) {
      return null;
    }
    long first = 0;
    Long last = null;
    String range = request.range();
    if (range != null) {
      // Only "bytes=a-" and "bytes=a-b" can be continued by arithmetic.
      if (!range.startsWith("bytes=") || range.indexOf(',') >= 0 || range.startsWith("bytes=-")) {
        return null;
      }
      String[] ends = range.substring(6).split("-", -1);
      try {
        first = Long.parseLong(ends[0].trim());
        last = ends.length > 1 && !ends[1].isBlank() ? Long.parseLong(ends[1].trim()) : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return new ResumeRange(request, response.eTag(), response.versionId(), first, last);
  }

  /**
   * Returns the Range header that asks for the rest after {@code delivered} bytes.
   *
   * @param delivered the bytes the application has had
   * @return for example {@code bytes=65536-}
   */
  public String rangeAfter(long delivered) {
    return "bytes=" + (firstByte + delivered) + "-" + (lastByte == null ? "" : lastByte.toString());
  }

  /**
   * Returns the request for the rest after {@code delivered} bytes: the application's request with
   * the range moved on, {@code If-Match} the ETag read so far, and its version id if it had one.
   *
   * @param delivered the bytes the application has had
   * @return the request for the rest
   */
  public GetObjectRequest restAfter(long delivered) {
    GetObjectRequest.Builder next = request.toBuilder().range(rangeAfter(delivered)).ifMatch(eTag);
    if (versionId != null && !"null".equals(versionId)) {
      next.versionId(versionId);
    }
    return next.build();
  }

  /**
   * Returns the ETag that pins the copy being read.
   *
   * @return the ETag, with its quotes
   */
  public String eTag() {
    return eTag;
  }

  /**
   * Returns the application's request.
   *
   * @return the request
   */
  public GetObjectRequest request() {
    return request;
  }
}
