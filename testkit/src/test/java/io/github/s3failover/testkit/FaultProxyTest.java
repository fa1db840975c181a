package io.github.s3failover.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@Timeout(30)
class FaultProxyTest {

  private static final String BUCKET = "proxied";
  private static final int MIB = 1024 * 1024;

  private static LocalRegion region;
  private static byte[] big;

  private FaultProxy proxy;
  private S3Client s3;

  @BeforeAll
  static void startRegion() {
    region = LocalRegion.start("proxied");
    region.createBucket(BUCKET);
    big = new byte[MIB];
    new Random(7).nextBytes(big);
    region.putObject(BUCKET, "big", big);
    region.putObject(BUCKET, "small", new byte[] {42});
  }

  @AfterAll
  static void stopRegion() {
    region.close();
  }

  @BeforeEach
  void startProxy() {
    proxy = FaultProxy.start(region.endpoint());
    s3 = Clients.s3(proxy.endpoint(), region.credentials(), Duration.ofMillis(500));
  }

  @AfterEach
  void stopProxy() {
    s3.close();
    proxy.close();
  }

  private byte[] getSmall() {
    return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small")).asByteArray();
  }

  private static Duration time(ThrowingCallable call) {
    long started = System.nanoTime();
    try {
      call.call();
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  @Test
  void passForwardsRequestsToTheTarget() {
    assertThat(getSmall()).containsExactly(42);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("big")).asByteArray()).isEqualTo(big);
    assertThat(proxy.mode()).isEqualTo(Fault.pass());
    assertThat(proxy.connectionsAccepted()).isEqualTo(1);
    assertThat(proxy.endpoint().getPort()).isEqualTo(proxy.port());
    proxy.resetCounters();
    assertThat(proxy.connectionsAccepted()).isZero();
  }

  @Test
  void refuseFailsNewAndPooledConnectionsFast() {
    getSmall(); // leaves a pooled keep-alive connection
    proxy.refuse();

    Duration pooled =
        time(() -> assertThatThrownBy(this::getSmall).isInstanceOf(SdkClientException.class));
    Duration fresh =
        time(
            () ->
                assertThatThrownBy(this::getSmall)
                    .isInstanceOf(SdkClientException.class)
                    .hasRootCauseInstanceOf(ConnectException.class));

    assertThat(pooled).isLessThan(Duration.ofSeconds(2));
    assertThat(fresh).isLessThan(Duration.ofSeconds(2));
    assertThatThrownBy(() -> new Socket("127.0.0.1", proxy.port()).close())
        .isInstanceOf(ConnectException.class);
    assertThat(proxy.openConnections()).isZero();
  }

  @Test
  void passAfterRefuseListensAgainOnTheSamePort() {
    int port = proxy.port();
    proxy.refuse();
    assertThatThrownBy(this::getSmall).isInstanceOf(SdkClientException.class);

    proxy.pass();

    assertThat(proxy.port()).isEqualTo(port);
    assertThat(getSmall()).containsExactly(42);
  }

  @Test
  void blackHoleMakesNewAndPooledConnectionsTimeOut() {
    getSmall();
    proxy.blackHole();

    for (int attempt = 0; attempt < 2; attempt++) {
      Duration waited =
          time(
              () ->
                  assertThatThrownBy(this::getSmall)
                      .isInstanceOf(SdkClientException.class)
                      .hasRootCauseInstanceOf(SocketTimeoutException.class));
      assertThat(waited).isBetween(Duration.ofMillis(450), Duration.ofSeconds(5));
    }
    assertThat(region.requestCount(Operation.GET_OBJECT)).isEqualTo(1);

    proxy.pass();
    assertThat(getSmall()).containsExactly(42);
  }

