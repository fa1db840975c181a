package io.github.s3failover.internal.routing;

import io.github.s3failover.internal.InternalApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Tells what a failure says about the region that produced it: a regional failure (the region
 * cannot serve: timeouts, refused or reset connections, 5xx that are not throttling), an answer
 * (404, 403, throttling...: the region is up), or a failure of the caller's own making (its body or
 * transformer failed, it gave up, its Apache connection pool is exhausted), which says nothing
 * about the region.
 */
@InternalApi
public final class FailureClassifier {
  /** What a failure says about the region. */
  public enum Verdict {
    /** The region cannot serve now: counts against its breaker, and the call may move. */
    REGIONAL,
    /** The region answered: it is up; the answer goes to the application. */
    ANSWER,
    /** The caller's side failed: nothing is recorded, the error goes to the application. */
    LOCAL
  }

  /** Exceptions of HTTP clients whose connection pool had no free connection in time. */
  private static final Set<String> POOL_EXHAUSTED =
      Set.of(
          "org.apache.hc.core5.http.ConnectionRequestTimeoutException",
          "org.apache.http.conn.ConnectionPoolTimeoutException");

  /** How the SDK's CRT-based S3 client begins the message of a request that got no answer. */
  private static final String CRT_NOT_SENT = "Failed to send the request: ";

  /**
   * Words of the CRT's descriptions of its network errors (aws-c-io, aws-c-http): "socket
   * connection refused.", "socket is closed.", "socket operation timed out.", "The connection has
   * closed or is closing.", "A query to dns failed to resolve.", TLS negotiation failures, a
   * connection below its minimum throughput.
   */
  private static final List<String> CRT_TRANSPORT =
      List.of(
          "socket",
          "connection has closed",
          "server closed",
          "network is down",
          "no route to host",
          "dns",
          "tls",
          "throughput",
          // A 500 or 503 the CRT got with no body to read (its own HEAD): it calls every 503
          // "throttling", but with no error code to tell SlowDown apart this is taken as the
          // SDK's Netty client's bodyless 503 is, for the region's failure.
          "response code indicates internal server error",
          "response code indicates throttling");

  private FailureClassifier() {}

  /**
   * Classifies one attempt's failure.
   *
   * @param t the failure
   * @param facts what the attempt observed of the application's side
   * @return the verdict
   */
  public static Verdict classify(Throwable t, AttemptFacts facts) {
    if (facts.applicationFailed() || isAborted(t) || isPoolExhausted(t)) {
      return Verdict.LOCAL;
    }
    return isRegional(t) ? Verdict.REGIONAL : Verdict.ANSWER;
  }

  /**
   * Whether the failure says the region cannot serve now; only these count against a breaker.
   *
   * @param t the failure
   * @return true if regional
   */
  public static boolean isRegional(Throwable t) {
    if (t instanceof SdkServiceException) {
      SdkServiceException service = (SdkServiceException) t;
      if (isThrottling(service)) {
        return false;
      }
      int status = service.statusCode();
      return status == 500 || status == 502 || status == 503 || status == 504;
    }
    if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException) {
      return true;
    }
    if (t instanceof IOException) {
      // The transport's own failure, unwrapped: the SDK's multipart download hands it so to a
      // transformer it splits (a refused connection, a read timeout), and that transformer's
      // result is the call's. (A transformer that failed by itself was told apart before.)
      return true;
    }
    if (t instanceof SdkClientException && (isNettyAcquireTimeout(t) || isCrtTransport(t))) {
      return true;
    }
    if (t instanceof SdkClientException || t instanceof UncheckedIOException) {
      for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
        if (c instanceof IOException) {
          return true;
        }
        // A multipart client (the Transfer Manager's regional clients) reports a part that
        // failed in the region (its attempt timed out, a 5xx after its retries) wrapped in a
        // client error of its own.
        if ((c instanceof SdkServiceException || c instanceof ApiCallAttemptTimeoutException)
            && isRegional(c)) {
          return true;
        }
      }
      // When the SDK's own retry in the region cannot go on (a body that cannot be reset after
      // a 503), it throws a client error and keeps the region's failure as a suppressed one.
      for (Throwable earlier : t.getSuppressed()) {
        if (earlier != t && isRegional(earlier)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the caller gave up (its thread was interrupted, or the call aborted), not the region.
   * The SDK's own attempt timeout interrupts the thread too, but reports itself as {@link
   * ApiCallAttemptTimeoutException}, which is regional.
   *
   * @param t the failure
   * @return true if the caller aborted
   */
  public static boolean isAborted(Throwable t) {
    if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException) {
      return false;
    }
    return t instanceof AbortedException || Thread.currentThread().isInterrupted();
  }

