package io.github.s3failover.internal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Turns a region's successful result into what the application gets: bucket names mapped back,
 * continuation tokens marked with their region, upload ids remembered, and GetObject streams made
 * resumable.
 */
final class Responses {
  private final RegionPins pins;
  private volatile Function<GetObjectRequest, ResponseInputStream<GetObjectResponse>> resumer;

  Responses(RegionPins pins) {
    this.pins = pins;
  }

  void resumeWith(Function<GetObjectRequest, ResponseInputStream<GetObjectResponse>> resume) {
    this.resumer = resume;
  }

  Object toApplication(
      OperationInfo info, RegionHandle region, S3Request request, S3Request sent, Object result) {
    if (result instanceof CreateMultipartUploadResponse) {
      pins.pinUpload(((CreateMultipartUploadResponse) result).uploadId(), region);
    } else if (info.name.equals("CompleteMultipartUpload")
        || info.name.equals("AbortMultipartUpload")) {
      pins.unpinUpload(OperationInfo.stringValue(info.uploadId, sent));
    }
    if (result instanceof ResponseInputStream && request instanceof GetObjectRequest) {
      return resumable((GetObjectRequest) request, region, (ResponseInputStream<?>) result);
    }
    Object mapped = region.buckets().toApplication(result);
    return ContinuationTokens.toApplication(mapped, region, info, request);
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
}
