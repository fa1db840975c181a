package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.s3failover.event.ReadHedgedEvent;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The async front door hedges reads by the sync client's rules (decisions 0019 and 0024): a read
 * its first region is slow to answer is also sent to the next region after the hedge delay, the
 * first acceptable answer completes the application's future, and the other attempt is cancelled.
 */
@LocalRegions(count = 2)
@Timeout(60)
class AsyncHedgedReadsTest {
  /** Every read is hedged after 20 ms, without a budget to run out of. */
  private static final HedgedReads ALWAYS = Fixture.hedgeEveryRead(Duration.ofMillis(20));

  /** Longer than any read of these tests may take: a read that waits for it failed the test. */
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Breakers that never open, so that every read of a faulty primary races. */
  private static final CircuitBreakerConfig NEVER_OPEN = Fixture.neverOpen();

  private final Fixture fixture = new Fixture();

  @Test
  void aBlackHoledPrimaryIsReadFromTheSecondaryAfterTheHedgeDelayNotTheAttemptTimeout(
      TestRegions regions) {
    Fixture.seed(regions, "k", Fixture.bytes("payload"));
    try (FailoverS3AsyncClient client = client(regions, ALWAYS)) {
      List<Supplier<Object>> reads =
          List.of(
              () -> bytes(client, "k"),
              () -> client.headObject(b -> b.bucket("data").key("k")).join().contentLength(),
              () -> client.listObjectsV2(b -> b.bucket("data")).join().contents().get(0).key());
      reads.forEach(Supplier::get); // warm: the clients' first calls are slow everywhere
      fixture.events.clear();
      regions.secondary().region().resetCounters();
      regions.primary().tcp().blackHole();
      regions.primary().tcp().resetCounters();
      for (int i = 0; i < 4; i++) {
        for (Supplier<Object> read : reads) {
          long start = System.nanoTime();
          assertThat(read.get()).isIn("payload", 7L, "k");
          // The hedge delay and the secondary's answer, not the 5 s attempt timeout.
          assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
        }
      }

      assertThat(fixture.events(ReadHedgedEvent.class))
          .hasSize(12)
          .allSatisfy(e -> assertThat(e.winner()).isEqualTo("secondary"));
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(4);
      assertThat(regions.secondary().region().requestCount(Operation.HEAD_OBJECT)).isEqualTo(4);
      // Each outrun first attempt was sent once: the SDK did not retry it.
      // (Counted by the proxy's own threads: waited for, not read once.)
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> regions.primary().tcp().requestsEntered() == 12);
    }
  }

  @Test
  void hedgesRespectTheBudgetWhichASyncAndAnAsyncClientBuiltTogetherShare(TestRegions regions) {
    Fixture.seed(regions, "k", Fixture.bytes("payload"));
    // The primary answers in about 2 x 130 ms, after the 200 ms hedge delay but before the first
    // region would count as stalled (2 delays): only the budget lets a read be hedged. The hedge
    // answers in 2 x 150 ms after it started, so the primary still wins every race.
    regions.primary().tcp().latency(Duration.ofMillis(130));
    regions.secondary().tcp().latency(Duration.ofMillis(150));
    HedgedReads twoInReserve =
        HedgedReads.builder()
            .minDelay(Duration.ofMillis(200))
            .maxDelay(Duration.ofMillis(200))
            .budgetPercent(1)
            .burst(2)
            .build();
    try (FailoverS3Client sync = settings(regions, twoInReserve).build();
        FailoverS3AsyncClient async = FailoverS3AsyncClient.builder(sync).build()) {
      for (int i = 0; i < 4; i++) {
        sync.getObjectAsBytes(b -> b.bucket("data").key("k")); // past the cold-start delay
      }
      assertThat(fixture.events(ReadHedgedEvent.class)).isEmpty();
      for (int i = 0; i < 2; i++) {
        sync.getObjectAsBytes(b -> b.bucket("data").key("k"));
      }
      assertThat(fixture.events(ReadHedgedEvent.class)).hasSize(2);
      // The sync client spent the burst; the async one shares the budget: no hedge is left.
      for (int i = 0; i < 4; i++) {
        assertThat(bytes(async, "k")).isEqualTo("payload");
      }
      assertThat(fixture.events(ReadHedgedEvent.class))
          .hasSize(2)
          .allSatisfy(e -> assertThat(e.winner()).isEqualTo("primary"));
    }

    // An async client on its own has a budget of its own, and spends it the same way.
    fixture.events.clear();
    try (FailoverS3AsyncClient async =
        FailoverS3AsyncClient.builder(settings(regions, twoInReserve)).build()) {
      for (int i = 0; i < 4; i++) {
        bytes(async, "k"); // past the cold-start delay
      }
      regions.secondary().tcp().resetCounters();
      for (int i = 0; i < 6; i++) {
        assertThat(bytes(async, "k")).isEqualTo("payload");
      }
      assertThat(fixture.events(ReadHedgedEvent.class))
          .hasSize(2)
          .allSatisfy(e -> assertThat(e.winner()).isEqualTo("primary"));
      // A hedge cancelled while it still waited for a connection never reaches the proxy.
      assertThat(regions.secondary().tcp().requestsEntered()).isBetween(1L, 2L);
    }
  }

  @Test
  void aNotFoundFromTheHedgeRegionNeverBeatsTheFirstRegionsObject(TestRegions regions) {
    seedPrimaryOnly(regions, "fresh", "only in the primary");
    regions.primary().tcp().latency(Duration.ofMillis(150));
    try (FailoverS3AsyncClient client = client(regions, ALWAYS)) {
      assertThat(bytes(client, "fresh")).isEqualTo("only in the primary");
      assertThat(client.headObject(b -> b.bucket("data").key("fresh")).join().contentLength())
          .isEqualTo("only in the primary".length());
      assertThatThrownBy(() -> bytes(client, "nowhere"))
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(NoSuchKeyException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("replicated"));

      // Every read raced, and the secondary's 404 came first each time.
      assertThat(fixture.events(ReadHedgedEvent.class))
          .hasSize(3)
          .extracting(ReadHedgedEvent::winner)
          .containsExactly("primary", "primary", null);
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(2);
      assertThat(regions.secondary().region().requestCount(Operation.HEAD_OBJECT)).isEqualTo(1);
    }
  }

  @Test
  void aTransformerOfTheApplicationsOrAFileIsNeverHedgedSoItSeesBytesOfOneRegion(
      TestRegions regions, @TempDir Path dir) throws Exception {
    seedEach(regions, "k");
    regions.primary().tcp().latency(Duration.ofMillis(100));
    try (FailoverS3AsyncClient client = client(regions, ALWAYS)) {
      Collect own = new Collect();
      String collected = client.getObject(b -> b.bucket("data").key("k"), own).join();
      Path file = dir.resolve("k");
      client
          .getObject(b -> b.bucket("data").key("k"), AsyncResponseTransformer.toFile(file))
          .join();

      assertThat(collected).isEqualTo("from primary");
      assertThat(Files.readString(file)).isEqualTo("from primary");
      assertThat(own.responses.get()).isEqualTo(1);
      assertThat(fixture.events(ReadHedgedEvent.class)).isEmpty();
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isZero();

      // The same read into toBytes(), toPublisher() or toBlockingInputStream() races, and takes
      // all its bytes from the faster region (decisions 0024 and 0026).
      String published =
          client
              .getObject(b -> b.bucket("data").key("k"), AsyncResponseTransformer.toPublisher())
              .thenCompose(Collect::all)
              .join();
      String streamed;
      try (InputStream in =
          client
              .getObject(
                  b -> b.bucket("data").key("k"), AsyncResponseTransformer.toBlockingInputStream())
              .join()) {
        streamed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(bytes(client, "k")).isEqualTo("from secondary");
      assertThat(published).isEqualTo("from secondary");
      assertThat(streamed).isEqualTo("from secondary");
      assertThat(fixture.events(ReadHedgedEvent.class))
          .hasSize(3)
          .allSatisfy(e -> assertThat(e.winner()).isEqualTo("secondary"));
    }
  }

  @Test
  void cancellingAHedgedReadCancelsBothAttemptsAndCountsAgainstNoRegion(TestRegions regions) {
    Fixture.seed(regions, "k", Fixture.bytes("never read"));
    regions.primary().tcp().blackHole();
    regions.secondary().tcp().blackHole();
    try (FailoverS3AsyncClient client =
        FailoverS3AsyncClient.builder(
                fixture.builder(regions).hedgedReads(ALWAYS).readTimeout(Duration.ofMillis(700)))
            .build()) {
      CompletableFuture<ResponseBytes<GetObjectResponse>> get =
          client.getObject(b -> b.bucket("data").key("k"), AsyncResponseTransformer.toBytes());
      // Both attempts are in flight: the first, and the hedge the timer started.
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  regions.secondary().tcp().requestsEntered() == 1
                      && regions.primary().tcp().requestsEntered() == 1);
      assertThat(get.cancel(true)).isTrue();

      Fixture.awaitCancelledAttemptsCountedByNoRegion(client, regions);
      assertThat(fixture.events(ReadHedgedEvent.class)).isEmpty();
    }
  }

  @Test
  void cancelledAttemptsGiveTheirConnectionsBackToThePool(TestRegions regions) {
    Fixture.seed(regions, "k", Fixture.bytes("payload"));
    try (FailoverS3AsyncClient client = client(regions, ALWAYS)) {
      for (int i = 0; i < 4; i++) {
        bytes(client, "k"); // past the cold-start delay
      }
      // More cancelled calls than a regional client's pool holds (50 connections), each with
      // both attempts in a black hole; the 5 s read timeout would release none of them in time.
      regions.primary().tcp().blackHole();
      regions.secondary().tcp().blackHole();
      regions.secondary().tcp().resetCounters();
      for (int i = 0; i < 55; i++) {
        CompletableFuture<?> get =
            client.getObject(b -> b.bucket("data").key("k"), AsyncResponseTransformer.toBytes());
        long hedges = i + 1;
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> regions.secondary().tcp().requestsEntered() == hedges);
        get.cancel(true);
      }

      // Only if the secondary got its connections back can its hedges answer now; each outruns
      // a first attempt in the primary's black hole, which is cancelled in turn.
      regions.secondary().tcp().pass();
      for (int i = 0; i < 55; i++) {
        long start = System.nanoTime();
        assertThat(bytes(client, "k")).isEqualTo("payload");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
      }

      // 110 of the primary's requests were cancelled in the black hole: all gave back their
      // connections, so the next reads are sent to it at once.
      regions.primary().tcp().pass();
      regions.primary().tcp().resetCounters();
      for (int i = 0; i < 5; i++) {
        assertThat(bytes(client, "k")).isEqualTo("payload");
      }
      assertThat(regions.primary().tcp().requestsEntered()).isEqualTo(5);
    }
  }

  private FailoverS3ClientBuilder settings(TestRegions regions, HedgedReads hedging) {
    return fixture
        .builder(regions)
        .readTimeout(TIMEOUT)
        .attemptTimeout(TIMEOUT)
        .circuitBreakerConfig(NEVER_OPEN)
        .hedgedReads(hedging);
  }

  private FailoverS3AsyncClient client(TestRegions regions, HedgedReads hedging) {
    return FailoverS3AsyncClient.builder(settings(regions, hedging)).build();
  }

  private static String bytes(FailoverS3AsyncClient client, String key) {
    return client
        .getObject(b -> b.bucket("data").key(key), AsyncResponseTransformer.toBytes())
        .join()
        .asUtf8String();
  }

  private static void seedPrimaryOnly(TestRegions regions, String key, String text) {
    TestRegion primary = regions.primary();
    primary.region().putObject(Fixture.physical(primary), key, Fixture.bytes(text));
  }

  /** Each region holds its own content under the key: "from " and the region's name. */
  private static void seedEach(TestRegions regions, String key) {
    for (TestRegion region : regions.all()) {
      region
          .region()
          .putObject(Fixture.physical(region), key, Fixture.bytes("from " + region.name()));
    }
  }

  /** An application's own transformer: collects the body as text and counts the responses. */
  private static final class Collect
      implements AsyncResponseTransformer<GetObjectResponse, String> {
    final AtomicInteger responses = new AtomicInteger();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private volatile CompletableFuture<String> result;

    static CompletableFuture<String> all(SdkPublisher<ByteBuffer> publisher) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      return publisher
          .subscribe(buffer -> append(out, buffer))
          .thenApply(v -> out.toString(StandardCharsets.UTF_8));
    }

    private static void append(ByteArrayOutputStream out, ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      out.write(bytes, 0, bytes.length);
    }

    @Override
    public CompletableFuture<String> prepare() {
      out.reset();
      result = new CompletableFuture<>();
      return result;
    }

    @Override
    public void onResponse(GetObjectResponse response) {
      responses.incrementAndGet();
    }

    @Override
    public void onStream(SdkPublisher<ByteBuffer> publisher) {
      CompletableFuture<String> mine = result;
      publisher
          .subscribe(buffer -> append(out, buffer))
          .whenComplete(
              (v, e) -> {
                if (e == null) {
                  mine.complete(out.toString(StandardCharsets.UTF_8));
                } else {
                  mine.completeExceptionally(e);
                }
              });
    }

    @Override
    public void exceptionOccurred(Throwable error) {
      result.completeExceptionally(error);
    }
  }
}
