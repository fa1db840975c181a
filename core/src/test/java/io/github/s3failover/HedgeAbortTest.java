package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.s3failover.event.ReadHedgedEvent;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;

/**
 * A hedged read's first attempt runs on the caller's thread (the library built the region's
 * client); when the hedge wins, that attempt's HTTP request is aborted, so the caller returns the
 * hedge's response at once and the connection goes back to the pool.
 */
@LocalRegions(count = 2)
@Timeout(60)
class HedgeAbortTest {
  /** Every read is hedged after 20 ms, without a budget to run out of. */
  private static final HedgedReads ALWAYS = Fixture.hedgeEveryRead(Duration.ofMillis(20));

  /** A read timeout no read of these tests may wait out. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  /** Breakers that never open, so that every read of the black-holed primary races. */
  private static final CircuitBreakerConfig NEVER_OPEN = Fixture.neverOpen();

  @Test
  void aWinningHedgeAbortsTheBlackHoledFirstAttemptAndTheCallerReturnsAtOnce(TestRegions regions)
      throws Exception {
    Fixture.seed(regions, "k", Fixture.bytes("payload"));
    Fixture fixture = new Fixture();
    regions.primary().tcp().blackHole();
    try (FailoverS3Client client = client(fixture, regions)) {
      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        long start = System.nanoTime();
        assertThat(client.getObjectAsBytes(b -> b.bucket("data").key("k")).asUtf8String())
            .isEqualTo("payload");
        try (InputStream in = client.getObject(b -> b.bucket("data").key("k"))) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("payload");
        }
        assertThat(client.headObject(b -> b.bucket("data").key("k")).contentLength()).isEqualTo(7);
        millis.add((System.nanoTime() - start) / 1_000_000);
      }

      // Three reads each: the hedge delay and the secondary's own latency, not the read timeout.
      assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(1500));
      assertThat(fixture.events(ReadHedgedEvent.class))
          .hasSize(12)
          .allSatisfy(e -> assertThat(e.winner()).isEqualTo("secondary"));
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(8);
      assertThat(regions.secondary().region().requestCount(Operation.HEAD_OBJECT)).isEqualTo(4);
      // Each aborted first attempt was sent once: the SDK did not retry it.
      // (Counted by the proxy's own threads: waited for, not read once.)
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> regions.primary().tcp().requestsEntered() == 12);
      // The abort did not leave the caller's thread interrupted.
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
  }

  @Test
  void abortedFirstAttemptsGiveTheirConnectionsBackToThePool(TestRegions regions) {
    Fixture.seed(regions, "k", Fixture.bytes("payload"));
    Fixture fixture = new Fixture();
    regions.primary().tcp().blackHole();
    try (FailoverS3Client client = client(fixture, regions)) {
      // More aborted first attempts than the HTTP client's pool holds (50 connections): had they
      // kept their connections, the primary could not be sent a request until the read timeout.
      for (int i = 0; i < 60; i++) {
        assertThat(client.getObjectAsBytes(b -> b.bucket("data").key("k")).asUtf8String())
            .isEqualTo("payload");
      }
      assertThat(fixture.events(ReadHedgedEvent.class))
          .hasSize(60)
          .allSatisfy(e -> assertThat(e.winner()).isEqualTo("secondary"));

      regions.primary().tcp().pass();
      regions.primary().tcp().resetCounters();
      for (int i = 0; i < 20; i++) {
        assertThat(client.getObjectAsBytes(b -> b.bucket("data").key("k")).asUtf8String())
            .isEqualTo("payload");
      }
      assertThat(regions.primary().tcp().requestsEntered()).isEqualTo(20);
    }
  }

  @Test
  void aFirstRegionThatWinsAbortsTheHedgeInTheBlackHoleAndItsConnectionIsReleased(
      TestRegions regions) {
    Fixture.seed(regions, "k", Fixture.bytes("payload"));
    Fixture fixture = new Fixture();
    try (FailoverS3Client client = client(fixture, regions)) {
      for (int i = 0; i < 4; i++) {
        client.getObjectAsBytes(b -> b.bucket("data").key("k")); // past the cold-start delay
      }
      fixture.events.clear();
      regions.secondary().tcp().blackHole();
      // The primary answers after 2 x 15 ms at least: after the hedge delay, so every read races.
      regions.primary().tcp().latency(Duration.ofMillis(15));
      // More hedges into the black hole than the secondary's pool holds (50 connections).
      for (int i = 0; i < 55; i++) {
        assertThat(client.getObjectAsBytes(b -> b.bucket("data").key("k")).asUtf8String())
            .isEqualTo("payload");
      }
      assertThat(fixture.events(ReadHedgedEvent.class))
          .hasSize(55)
          .allSatisfy(e -> assertThat(e.winner()).isEqualTo("primary"));

      // Now the other way round: only the hedges can answer, and only if the secondary's pool
      // got its connections back.
      regions.secondary().tcp().pass();
      regions.primary().tcp().blackHole();
      regions.secondary().tcp().resetCounters();
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        assertThat(client.getObjectAsBytes(b -> b.bucket("data").key("k")).asUtf8String())
            .isEqualTo("payload");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1500);
      }
      assertThat(regions.secondary().tcp().requestsEntered()).isEqualTo(5);
    }
  }

  @Test
  void anHttpClientSetByACustomizerIsAbortedToo(TestRegions regions) {
    Fixture.seed(regions, "k", Fixture.bytes("payload"));
    Fixture fixture = new Fixture();
    regions.primary().tcp().blackHole();
    try (FailoverS3Client client =
        fixture
            .builder(
                regions,
                (region, b) ->
                    b.clientCustomizer(
                        s3 ->
                            s3.httpClientBuilder(
                                Apache5HttpClient.builder().socketTimeout(READ_TIMEOUT))))
            .circuitBreakerConfig(NEVER_OPEN)
            .hedgedReads(ALWAYS)
            .build()) {
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        assertThat(client.getObjectAsBytes(b -> b.bucket("data").key("k")).asUtf8String())
            .isEqualTo("payload");
        // Not aborted, the caller would wait for the customizer's 10 s read timeout.
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1500);
      }
      assertThat(fixture.events(ReadHedgedEvent.class))
          .hasSize(3)
          .allSatisfy(e -> assertThat(e.winner()).isEqualTo("secondary"));
    }
  }

  private static FailoverS3Client client(Fixture fixture, TestRegions regions) {
    return fixture
        .builder(regions)
        .readTimeout(READ_TIMEOUT)
        .circuitBreakerConfig(NEVER_OPEN)
        .hedgedReads(ALWAYS)
        .build();
  }
}
