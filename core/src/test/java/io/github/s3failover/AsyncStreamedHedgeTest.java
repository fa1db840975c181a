package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.s3failover.event.ReadHedgedEvent;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * GetObjects streamed through the SDK's {@code toBlockingInputStream()} and {@code toPublisher()}
 * are hedged by the same rules as every other read (decision 0026): the race is decided at the
 * response headers, only the winner's response and body reach the application's transformer, and
 * the loser's request is aborted.
 */
@LocalRegions(count = 2)
@Timeout(60)
class AsyncStreamedHedgeTest {
  /** Every read is hedged after 20 ms, without a budget to run out of. */
  private static final HedgedReads ALWAYS = Fixture.hedgeEveryRead(Duration.ofMillis(20));

  /** The regional attempt and read timeouts: a read that waits for them fails the test. */
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** Breakers that never open, so that every read of a faulty primary races. */
  private static final CircuitBreakerConfig NEVER_OPEN = Fixture.neverOpen();

  private static final String KEY = "streamed";
  private static final int SIZE = 1024 * 1024;

  private final Fixture fixture = new Fixture();

  /** The two SDK transformers that hand the body on as it arrives. */
  enum Reader {
    PUBLISHER,
    BLOCKING_STREAM
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void aBlackHoledPrimaryIsStreamedFromTheSecondaryAfterTheHedgeDelay(
      Reader reader, TestRegions regions) {
    byte[] content = seed(regions);
    try (FailoverS3AsyncClient client = client(regions)) {
      warm(client, reader);
      regions.primary().tcp().blackHole();
      regions.primary().tcp().resetCounters();
      regions.secondary().region().resetCounters();

      long start = System.nanoTime();
      assertThat(read(client, reader, KEY)).isEqualTo(content);
      // The hedge delay and the secondary's headers, not the 2 s attempt timeout.
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);

      assertThat(fixture.events(ReadHedgedEvent.class))
          .singleElement()
          .satisfies(e -> assertThat(e.winner()).isEqualTo("secondary"));
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);
      // The outrun first attempt was sent once and not repeated.
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> regions.primary().tcp().requestsEntered() == 1);
    }
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void theWinnersBytesAloneReachTheApplication(Reader reader, TestRegions regions) {
    for (TestRegion region : regions.all()) {
      seedIn(region, KEY, ("from " + region.name()).getBytes());
    }
    regions.primary().tcp().latency(Duration.ofMillis(150));
    try (FailoverS3AsyncClient client = client(regions)) {
      assertThat(new String(read(client, reader, KEY))).isEqualTo("from secondary");
      assertThat(fixture.events(ReadHedgedEvent.class))
          .singleElement()
          .satisfies(e -> assertThat(e.winner()).isEqualTo("secondary"));
    }
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void aNotFoundFromTheHedgeRegionNeverBeatsTheFirstRegionsObject(
      Reader reader, TestRegions regions) {
    byte[] content = random(64 * 1024, 3);
    Fixture.seed(regions, "other", content); // creates the buckets
    String key = "fresh-" + reader;
    seedIn(regions.primary(), key, content); // not (yet) replicated to the secondary
    regions.primary().tcp().latency(Duration.ofMillis(150));
    try (FailoverS3AsyncClient client = client(regions)) {
      assertThat(read(client, reader, key)).isEqualTo(content);

      // The read raced, the secondary's 404 came first, and the primary's object won.
      assertThat(fixture.events(ReadHedgedEvent.class))
          .singleElement()
          .satisfies(e -> assertThat(e.winner()).isEqualTo("primary"));
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);
    }
  }

  @Test
  void cancellingAStreamedHedgedReadCancelsBothAttemptsAndCountsAgainstNoRegion(
      TestRegions regions) {
    seed(regions);
    regions.primary().tcp().blackHole();
    regions.secondary().tcp().blackHole();
    try (FailoverS3AsyncClient client =
        FailoverS3AsyncClient.builder(
                fixture.builder(regions).hedgedReads(ALWAYS).readTimeout(Duration.ofMillis(700)))
            .build()) {
      CompletableFuture<ResponseInputStream<GetObjectResponse>> get =
          client.getObject(
              b -> b.bucket(Fixture.BUCKET).key(KEY),
              AsyncResponseTransformer.toBlockingInputStream());
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
  void losersGiveTheirConnectionsBackSoAPoolOfTenServesFiftyRacedReads(TestRegions regions) {
    byte[] content = random(16 * 1024, 5);
    Fixture.seed(regions, KEY, content);
    List<S3AsyncClient> regional = new CopyOnWriteArrayList<>();
    List<Integer> parts = new CopyOnWriteArrayList<>();
    FailoverS3AsyncClientBuilder builder = FailoverS3AsyncClient.builder(settings(regions));
    for (TestRegion region : regions.all()) {
      // The SDK's multipart wrapper on, as the library builds them: raced reads must bypass it.
      S3AsyncClient own =
          S3AsyncClient.builder()
              .region(Fixture.awsRegion(region))
              .endpointOverride(region.endpoint())
              .credentialsProvider(region.credentials())
              .forcePathStyle(true)
              .multipartEnabled(true)
              .overrideConfiguration(o -> o.addExecutionInterceptor(new Parts(parts)))
              .httpClientBuilder(
                  NettyNioAsyncHttpClient.builder()
                      .maxConcurrency(10)
                      .readTimeout(Duration.ofSeconds(10))
                      .connectionAcquisitionTimeout(Duration.ofSeconds(10)))
              .build();
      regional.add(own);
      builder.regionClient(region.name(), own);
    }
    try (FailoverS3AsyncClient client = builder.build()) {
      for (int i = 0; i < 6; i++) {
        read(client, Reader.BLOCKING_STREAM, KEY); // past the cold-start delay
      }
      fixture.events.clear();
      regions.primary().tcp().blackHole();
      regions.primary().tcp().resetCounters();
      for (int i = 0; i < 50; i++) {
        Reader reader = i % 2 == 0 ? Reader.PUBLISHER : Reader.BLOCKING_STREAM;
        long start = System.nanoTime();
        assertThat(read(client, reader, KEY)).isEqualTo(content);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
      }
      assertThat(fixture.events(ReadHedgedEvent.class))
          .hasSize(50)
          .allSatisfy(e -> assertThat(e.winner()).isEqualTo("secondary"));
      // The primary's pool holds ten connections, and a connection whose request is unanswered is
      // never reused: only because each loser's was closed could every one of the fifty first
      // attempts be sent (one waiting for a connection when cancelled is never sent), over more
      // connections than the pool holds. Counted by the proxy's own threads: waited for.
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> regions.primary().tcp().requestsEntered() == 50);
      assertThat(regions.primary().tcp().connectionsAccepted()).isGreaterThan(10);

      // The pool of ten is whole again: the healed primary gets exactly the next five reads, at
      // once (a request still queued for a connection would reach it now too).
      regions.primary().tcp().pass();
      regions.primary().tcp().resetCounters();
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        assertThat(read(client, Reader.BLOCKING_STREAM, KEY)).isEqualTo(content);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
      }
      assertThat(regions.primary().tcp().requestsEntered()).isEqualTo(5);
      // Every read raced, so none went through the multipart wrapper: whole-object GETs only.
      assertThat(parts).isNotEmpty().containsOnlyNulls();
    } finally {
      regional.forEach(S3AsyncClient::close);
    }
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void aBodyCutAfterTheRaceResumesFromTheByteReached(Reader reader, TestRegions regions) {
    byte[] content = seed(regions);
    List<String> ranges = new CopyOnWriteArrayList<>();
    for (TestRegion region : regions.all()) {
      region
          .tcp()
          .addRequestListener(
              r -> r.header("range").ifPresent(range -> ranges.add(region.name() + " " + range)));
    }
    // The primary is slow to answer, so the hedge wins; the secondary's body is cut mid-way.
    regions.primary().tcp().latency(Duration.ofMillis(150));
    regions.secondary().tcp().resetAfterBytes(200_000);
    try (FailoverS3AsyncClient client = client(regions)) {
      assertThat(read(client, reader, KEY)).isEqualTo(content);

      assertThat(fixture.events(ReadHedgedEvent.class))
          .singleElement()
          .satisfies(e -> assertThat(e.winner()).isEqualTo("secondary"));
      // One request for the rest, from where the cut left the body (the preferred region first).
      assertThat(ranges).singleElement().asString().startsWith("primary bytes=");
      long from = Long.parseLong(ranges.get(0).replaceAll("^primary bytes=(\\d+)-.*$", "$1"));
      assertThat(from).isPositive().isLessThan(200_000);
    }
  }

  private FailoverS3ClientBuilder settings(TestRegions regions) {
    return fixture
        .builder(regions)
        .readTimeout(TIMEOUT)
        .attemptTimeout(TIMEOUT)
        .circuitBreakerConfig(NEVER_OPEN)
        .hedgedReads(ALWAYS);
  }

  private FailoverS3AsyncClient client(TestRegions regions) {
    return FailoverS3AsyncClient.builder(settings(regions)).attemptTimeout(TIMEOUT).build();
  }

  /** Reads past the cold-start hedge delay, then forgets what the warm-up raced. */
  private void warm(FailoverS3AsyncClient client, Reader reader) {
    for (int i = 0; i < 4; i++) {
      read(client, reader, KEY);
    }
    fixture.events.clear();
  }

  private static byte[] seed(TestRegions regions) {
    byte[] content = random(SIZE, 1);
    Fixture.seed(regions, KEY, content);
    return content;
  }

  private static void seedIn(TestRegion region, String key, byte[] content) {
    if (!region.region().bucketExists(Fixture.physical(region))) {
      region.region().createBucket(Fixture.physical(region));
    }
    region.region().putObject(Fixture.physical(region), key, content);
  }

  /** Reads a whole object through the reader's transformer (CrtHedgedReadsTest reads so too). */
  static byte[] read(FailoverS3AsyncClient client, Reader reader, String key) {
    try {
      if (reader == Reader.BLOCKING_STREAM) {
        try (InputStream in =
            client
                .getObject(
                    b -> b.bucket(Fixture.BUCKET).key(key),
                    AsyncResponseTransformer.toBlockingInputStream())
                .get(10, TimeUnit.SECONDS)) {
          return in.readAllBytes();
        }
      }
      ResponsePublisher<GetObjectResponse> body =
          client
              .getObject(
                  b -> b.bucket(Fixture.BUCKET).key(key), AsyncResponseTransformer.toPublisher())
              .get(10, TimeUnit.SECONDS);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      body.subscribe((ByteBuffer buffer) -> append(out, buffer)).get(10, TimeUnit.SECONDS);
      return out.toByteArray();
    } catch (Exception e) {
      throw new AssertionError("the " + reader + " read of " + key + " failed", e);
    }
  }

  private static void append(java.io.ByteArrayOutputStream out, ByteBuffer buffer) {
    byte[] chunk = new byte[buffer.remaining()];
    buffer.get(chunk);
    out.write(chunk, 0, chunk.length);
  }

  /** Notes the part number of every GetObject a regional client sends (null: the whole object). */
  private record Parts(List<Integer> seen) implements ExecutionInterceptor {
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof GetObjectRequest get) {
        seen.add(get.partNumber());
      }
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
