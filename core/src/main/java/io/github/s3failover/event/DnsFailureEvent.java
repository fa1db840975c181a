package io.github.s3failover.event;

import java.time.Instant;

/**
 * A DNS-backed preference could not refresh its answer. Logged at WARN when a run of failures
 * starts and when the stale answer is given up.
 *
 * @param time when the lookup failed
 * @param name the DNS name resolved, for example {@code app.example.com}
 * @param reason what went wrong
 * @param detail a human-readable description, for logs
 * @param cause the exception behind the failure, or null if the server answered
 * @param staleAnswerKept true if the last good answer is still used (it is younger than the stale
 *     time); false if the preference now has no opinion and the configured priority order applies
 */
public record DnsFailureEvent(
    Instant time,
    String name,
    Reason reason,
    String detail,
    Throwable cause,
    boolean staleAnswerKept)
    implements FailoverEvent {

  /** Why a DNS lookup gave no usable answer. */
  public enum Reason {
    /** No answer arrived in time (server down, packets dropped). */
    TIMEOUT,
    /** The server answered SERVFAIL. */
    SERVFAIL,
    /** The name does not exist (NXDOMAIN). */
    NXDOMAIN,
    /** The name exists but the answer holds no record of the queried type (NODATA). */
    NO_ANSWER,
    /** The answer was still truncated after the retry over TCP. */
    TRUNCATED,
    /** The answer could not be parsed, or had another error code (REFUSED, ...). */
    MALFORMED,
    /** DNSSEC validation was required and the answer is bogus or not signed. */
    DNSSEC_INVALID,
    /** Another I/O error (network unreachable, connection refused over TCP, ...). */
    IO_ERROR,
    /**
     * No good answer arrived for longer than the stale time, so the last good one was given up and
     * the configured priority order applies.
     */
    STALE_ANSWER_EXPIRED
  }
}
