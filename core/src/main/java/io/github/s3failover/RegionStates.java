package io.github.s3failover;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.s3failover.internal.buckets.BucketMapper;
import io.github.s3failover.internal.health.RegionState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the routing state of each configured region: its circuit breaker (from the registry, the
 * given configuration or {@link FailoverS3ClientBuilder#defaultCircuitBreakerConfig(Clock)}, with a
 * warning when it would count long transfers as slow) and its bucket names and account.
 */
final class RegionStates {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverS3ClientBuilder.class);

  /** Breakers that call shorter calls than this slow would open on long transfers. */
  private static final Duration SLOW_CALLS_WORTH_A_WARNING = Duration.ofHours(1);

  private RegionStates() {}

  /** The regions' states, in the given order; a registry, if given, supplies the breakers. */
  static List<RegionState> of(
      List<FailoverRegion> ordered,
      CircuitBreakerConfig breakerConfig,
      CircuitBreakerRegistry breakerRegistry,
      Clock clock) {
    Set<String> accounts = new TreeSet<>();
    ordered.forEach(r -> r.accountId().ifPresent(accounts::add));
    List<RegionState> states = new ArrayList<>();
    for (FailoverRegion region : ordered) {
      BucketMapper names =
          new BucketMapper(region.buckets(), region.accountId().orElse(null), accounts);
      CircuitBreaker breaker = breaker(region.id(), breakerConfig, breakerRegistry, clock);
      states.add(new RegionState(region, breaker, names));
    }
    return states;
  }

  private static CircuitBreaker breaker(
      String regionId,
      CircuitBreakerConfig breakerConfig,
      CircuitBreakerRegistry breakerRegistry,
      Clock clock) {
    String name = FailoverS3ClientBuilder.BREAKER_NAME_PREFIX + regionId;
    CircuitBreaker breaker;
    if (breakerRegistry != null) {
      breaker = breakerRegistry.circuitBreaker(name);
    } else {
      breaker =
          CircuitBreaker.of(
              name,
              breakerConfig != null
                  ? breakerConfig
                  : FailoverS3ClientBuilder.defaultCircuitBreakerConfig(clock));
    }
    Duration slow = breaker.getCircuitBreakerConfig().getSlowCallDurationThreshold();
    if (slow.compareTo(SLOW_CALLS_WORTH_A_WARNING) < 0) {
      LOG.warn(
          "s3-failover: circuit breaker {} counts calls over {} as slow and opens when {}% of"
              + " its window is slow (resilience4j's defaults): long uploads or downloads would"
              + " open it while the region is fine. Give it slowCallRateThreshold(100) and a long"
              + " slowCallDurationThreshold, as"
              + " FailoverS3ClientBuilder.defaultCircuitBreakerConfig(clock) does.",
          name, slow, breaker.getCircuitBreakerConfig().getSlowCallRateThreshold());
    }
    return breaker;
  }
}
