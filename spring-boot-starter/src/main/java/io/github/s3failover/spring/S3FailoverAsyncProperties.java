package io.github.s3failover.spring;

import java.time.Duration;

/**
 * The async front doors under {@code s3.failover.async}: whether they are created, and the timeouts
 * of the async regional clients the library builds. Those take the connect timeout, retry budget
 * and connection life of {@code s3.failover}, its read timeout unless {@code read-timeout} is set
 * here, and never its attempt timeout: an async attempt may be a Transfer Manager part (8 MiB and
 * more), which a limit chosen for quick sync calls would cut.
 */
public class S3FailoverAsyncProperties {
  /**
   * Whether to create the async failover client, the failover presigner and, when on the class
   * path, a transfer manager on the async client, all sharing the failover client's routing rules.
   */
  private boolean enabled = true;

  /**
   * Limit of one attempt of the async regional clients, each Transfer Manager part included; none
   * when unset (s3.failover.attempt-timeout does not apply to them).
   */
  private Duration attemptTimeout;

  /**
   * Time without a byte after which an async call's region counts as failing; when unset,
   * s3.failover.read-timeout.
   */
  private Duration readTimeout;

  /**
   * Returns whether the async beans are created.
   *
   * @return the flag
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether the async beans are created.
   *
   * @param enabled false for none of them
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns the attempt timeout of the async regional clients, or null for none.
   *
   * @return the duration
   */
  public Duration getAttemptTimeout() {
    return attemptTimeout;
  }

  /**
   * Sets the attempt timeout of the async regional clients.
   *
   * @param attemptTimeout the duration, or null for none
   */
  public void setAttemptTimeout(Duration attemptTimeout) {
    this.attemptTimeout = attemptTimeout;
  }

  /**
   * Returns the read timeout of the async regional clients, or null for the sync one.
   *
   * @return the duration
   */
  public Duration getReadTimeout() {
    return readTimeout;
  }

  /**
   * Sets the read timeout of the async regional clients.
   *
   * @param readTimeout the duration, or null for s3.failover.read-timeout
   */
  public void setReadTimeout(Duration readTimeout) {
    this.readTimeout = readTimeout;
  }
}
