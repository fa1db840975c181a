package io.github.s3failover.event;

/** Why the client moved its traffic to another region. */
public enum SwitchReason {
  /** The client's first call picked its first region. */
  STARTUP,
  /** The preference (Route 53's answer, or an operator) named another region. */
  PREFERENCE_CHANGED,
  /** The region in use opened its circuit breaker. */
  REGION_UNHEALTHY,
  /** A region earlier in the order recovered and the minimum dwell time had passed. */
  FAILBACK,
  /** Every circuit breaker is open: the preferred region is tried anyway. */
  PANIC
}