  /**
   * Whether the HTTP client had no free pooled connection in time: the caller's overload (more
   * concurrent calls than connections, or response streams left open), not the region's failure.
   * Only Apache's pools say so unambiguously: their wait for a pooled connection does not include
   * connecting. Netty's "acquire" does include connecting (and the TLS handshake), so its acquire
   * timeout is taken as the region's failure (see {@link #isRegional}).
   *
   * @param t the failure
   * @return true if the connection pool was exhausted
   */
  public static boolean isPoolExhausted(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (POOL_EXHAUSTED.contains(c.getClass().getName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the SDK's CRT-based S3 client ({@code S3AsyncClient.crtBuilder()}) got no HTTP answer
   * because of the network: it reports that as a client error "Failed to send the request: " and
   * the CRT's description of its error, with no exception as the cause; so too a 500 or 503 that
   * came without a body. Only the CRT's socket, connection, DNS, TLS and throughput errors and
   * those answers count: its other errors (an answer it could not parse, a cancelled request) say
   * nothing about the region.
   */
  private static boolean isCrtTransport(Throwable t) {
    String message = t.getMessage();
    if (message == null || !message.startsWith(CRT_NOT_SENT)) {
      return false;
    }
    String error = message.substring(CRT_NOT_SENT.length()).toLowerCase(Locale.ROOT);
    return CRT_TRANSPORT.stream().anyMatch(error::contains);
  }

  /** Netty's acquire timeout: no connection could be had, new connections included. */
  private static boolean isNettyAcquireTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String message = c.getMessage();
      if (message != null && message.contains("Acquire operation took longer than")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether S3 asked the client to slow down: a sign of load, not of a failed region.
   *
   * @param t the failure
   * @return true if throttling
   */
  public static boolean isThrottling(Throwable t) {
    if (!(t instanceof SdkServiceException)) {
      return false;
    }
    SdkServiceException service = (SdkServiceException) t;
    if (service.isThrottlingException() || service.statusCode() == 429) {
      return true;
    }
    String code = errorCode(service);
    return "SlowDown".equals(code) || "Throttling".equals(code);
  }

  /**
   * Whether the call may be repeated in the same region by the SDK: throttling and 500/503.
   *
   * @param t the failure
   * @return true if a retry in the region may help
   */
  public static boolean isRetryableInRegion(Throwable t) {
    if (isThrottling(t)) {
      return true;
    }
    if (t instanceof SdkServiceException) {
      int status = ((SdkServiceException) t).statusCode();
      return status == 500 || status == 503;
    }
    return false;
  }

  static String errorCode(SdkServiceException service) {
    if (service instanceof AwsServiceException) {
      var details = ((AwsServiceException) service).awsErrorDetails();
      return details == null ? null : details.errorCode();
    }
    return null;
  }

  /**
   * Whether the region answered 404.
   *
   * @param t the failure
   * @return true for a 404
   */
  public static boolean isNotFound(Throwable t) {
    return t instanceof SdkServiceException && ((SdkServiceException) t).statusCode() == 404;
  }
}
