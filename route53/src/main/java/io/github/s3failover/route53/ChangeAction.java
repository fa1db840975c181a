package io.github.s3failover.route53;

/** What a planned change does to a Route 53 resource, with the marker a plan prints for it. */
public enum ChangeAction {
  /** A resource that does not exist yet. */
  CREATE("+"),
  /** A resource changed in place. */
  UPDATE("~"),
  /** A resource that must be created anew because Route 53 cannot change the field in place. */
  REPLACE("-/+"),
  /** A resource that goes away. */
  DELETE("-");

  private final String marker;

  ChangeAction(String marker) {
    this.marker = marker;
  }

  /**
   * The marker a plan prints before the resource.
   *
   * @return {@code +}, {@code ~}, {@code -/+} or {@code -}
   */
  public String marker() {
    return marker;
  }
}
