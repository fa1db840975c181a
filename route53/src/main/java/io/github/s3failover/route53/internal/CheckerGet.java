package io.github.s3failover.route53.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * An anonymous GET judged the way one Route 53 health checker judges its probe: a TCP connection
 * within 4 s, then an HTTP status within 2 s, 2xx or 3xx counting as success (redirects are not
 * followed). Source: Route 53 Developer Guide, "How Route 53 determines the status of health checks
 * that monitor an endpoint".
 *
 * <p>What it cannot show: the checkers connect from Route 53's published health-checker address
 * ranges (ip-ranges.json, service ROUTE53_HEALTHCHECKS), not from this machine, so a bucket policy
 * conditioned on aws:SourceIp, aws:SourceVpce or aws:SourceVpc answers them differently; and they
 * do not validate TLS certificates, which this client does.
 */
public final class CheckerGet {

  /** Route 53's connect limit for HTTP and HTTPS checks. */
  public static final Duration CONNECT = Duration.ofSeconds(4);

  /** Route 53's limit for the HTTP status after the connection. */
  public static final Duration RESPONSE = Duration.ofSeconds(2);

  /** What this GET cannot prove, said with every result. */
  public static final String CANNOT_PROVE =
      "this GET came from this machine, not from Route 53's health-checker ranges, so a bucket"
          + " policy conditioned on aws:SourceIp, aws:SourceVpce or aws:SourceVpc answers the"
          + " checkers differently; and checkers do not validate certificates";

  /** How a probe ended. */
  public enum Outcome {
    /** 2xx or 3xx in time. */
    SUCCESS,
    /** Anything a checker counts as a failure. */
    FAILURE,
    /** The TLS handshake failed here; a checker, which does not validate certificates, may pass. */
    TLS_FAILED_HERE
  }

  /** The outcome and what happened. */
  public record Result(Outcome outcome, String detail) {}

  private final HttpClient http;

  /**
   * Creates a prober.
   *
   * @param http a client that does not follow redirects
   */
  public CheckerGet(HttpClient http) {
    this.http = http;
  }

  /**
   * A client as the checkers behave: no redirects, Route 53's connect limit.
   *
   * @return the client
   */
  public static HttpClient client() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(CONNECT)
        .build();
  }

  /**
   * Probes a URL.
   *
   * @param url the health URL
   * @return the result
   */
  public Result probe(URI url) {
    int port = url.getPort() > 0 ? url.getPort() : "http".equals(url.getScheme()) ? 80 : 443;
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(url.getHost(), port), (int) CONNECT.toMillis());
    } catch (IOException e) {
      return new Result(Outcome.FAILURE, "no TCP connection within 4 s (" + e.getMessage() + ")");
    }
    Duration connect = Duration.ofNanos(System.nanoTime() - start);
    try {
      // The client connects again; allow it the time the first connection took, plus Route 53's
      // 2 s for the status.
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(url).timeout(RESPONSE.plus(connect)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      if (status >= 200 && status < 400) {
        return new Result(Outcome.SUCCESS, "answered " + status);
      }
      return new Result(Outcome.FAILURE, "answered " + status);
    } catch (HttpTimeoutException e) {
      return new Result(Outcome.FAILURE, "sent no HTTP status within 2 s of connecting");
    } catch (SSLException e) {
      return new Result(Outcome.TLS_FAILED_HERE, "TLS failed here: " + e.getMessage());
    } catch (IOException e) {
      return new Result(Outcome.FAILURE, "failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Outcome.FAILURE, "was interrupted");
    }
  }
}
