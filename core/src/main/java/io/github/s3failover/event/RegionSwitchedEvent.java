package io.github.s3failover.event;

import java.time.Instant;

/**
 * The client moved its traffic from one region to another. Logged at INFO.
 *
 * @param time when it happened
 * @param fromRegion the region used until now, or null at start
 * @param toRegion the region used from now on
 * @param reason why
 */
public record RegionSwitchedEvent(
    Instant time, String fromRegion, String toRegion, SwitchReason reason)
    implements FailoverEvent {}
