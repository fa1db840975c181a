package io.github.s3failover.event;

import java.time.Duration;
import java.time.Instant;

/**
 * A DNS answer named no configured region (or named two at once) and was ignored: DNS may only
 * choose among the regions the application configured. The previous answer is kept for the stale
 * time, as after a failed lookup. Logged at WARN.
 *
 * @param time when the answer arrived
 * @param name the DNS name resolved, for example {@code app.example.com}
 * @param answer what the answer named (CNAME targets, TXT strings or addresses), for logs
 * @param ttl the TTL of the answer as served
 * @param staleAnswerKept true if the last good answer is still used
 */
public record DnsAnswerIgnoredEvent(
    Instant time, String name, String answer, Duration ttl, boolean staleAnswerKept)
    implements FailoverEvent {}
