package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.s3failover.event.ReadHedgedEvent;
import io.github.s3failover.testkit.FaultProxy;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.ProxiedRequest;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3CrtAsyncClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * CRT-based regional clients under hedging and cancellation (decision 0024, "CRT"). A race's loser
 * and a call the application cancelled are stopped by cancelling the CRT client's future, with no
 * bypass as on Netty: these tests show that the CRT then aborts the request (its meta request,
 * every part of a ranged GET included) and gives its connection back. Each CRT client gets a few
 * connections only ({@code maxConcurrency}), so a request that kept its connection would starve the
 * next ones; a black hole the CRT would leave only after its 5 s throughput window. Reads raced
 * into {@code toBytes()} and streamed through {@code toPublisher()} or {@code
 * toBlockingInputStream()} (decision 0026) alike.
 */
@LocalRegions(count = 2)
@Timeout(60)
class CrtHedgedReadsTest {
  private static final int MIB = 1024 * 1024;

  /** Every read is hedged after 20 ms, without a budget to run out of. */
  private static final HedgedReads ALWAYS = Fixture.hedgeEveryRead(Duration.ofMillis(20));

  /** Breakers that never open, so that every read of a faulty primary races. */
  private static final CircuitBreakerConfig NEVER_OPEN = Fixture.neverOpen();

  /** The three 8 MiB-part ranges of the 20 MiB + 5 object. */
  private static final String[] PARTS = {
    "bytes=0-8388607", "bytes=8388608-16777215", "bytes=16777216-20971524"
  };

  private final Fixture fixture = new Fixture();

