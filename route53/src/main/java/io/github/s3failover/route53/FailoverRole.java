package io.github.s3failover.route53;

/** Which side of a Route 53 failover pair a region is: its {@code Failover} value. */
public enum FailoverRole {
  /** Answered while its health check is healthy. */
  PRIMARY,
  /** Answered while the primary is unhealthy. */
  SECONDARY;

  /**
   * The role's spelling in a spec file.
   *
   * @return {@code primary} or {@code secondary}
   */
  public String specName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
