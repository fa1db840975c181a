package io.github.s3failover.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An endpoint that answers every other probe 503: a checker flips only after FailureThreshold
 * consecutive failures, so with a threshold of 3 the check never turns unhealthy and the answer
 * never moves; with a threshold of 1 and one checker it flips with nearly every probe.
 */
class FlappingEndpointTest {

  private final AtomicInteger probes = new AtomicInteger();
  private HttpServer endpoint;

  @BeforeEach
  void startEndpoint() throws Exception {
    endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext(
        "/",
        exchange -> {
          int status = probes.incrementAndGet() % 2 == 0 ? 503 : 200;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    endpoint.start();
  }

  @AfterEach
  void stopEndpoint() {
    endpoint.stop(0);
  }

  private void runWith(LocalRoute53 route53, int threshold) throws InterruptedException {
    String zone = route53.addZone("example.com");
    String check =
        route53.createHealthCheck(
            LocalHealthCheck.http("flappy.test", endpoint.getAddress().getPort(), "/h")
                .every(10, threshold));
    route53.upsert(
        zone,
        LocalRecord.failoverCname("app.example.com", "PRIMARY", "flappy.test", 1, check),
        LocalRecord.failoverCname("app.example.com", "SECONDARY", "other.test", 1, null));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (probes.get() < 24 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(probes.get()).as("probes").isGreaterThanOrEqualTo(24);
  }

  private static long count(LocalRoute53 route53, Class<? extends Route53Event> type) {
    return route53.events().stream().filter(type::isInstance).count();
  }

  @Test
  void withAThresholdOfThreeTheCheckNeverFlipsAndTheAnswerStaysOnThePrimary() throws Exception {
    try (LocalRoute53 route53 =
        LocalRoute53.builder().timeFactor(0.01).checkers(2).changeDelay(Duration.ZERO).start()) {
      runWith(route53, 3);

      assertThat(count(route53, Route53Event.HealthChanged.class)).isZero();
      assertThat(count(route53, Route53Event.AnswerChanged.class)).isOne(); // the first answer
      assertThat(route53.answer("app.example.com", "CNAME").orElseThrow())
          .containsExactly("flappy.test");
    }
  }

  @Test
  void withAThresholdOfOneAndOneCheckerTheAnswerFlapsWithTheProbes() throws Exception {
    try (LocalRoute53 route53 =
        LocalRoute53.builder().timeFactor(0.01).checkers(1).changeDelay(Duration.ZERO).start()) {
      runWith(route53, 1);

      assertThat(count(route53, Route53Event.HealthChanged.class)).isGreaterThanOrEqualTo(20);
      assertThat(count(route53, Route53Event.AnswerChanged.class)).isGreaterThanOrEqualTo(20);
    }
  }
}
