package io.github.s3failover.internal.run;

/**
 * A token bucket that caps hedges at a share of reads: every eligible read adds the share of a
 * token, up to the burst; a hedge takes one whole token.
 */
final class HedgeBudget {
  private final double perRead;
  private final double capacity;
  private double tokens;

  HedgeBudget(double percent, int burst) {
    this.perRead = percent / 100.0;
    this.capacity = burst;
    this.tokens = burst;
  }

  synchronized void onRead() {
    tokens = Math.min(capacity, tokens + perRead);
  }

  synchronized boolean tryHedge() {
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
