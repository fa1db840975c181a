package io.github.s3failover.route53;

/**
 * What the manual-override children of CALCULATED health checks should say. Each region's
 * calculated check needs all its children healthy; its override child is healthy until inverted.
 */
public enum ManualOverride {
  /**
   * The primary's override is inverted: Route 53 answers with the secondary while it is healthy.
   */
  FORCE_FAILOVER,
  /**
   * The secondary's override is inverted: Route 53 answers with the primary, even an unhealthy one
   * (when every record of a failover pair is unhealthy, Route 53 answers with the primary).
   */
  FORCE_FAILBACK,
  /** Neither override is inverted: the other children decide again. */
  CLEAR;

  /**
   * Whether a role's override child must be inverted.
   *
   * @param role the role
   * @return true if inverted
   */
  public boolean inverts(FailoverRole role) {
    return this == FORCE_FAILOVER && role == FailoverRole.PRIMARY
        || this == FORCE_FAILBACK && role == FailoverRole.SECONDARY;
  }
}
