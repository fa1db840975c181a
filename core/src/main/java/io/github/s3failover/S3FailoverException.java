package io.github.s3failover;

import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The base of the exceptions that {@link FailoverS3Client} adds. It is an {@link
 * SdkClientException} (so an {@code SdkException}), like the I/O failures a plain client throws
 * when a region cannot be reached, so existing {@code catch} blocks still catch it. The failure of
 * each region tried is in {@link #attempts()} and, for stack traces, among {@link
 * #getSuppressed()}.
 */
public abstract class S3FailoverException extends SdkClientException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final transient List<RegionAttempt> attempts;

  /**
   * Creates the exception.
   *
   * @param operation the S3 operation
   * @param message the message
   * @param attempts what happened in each region, in order
   */
  protected S3FailoverException(String operation, String message, List<RegionAttempt> attempts) {
    super(SdkClientException.builder().message(message).cause(lastFailure(attempts)));
    this.operation = operation;
    this.attempts = List.copyOf(attempts);
    for (RegionAttempt attempt : attempts) {
      if (attempt.failure() != getCause()) {
        addSuppressed(attempt.failure());
      }
    }
  }

  private static Throwable lastFailure(List<RegionAttempt> attempts) {
    return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).failure();
  }

  /**
   * Returns the S3 operation that failed, for example {@code GetObject}.
   *
   * @return the operation name
   */
  public String operation() {
    return operation;
  }

  /**
   * Returns what happened in each region, in the order they were considered.
   *
   * @return the attempts
   */
  public List<RegionAttempt> attempts() {
    return attempts;
  }

  /** Never retryable by the SDK: the regions have been tried already. */
  @Override
  public boolean retryable() {
    return false;
  }
}
