package io.github.s3failover.event;

import java.time.Instant;

/**
 * The {@code RegionPreference} named another region (for a DNS preference: the Route 53 answer
 * changed). Logged at INFO.
 *
 * @param time when the client noticed
 * @param fromRegion the region preferred until now, or null for priority order
 * @param toRegion the region preferred from now on, or null for priority order
 */
public record PreferredRegionChangedEvent(Instant time, String fromRegion, String toRegion)
    implements FailoverEvent {}
