package io.github.s3failover.event;

import java.time.Duration;
import java.time.Instant;

/**
 * The region named by a DNS-backed preference's answer changed (for Route 53: the failover record
 * was flipped). The client's own reaction is reported separately, by {@link
 * PreferredRegionChangedEvent} and {@link RegionSwitchedEvent}.
 *
 * @param time when the new answer arrived
 * @param name the DNS name resolved, for example {@code app.example.com}
 * @param oldRegion the region named until now, or null if there was none
 * @param newRegion the region named from now on
 * @param ttl the TTL of the new answer as served (the lowest TTL of the records used), before
 *     clamping
 */
public record DnsAnswerChangedEvent(
    Instant time, String name, String oldRegion, String newRegion, Duration ttl)
    implements FailoverEvent {}
