package io.github.s3failover.event;

/** How one call through the client ended. */
public enum CallOutcome {
  /** The region answered with success. */
  SUCCESS,
  /**
   * The region answered with an error that is not a regional failure (404, 403, throttling...): the
   * error went to the application, and the region counts as healthy.
   */
  CLIENT_ERROR,
  /** Every region tried failed, or the call was bound to a region that failed. */
  FAILURE
}
