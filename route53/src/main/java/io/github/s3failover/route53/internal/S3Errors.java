package io.github.s3failover.route53.internal;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Short descriptions of S3 errors for preflight findings. */
public final class S3Errors {

  private S3Errors() {}

  /**
   * The error code, or the HTTP status when S3 sent no body (HEAD requests).
   *
   * @param e the error
   * @return e.g. {@code NoSuchBucket} or {@code 404}
   */
  public static String code(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return code == null || code.isBlank() ? String.valueOf(e.statusCode()) : code;
  }

  /**
   * Code and status.
   *
   * @param e the error
   * @return e.g. {@code NoSuchKey, HTTP 404}
   */
  public static String describe(AwsServiceException e) {
    return code(e) + ", HTTP " + e.statusCode();
  }
}