  @Test
  void blackHoleKeepsAcceptedSocketsOpenAndSilent() throws IOException {
    proxy.blackHole();
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(300);
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
    }
    assertThat(proxy.connectionsAccepted()).isEqualTo(1);
  }

  @Test
  void resetAfterBytesCutsAResponseMidBody() throws IOException {
    region.resetCounters();
    proxy.resetAfterBytes(256 * 1024);

    long received = 0;
    IOException failure = null;
    try (InputStream in = s3.getObject(b -> b.bucket(BUCKET).key("big"))) {
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        received += n;
      }
    } catch (IOException | SdkClientException e) {
      failure = e instanceof IOException ? (IOException) e : new IOException(e);
    }

    assertThat(failure).as("the body must be cut").isNotNull();
    assertThat(received).as("body bytes before the reset").isBetween(1L, (long) MIB - 1);
    assertThat(region.requestCount(Operation.GET_OBJECT)).isEqualTo(1);
  }

  @Test
  void resetBeforeTheResponseLosesTheAnswerButNotTheWrite() {
    region.resetCounters();
    proxy.resetAfterBytes(0);

    assertThatThrownBy(
            () -> s3.putObject(b -> b.bucket(BUCKET).key("written"), RequestBody.fromString("x")))
        .isInstanceOf(SdkClientException.class);

    assertThat(region.uploadsReceived(BUCKET, "written")).isEqualTo(1);
    assertThat(region.objectExists(BUCKET, "written")).isTrue();
  }

  @Test
  void latencyDelaysEveryExchange() {
    getSmall(); // the pooled connection must feel the delay too
    proxy.latency(Duration.ofMillis(150));

    Duration delayed = time(this::getSmall);

    assertThat(proxy.mode()).isEqualTo(Fault.latency(Duration.ofMillis(150)));
    // One request and one response, each 150 ms late.
    assertThat(delayed).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    proxy.pass();
    assertThat(time(this::getSmall)).isLessThan(Duration.ofMillis(300));
  }

  @Test
  void latencyKeepsThroughput() {
    proxy.latency(Duration.ofMillis(100));
    Duration elapsed =
        time(
            () ->
                assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("big")).asByteArray())
                    .isEqualTo(big));
    // A delay per 16 KiB chunk would make 1 MiB take 6.4 s; a delay line adds one round trip.
    assertThat(elapsed).isBetween(Duration.ofMillis(200), Duration.ofSeconds(3));
  }

  @Test
  void bandwidthSlowsALargeBodyButNotASmallExchange() {
    getSmall();
    proxy.bandwidth(MIB);

    Duration small = time(this::getSmall);
    Duration large =
        time(
            () ->
                assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("big")).asByteArray())
                    .isEqualTo(big));

    assertThat(proxy.mode()).isEqualTo(Fault.bandwidth(MIB));
    assertThat(small).isLessThan(Duration.ofMillis(300));
    // 1 MiB at 1 MiB/s: about a second, though bytes keep arriving well within the read timeout.
    assertThat(large).isBetween(Duration.ofMillis(800), Duration.ofSeconds(4));
  }

  @Test
  void closedProxyRefusesAndRejectsSwitches() {
    proxy.close();
    assertThatThrownBy(this::getSmall).isInstanceOf(SdkClientException.class);
    assertThatThrownBy(proxy::pass).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void faultsCompareByValue() {
    assertThat(Fault.resetAfterBytes(3)).isEqualTo(Fault.resetAfterBytes(3));
    assertThat(Fault.latency(Duration.ofMillis(5)).toString()).isEqualTo("LATENCY(5 ms)");
    assertThat(Fault.bandwidth(5).toString()).isEqualTo("BANDWIDTH(5 B/s)");
    assertThatThrownBy(() -> Fault.bandwidth(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.resetAfterBytes(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBodySentIntoABlackHoleIsCountedAtTheProxyThoughNoServerSeesIt() {
    region.resetCounters();
    byte[] body = new byte[40_000];
    s3.putObject(b -> b.bucket(BUCKET).key("seen"), RequestBody.fromBytes(body));
    proxy.blackHole();
    assertThatThrownBy(
            () -> s3.putObject(b -> b.bucket(BUCKET).key("lost"), RequestBody.fromBytes(body)))
        .isInstanceOf(SdkClientException.class);

    assertThat(proxy.requestsEntered("PUT", "/" + BUCKET + "/seen")).isEqualTo(1);
    assertThat(proxy.bodiesEntered("PUT", "/" + BUCKET + "/seen")).isEqualTo(1);
    assertThat(proxy.bodiesEntered("PUT", "/" + BUCKET + "/lost")).isEqualTo(1);
    assertThat(region.uploadsReceived(BUCKET, "lost")).isZero();
    assertThat(proxy.bodyBytesEntered()).isGreaterThanOrEqualTo(2L * body.length);
    assertThat(proxy.bytesSwallowed()).isGreaterThan(body.length);
    assertThat(proxy.unparsedConnections()).isZero();

    // Leaving the black hole resets its connection if the client has not reset it already.
    proxy.pass();
    long resetsBefore = proxy.connectionsResetByFaults();
    assertThat(getSmall()).containsExactly(42);
    proxy.refuse(); // the pooled connection of that read is open: refusing resets it
    assertThat(proxy.connectionsResetByFaults() - resetsBefore).isEqualTo(1);
    proxy.pass();
    proxy.resetCounters();
    assertThat(proxy.requestsEntered()).isZero();
    assertThat(proxy.bodiesEntered("PUT", "/" + BUCKET + "/seen")).isZero();
  }
}
