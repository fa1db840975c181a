package io.github.s3failover.event;

import java.time.Duration;
import java.time.Instant;

/**
 * A background health probe of a region ended. Logged at DEBUG; a probe that changes a breaker's
 * state is followed by a {@link BreakerStateChangedEvent}.
 *
 * @param time when the probe ended
 * @param region the region probed
 * @param healthy whether the region answered (any answer, a 404 too)
 * @param latency how long the probe took
 * @param failure the regional failure of an unhealthy probe, or null
 */
public record RegionProbedEvent(
    Instant time, String region, boolean healthy, Duration latency, Throwable failure)
    implements FailoverEvent {}
