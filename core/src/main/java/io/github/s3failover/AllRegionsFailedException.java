package io.github.s3failover;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A call failed in every region it was allowed to try. The message lists each region with its
 * cause; {@link #attempts()} has them as values.
 */
public final class AllRegionsFailedException extends S3FailoverException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param operation the S3 operation
   * @param attempts what happened in each region
   */
  public AllRegionsFailedException(String operation, List<RegionAttempt> attempts) {
    super(
        operation,
        operation
            + " failed in every region: "
            + attempts.stream().map(RegionAttempt::describe).collect(Collectors.joining("; ")),
        attempts);
  }
}
