package io.github.s3failover.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP-level fault injector: a WireMock server on 127.0.0.1 that proxies every request to a
 * target (normally a {@link LocalRegion}) or answers in its place with an S3 error.
 *
 * <p>The Host header is passed through unchanged, so SigV4 signatures made for this endpoint still
 * verify at the target. WireMock buffers each request and response whole before forwarding it;
 * bodies, including the SDK's aws-chunked uploads with trailing checksums, arrive intact, only not
 * streamed, so this is not the tool for a fault in the middle of a body (use {@link FaultProxy}).
 * The request journal is off, so a long test does not accumulate request bodies in memory.
 * WireMock's chatter goes to this class's slf4j logger at debug level.
 */
public final class HttpFaults implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpFaults.class);

  private final WireMockServer server;
  private final String target;
  private final AtomicLong requests = new AtomicLong();
  private final UUID stubId = UUID.randomUUID();
  private boolean stubbed; // guarded by this
  private String mode = "pass"; // guarded by this

  private HttpFaults(URI target) {
    this.target = target.getScheme() + "://" + target.getRawAuthority();
    this.server =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .preserveHostHeader(true)
                .disableRequestJournal()
                // Otherwise every request, body included, is formatted into a log line.
                .stubRequestLoggingDisabled(true)
                .gzipDisabled(true)
                .stubCorsEnabled(false)
                .containerThreads(20)
                .notifier(new Slf4jNotifier())
                .extensions(new Counter(requests)));
    server.start();
  }

  /**
   * Starts a fault injector in front of {@code target}, in pass-through mode.
   *
   * @param target the endpoint to proxy to, e.g. {@link LocalRegion#endpoint()}
   * @return the running injector
   */
  public static HttpFaults start(URI target) {
    Objects.requireNonNull(target, "target");
    HttpFaults faults = new HttpFaults(target);
    faults.pass();
    LOG.debug("http faults at {} in front of {}", faults.endpoint(), faults.target);
    return faults;
  }

  /**
   * Where clients send requests to be subject to these faults.
   *
   * @return {@code http://127.0.0.1:PORT}
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /**
   * The mode now in force, for messages.
   *
   * @return e.g. {@code "pass"} or {@code "503 SlowDown"}
   */
  public synchronized String mode() {
    return mode;
  }

  /** Proxies every request to the target unchanged. */
  public void pass() {
    answer("pass", aResponse().proxiedFrom(target));
  }

  /** Answers every request with 503 ServiceUnavailable, as S3 does when a region is in trouble. */
  public void serviceUnavailable() {
    answer("503 ServiceUnavailable", error(503, "ServiceUnavailable", "Service is unavailable."));
  }

  /** Answers every request with 503 SlowDown, S3's throttling answer. */
  public void slowDown() {
    answer("503 SlowDown", error(503, "SlowDown", "Please reduce your request rate."));
  }

  /** Answers every request with 500 InternalError. */
  public void internalError() {
    answer(
        "500 InternalError",
        error(500, "InternalError", "We encountered an internal error. Please try again."));
  }

  /**
   * Proxies every request to the target and holds each response back for {@code delay} before
   * sending it.
   *
   * @param delay how long to hold each response
   */
  public void slowResponses(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    answer(
        "slow " + delay.toMillis() + " ms",
        aResponse().proxiedFrom(target).withFixedDelay(Math.toIntExact(delay.toMillis())));
  }

  /**
   * Requests received since start or {@link #resetCounters()}, in any mode.
   *
   * @return the count
   */
  public long requestCount() {
    return requests.get();
  }

  /** Sets {@link #requestCount()} back to zero. */
  public void resetCounters() {
    requests.set(0);
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop();
  }

  private static ResponseDefinitionBuilder error(int status, String code, String message) {
    String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/xml")
        .withHeader("x-amz-request-id", requestId)
        .withBody(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message><RequestId>"
                + requestId
                + "</RequestId></Error>");
  }

  private synchronized void answer(String newMode, ResponseDefinitionBuilder response) {
    // One stub, edited in place: removing and re-adding would leave a moment with no stub, in
    // which a request would get WireMock's own 404.
    var mapping = any(anyUrl()).withId(stubId).willReturn(response);
    if (stubbed) {
      server.editStub(mapping);
    } else {
      server.stubFor(mapping);
      stubbed = true;
    }
    mode = newMode;
    LOG.debug("http faults at {} now {}", endpoint(), newMode);
  }

  /** Counts requests as they arrive, before any stub is matched. */
  private static final class Counter implements ServeEventListener {
    private final AtomicLong requests;

    Counter(AtomicLong requests) {
      this.requests = requests;
    }

    @Override
    public void beforeMatch(ServeEvent serveEvent, Parameters parameters) {
      requests.incrementAndGet();
    }

    @Override
    public String getName() {
      return "s3-failover-request-counter";
    }
  }

  /** Sends WireMock's notices to slf4j: chatter at debug, errors as warnings. */
  private static final class Slf4jNotifier implements Notifier {
    @Override
    public void info(String message) {
      LOG.debug("wiremock: {}", message);
    }

    @Override
    public void error(String message) {
      LOG.warn("wiremock: {}", message);
    }

    @Override
    public void error(String message, Throwable t) {
      LOG.warn("wiremock: {}", message, t);
    }
  }
}
