package io.github.s3failover.dns.internal;

import io.github.s3failover.event.DnsFailureEvent;
import io.github.s3failover.internal.InternalApi;
import java.time.Duration;

/**
 * What one DNS lookup said, reduced to what the preference needs: a configured region, an answer
 * that names none, or a failure.
 */
@InternalApi
public sealed interface DnsAnswer {

  /**
   * The answer names a configured region.
   *
   * @param regionId the region's id
   * @param ttl the lowest TTL of the records used
   * @param via the name, TXT string or address that matched, for logs
   */
  record Matched(String regionId, Duration ttl, String via) implements DnsAnswer {}

  /**
   * The answer is well formed but names no configured region, or two at once.
   *
   * @param description what it named, for logs
   * @param ttl the lowest TTL of the records seen
   */
  record Ignored(String description, Duration ttl) implements DnsAnswer {}

  /**
   * No usable answer.
   *
   * @param reason the kind of failure
   * @param detail a description for logs
   * @param cause the exception, or null if the server answered
   */
  record Failed(DnsFailureEvent.Reason reason, String detail, Throwable cause)
      implements DnsAnswer {}
}
