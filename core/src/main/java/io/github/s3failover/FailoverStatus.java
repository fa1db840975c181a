package io.github.s3failover;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Map;

/**
 * A snapshot of where a {@link FailoverS3Client} sends its calls, for health checks and dashboards.
 *
 * @param preferredRegion the region the preference names now
 * @param activeRegion the region used first now, or null before the first call
 * @param breakers each region's circuit breaker state, in priority order
 */
public record FailoverStatus(
    String preferredRegion, String activeRegion, Map<String, CircuitBreaker.State> breakers) {

  /**
   * Returns whether at least one region's breaker lets calls through (closed or half-open).
   *
   * @return false only when every region is known to be failing
   */
  public boolean anyRegionAvailable() {
    return breakers.values().stream()
        .anyMatch(s -> s != CircuitBreaker.State.OPEN && s != CircuitBreaker.State.FORCED_OPEN);
  }
}
