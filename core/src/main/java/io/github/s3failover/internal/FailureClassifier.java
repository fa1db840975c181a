package io.github.s3failover.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Tells a regional failure (the region cannot serve: timeouts, refused or reset connections, 5xx
 * that are not throttling) from an answer (404, 403, throttling...), which proves the region is up.
 */
final class FailureClassifier {
  private FailureClassifier() {}

  /** Whether the failure says the region cannot serve now; only these count against a breaker. */
  static boolean isRegional(Throwable t) {
    if (t instanceof SdkServiceException) {
      SdkServiceException service = (SdkServiceException) t;
      if (isThrottling(service)) {
        return false;
      }
      int status = service.statusCode();
      return status == 500 || status == 502 || status == 503 || status == 504;
    }
    if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException) {
      return true;
    }
    if (t instanceof SdkClientException || t instanceof UncheckedIOException) {
      for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
        if (c instanceof IOException) {
          return true;
        }
      }
      // When the SDK's own retry in the region cannot go on (a body that cannot be reset after
      // a 503), it throws a client error and keeps the region's failure as a suppressed one.
      for (Throwable earlier : t.getSuppressed()) {
        if (earlier != t && isRegional(earlier)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the caller gave up (its thread was interrupted, or the call aborted), not the region.
   * The SDK's own attempt timeout interrupts the thread too, but reports itself as {@link
   * ApiCallAttemptTimeoutException}, which is regional.
   */
  static boolean isAborted(Throwable t) {
    if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException) {
      return false;
    }
    return t instanceof AbortedException || Thread.currentThread().isInterrupted();
  }

  /** Whether S3 asked the client to slow down: a sign of load, not of a failed region. */
  static boolean isThrottling(Throwable t) {
    if (!(t instanceof SdkServiceException)) {
      return false;
    }
    SdkServiceException service = (SdkServiceException) t;
    if (service.isThrottlingException() || service.statusCode() == 429) {
      return true;
    }
    String code = errorCode(service);
    return "SlowDown".equals(code) || "Throttling".equals(code);
  }

  /** Whether the call may be repeated in the same region by the SDK: throttling and 500/503. */
  static boolean isRetryableInRegion(Throwable t) {
    if (isThrottling(t)) {
      return true;
    }
    if (t instanceof SdkServiceException) {
      int status = ((SdkServiceException) t).statusCode();
      return status == 500 || status == 503;
    }
    return false;
  }

  static String errorCode(SdkServiceException service) {
    if (service instanceof AwsServiceException) {
      var details = ((AwsServiceException) service).awsErrorDetails();
      return details == null ? null : details.errorCode();
    }
    return null;
  }

  static boolean isNotFound(Throwable t) {
    return t instanceof SdkServiceException && ((SdkServiceException) t).statusCode() == 404;
  }
}