  @Test
  void cancelledRaceLosersAbortTheirCrtRequestsSoFourConnectionsServeFiftyRaces(
      TestRegions regions) {
    Fixture.seed(regions, "k", Fixture.bytes("payload"));
    FaultProxy primary = regions.primary().tcp();
    try (FailoverS3AsyncClient client = client(regions, ALWAYS, c -> c.maxConcurrency(4))) {
      for (int i = 0; i < 4; i++) {
        bytes(client, "k"); // past the cold-start delay
      }
      primary.blackHole();
      primary.resetCounters();
      fixture.events.clear();
      for (int i = 0; i < 50; i++) {
        long start = System.nanoTime();
        assertThat(bytes(client, "k")).isEqualTo("payload");
        assertThat((System.nanoTime() - start) / 1_000_000).as("read %d", i).isLessThan(1000);
      }
      assertThat(fixture.events(ReadHedgedEvent.class))
          .hasSize(50)
          .allSatisfy(e -> assertThat(e.winner()).isEqualTo("secondary"));
      // Every first attempt sent its request (the CRT's HEAD) into the black hole: with four
      // connections, the fifth and later could only because the cancelled ones gave theirs back.
      await().atMost(Duration.ofSeconds(2)).until(() -> primary.requestsEntered() == 50);
      assertThat(primary.requestsEntered("HEAD", "/data-primary/k")).isEqualTo(50);

      // Leaving the black hole resets the connections that lost bytes in it: a request the CRT
      // still held would be retried now. None is.
      primary.pass();
      await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
      assertThat(primary.requestsEntered()).isEqualTo(50);
      for (int i = 0; i < 5; i++) {
        assertThat(bytes(client, "k")).isEqualTo("payload");
      }
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> primary.requestsEntered("HEAD", "/data-primary/k") == 55);
    }
  }

  @ParameterizedTest
  @EnumSource(AsyncStreamedHedgeTest.Reader.class)
  void streamedCrtReadsRaceAtTheHeadersAndTheirLosersFreeTheirConnections(
      AsyncStreamedHedgeTest.Reader reader, TestRegions regions) {
    byte[] content = random(256 * 1024, 5);
    Fixture.seed(regions, "streamed", content);
    FaultProxy primary = regions.primary().tcp();
    try (FailoverS3AsyncClient client = client(regions, ALWAYS, c -> c.maxConcurrency(4))) {
      for (int i = 0; i < 4; i++) {
        // past the cold-start delay
        assertThat(AsyncStreamedHedgeTest.read(client, reader, "streamed")).isEqualTo(content);
      }
      primary.blackHole();
      primary.resetCounters();
      fixture.events.clear();
      for (int i = 0; i < 20; i++) {
        long start = System.nanoTime();
        assertThat(AsyncStreamedHedgeTest.read(client, reader, "streamed")).isEqualTo(content);
        assertThat((System.nanoTime() - start) / 1_000_000).as("read %d", i).isLessThan(1000);
      }
      assertThat(fixture.events(ReadHedgedEvent.class))
          .hasSize(20)
          .allSatisfy(e -> assertThat(e.winner()).isEqualTo("secondary"));
      // Four connections, twenty first attempts in the black hole: the fifth and later were sent
      // only because the streamed races' losers gave theirs back.
      await().atMost(Duration.ofSeconds(2)).until(() -> primary.requestsEntered() == 20);

      // No loser is sent again once the black hole resets its connection.
      primary.pass();
      await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
      assertThat(primary.requestsEntered()).isEqualTo(20);
    }
  }

  @Test
  void aCancelledCrtRangedGetStopsItsPartRequestsAndFreesTheirConnections(TestRegions regions) {
    Fixture.seed(regions, "k", Fixture.bytes("payload"));
    byte[] content = random(20 * MIB + 5, 8);
    Fixture.seed(regions, "large", content);
    FaultProxy primary = regions.primary().tcp();
    List<ProxiedRequest> gets = Fixture.watch(regions.primary(), "GET", "/data-primary/large");
    // Hedged after 500 ms: by then the primary's first attempt has sent its part requests. Two
    // connections, 8 MiB parts: a 20 MiB object is three ranged GETs, two at a time.
    HedgedReads late = Fixture.hedgeEveryRead(Duration.ofMillis(500));
    try (FailoverS3AsyncClient client =
        client(regions, late, c -> c.maxConcurrency(2).minimumPartSizeInBytes(8L * MIB))) {
      for (int i = 0; i < 4; i++) {
        bytes(client, "k"); // past the cold-start delay
      }
      assertThat(read(client, "large")).isEqualTo(content);
      assertThat(gets).extracting(CrtHedgedReadsTest::range).containsExactlyInAnyOrder(PARTS);

      // At 64 KiB/s a part takes two minutes: the secondary wins every race.
      primary.bandwidth(64 * 1024);
      gets.clear();
      fixture.events.clear();
      for (int i = 0; i < 3; i++) {
        int before = gets.size();
        CompletableFuture<ResponseBytes<GetObjectResponse>> get = readAsync(client, "large");
        // Both connections carry a part of this race's first attempt: those of the race before
        // were given back when it was cancelled.
        await().atMost(Duration.ofSeconds(5)).until(() -> gets.size() == before + 2);
        assertThat(get.join().asByteArray()).isEqualTo(content);
      }
      assertThat(fixture.events(ReadHedgedEvent.class))
          .hasSize(3)
          .allSatisfy(e -> assertThat(e.winner()).isEqualTo("secondary"));

      // At full speed, a part request still alive would finish at once and the third part be
      // asked for. None was: the CRT stopped each cancelled GET's parts.
      primary.pass();
      await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
      assertThat(gets)
          .hasSize(6)
          .extracting(CrtHedgedReadsTest::range)
          .containsOnly(PARTS[0], PARTS[1]);
    }
  }

  @Test
  void cancellingAnUnhedgedCrtReadAbortsItsRequestAndFreesItsConnection(TestRegions regions) {
    Fixture.seed(regions, "k", Fixture.bytes("payload"));
    FaultProxy primary = regions.primary().tcp();
    try (FailoverS3AsyncClient client =
        client(regions, HedgedReads.disabled(), c -> c.maxConcurrency(2))) {
      assertThat(bytes(client, "k")).isEqualTo("payload");
      primary.blackHole();
      primary.resetCounters();
      CompletableFuture<?> first = readAsync(client, "k");
      CompletableFuture<?> second = readAsync(client, "k");
      await().atMost(Duration.ofSeconds(5)).until(() -> primary.requestsEntered() == 2);
      // Two connections, both in the black hole: a third read waits for one.
      CompletableFuture<?> third = readAsync(client, "k");
      await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> true);
      assertThat(primary.requestsEntered()).isEqualTo(2);

      // Cancelling the application's future gives the first read's connection to the third, long
      // before the CRT's 5 s throughput window would have.
      assertThat(first.cancel(true)).isTrue();
      await().atMost(Duration.ofSeconds(1)).until(() -> primary.requestsEntered() == 3);
      assertThat(second.cancel(true)).isTrue();
      assertThat(third.cancel(true)).isTrue();

      // No cancelled request is sent again once the black hole resets its connection.
      primary.pass();
      await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
      assertThat(primary.requestsEntered()).isEqualTo(3);
      assertThat(bytes(client, "k")).isEqualTo("payload");
      for (TestRegion region : regions.all()) {
        CircuitBreaker breaker = client.circuitBreaker(region.name());
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
      }
      assertThat(regions.secondary().tcp().requestsEntered()).isZero();
    }
  }

  private FailoverS3AsyncClient client(
      TestRegions regions, HedgedReads hedging, Consumer<S3CrtAsyncClientBuilder> tuning) {
    return FailoverS3AsyncClient.builder(
            fixture
                .builder(regions)
                .readTimeout(Duration.ofSeconds(5))
                .circuitBreakerConfig(NEVER_OPEN)
                .hedgedReads(hedging))
        .crt(true)
        .crtTuning(tuning)
        .build();
  }

  private static String range(ProxiedRequest request) {
    return request.header("range").orElse("none");
  }

  /** The application's own future of a read (cancelling it cancels the call). */
  private static CompletableFuture<ResponseBytes<GetObjectResponse>> readAsync(
      FailoverS3AsyncClient client, String key) {
    return client.getObject(
        b -> b.bucket(Fixture.BUCKET).key(key), AsyncResponseTransformer.toBytes());
  }

  private static byte[] read(FailoverS3AsyncClient client, String key) {
    return readAsync(client, key).join().asByteArray();
  }

  private static String bytes(FailoverS3AsyncClient client, String key) {
    return client
        .getObject(b -> b.bucket(Fixture.BUCKET).key(key), AsyncResponseTransformer.toBytes())
        .join()
        .asUtf8String();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
