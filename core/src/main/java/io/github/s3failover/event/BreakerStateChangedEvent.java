package io.github.s3failover.event;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Instant;

/**
 * A region's circuit breaker changed state. Logged at INFO.
 *
 * @param time when it happened
 * @param region the region's id
 * @param fromState the state before
 * @param toState the state after
 */
public record BreakerStateChangedEvent(
    Instant time, String region, CircuitBreaker.State fromState, CircuitBreaker.State toState)
    implements FailoverEvent {}
