package io.github.s3failover.route53.internal;

import java.time.Duration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Spaces the client's requests (every attempt, retries included) so that they never exceed a rate.
 * Route 53 throttles API requests per account, shared with every other tool of that account (the
 * Route 53 Developer Guide, "Throttling for Amazon Route 53 API requests", and the knowledge-center
 * article on throttling errors, which gives five requests per second), and reading every health
 * check of the account and its tags is the bulk of a run's calls: pacing them keeps a run from
 * starving, or being starved by, the account's other users.
 */
public final class RequestPacer implements ExecutionInterceptor {

  private final long intervalNanos;
  private long next = Long.MIN_VALUE;

  /**
   * Creates a pacer.
   *
   * @param requestsPerSecond the most requests per second, positive
   */
  public RequestPacer(double requestsPerSecond) {
    if (!(requestsPerSecond > 0)) {
      throw new IllegalArgumentException(
          "requestsPerSecond must be positive: " + requestsPerSecond);
    }
    this.intervalNanos = (long) (Duration.ofSeconds(1).toNanos() / requestsPerSecond);
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long slot = next == Long.MIN_VALUE || next - now < 0 ? now : next;
      next = slot + intervalNanos;
      wait = slot - now;
    }
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
