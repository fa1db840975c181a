package io.github.s3failover;

import java.util.List;

/**
 * A call failed in its region and was not moved to another one, because moving it would be wrong.
 * {@link #boundBy()} says why; the message says what to do.
 */
public final class RegionBoundException extends S3FailoverException {
  private static final long serialVersionUID = 1L;

  /** Why a call may not leave its region. */
  public enum BoundBy {
    /** A write under {@link WritePolicy#PRIMARY_ONLY}: it goes to the preferred region only. */
    WRITE_POLICY,
    /** A multipart upload's parts, completion and abort stay in the region of its upload id. */
    MULTIPART_UPLOAD,
    /**
     * A write with a condition on the region's current state (If-Match, If-None-Match): it goes to
     * the preferred region only, whatever the write policy, since another region's copy may lag.
     */
    CONDITIONAL_WRITE,
    /** A list continuation token is valid only in the region that issued it. */
    CONTINUATION_TOKEN,
    /** The request body cannot be read a second time, so it cannot be sent to a second region. */
    NON_REPLAYABLE_BODY,
    /** Part of the response had already reached the application's response transformer. */
    PARTIAL_RESPONSE,
    /** Bucket configuration is per region; it is applied to the preferred region only. */
    BUCKET_CONFIGURATION
  }

  private final BoundBy boundBy;
  private final String region;

  /**
   * Creates the exception.
   *
   * @param operation the S3 operation
   * @param region the region the call was bound to
   * @param boundBy why it could not move
   * @param message the full message, with the fix
   * @param attempts what happened in each region
   */
  public RegionBoundException(
      String operation,
      String region,
      BoundBy boundBy,
      String message,
      List<RegionAttempt> attempts) {
    super(operation, message, attempts);
    this.boundBy = boundBy;
    this.region = region;
  }

  /**
   * Returns why the call could not move.
   *
   * @return the reason
   */
  public BoundBy boundBy() {
    return boundBy;
  }

  /**
   * Returns the region the call was bound to.
   *
   * @return the region id
   */
  public String region() {
    return region;
  }
}
