package io.github.s3failover.dns.internal;

import io.github.s3failover.event.DnsFailureEvent.Reason;
import io.github.s3failover.internal.InternalApi;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.WireParseException;

/**
 * Sends one query straight to the configured servers and reads the answer. No cache sits in between
 * (neither the JVM's nor dnsjava's shared one), so every TTL seen is the server's.
 */
@InternalApi
public final class DnsLookup {
  /** Slack over the resolver's own timeout, in case it never completes its future. */
  private static final long SAFETY_MARGIN_MILLIS = 1_000;

  private final Resolver resolver;
  private final Name name;
  private final int type;
  private final DnsAnswerParser parser;
  private final boolean requireAuthenticated;
  private final long timeoutMillis;

  /**
   * Creates the lookup.
   *
   * @param resolver where to send the query (timeout already set)
   * @param name the name to resolve
   * @param type the record type to ask for, a {@code org.xbill.DNS.Type} constant
   * @param parser how to read the answer
   * @param requireAuthenticated whether the answer must be DNSSEC-validated
   * @param timeout the resolver's timeout
   */
  public DnsLookup(
      Resolver resolver,
      Name name,
      int type,
      DnsAnswerParser parser,
      boolean requireAuthenticated,
      Duration timeout) {
    this.resolver = resolver;
    this.name = name;
    this.type = type;
    this.parser = parser;
    this.requireAuthenticated = requireAuthenticated;
    this.timeoutMillis = timeout.toMillis() + SAFETY_MARGIN_MILLIS;
  }

  /**
   * Sends the query. The future never fails: a failure is a {@link DnsAnswer.Failed}.
   *
   * @return the answer, when it arrives
   */
  public CompletableFuture<DnsAnswer> send() {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    CompletableFuture<Message> response;
    try {
      response = resolver.sendAsync(query).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failure(e));
    }
    return response
        .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .handle(
            (message, error) -> {
              if (error != null) {
                return failure(error);
              }
              try {
                return parser.parse(name, message, requireAuthenticated);
              } catch (RuntimeException e) {
                return failure(e);
              }
            });
  }

  private DnsAnswer failure(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (isTimeout(e)) {
      return new DnsAnswer.Failed(Reason.TIMEOUT, "no answer in time: " + e.getMessage(), e);
    }
    if (e instanceof WireParseException) {
      return new DnsAnswer.Failed(Reason.MALFORMED, "unreadable answer: " + e.getMessage(), e);
    }
    if (e instanceof IOException) {
      return new DnsAnswer.Failed(Reason.IO_ERROR, e.toString(), e);
    }
    return new DnsAnswer.Failed(Reason.MALFORMED, e.toString(), e);
  }

  /** dnsjava reports a timeout as an IOException caused by a TimeoutException. */
  private static boolean isTimeout(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof SocketTimeoutException || e instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the name resolved.
   *
   * @return the name
   */
  public Name name() {
    return name;
  }
}
