package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.event.CallCompletedEvent;
import io.github.s3failover.event.CallFailedOverEvent;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.ProxiedRequest;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.internal.crt.S3CrtAsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * The async client with {@code crt(true)}: its regional clients are the SDK's CRT-based S3 clients
 * ({@code S3AsyncClient.crtBuilder()}, on the AWS CRT's native library), run against real local
 * regions behind fault proxies. The CRT reads with a HEAD and ranged GETs of its own, retries
 * inside the region on its own terms and reports network failures in its own words, which the
 * failover client must still take for the region's failure.
 */
@LocalRegions(count = 2)
@Timeout(60)
class CrtRegionalClientsTest {
  private static final int MIB = 1024 * 1024;

  private final Fixture fixture = new Fixture();

  @TempDir Path dir;

  @Test
  void aGetAndAPutGoThroughTheCrtClientOfThePrimary(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    byte[] content = random(64 * 1024, 1);
    List<ProxiedRequest> primaryGets =
        Fixture.watch(regions.primary(), "GET", "/data-primary/small");
    try (FailoverS3AsyncClient client = client(fixture.builder(regions))) {
      // The native library is loaded and the regional clients are the CRT-based ones.
      assertThat(CRT.getOSIdentifier()).isNotEmpty();
      for (TestRegion region : regions.all()) {
        S3AsyncClient regional = client.regionClient(region.name());
        assertThat(regional).isInstanceOf(S3CrtAsyncClient.class);
      }

      client
          .putObject(
              p -> p.bucket(Fixture.BUCKET).key("small"), AsyncRequestBody.fromBytes(content))
          .join();
      byte[] read =
          client
              .getObject(
                  g -> g.bucket(Fixture.BUCKET).key("small"), AsyncResponseTransformer.toBytes())
              .join()
              .asByteArray();

      assertThat(read).isEqualTo(content);
      assertThat(regions.primary().region().readObject("data-primary", "small").orElseThrow())
          .isEqualTo(content);
      assertThat(regions.primary().region().requestCount(Operation.PUT_OBJECT)).isEqualTo(1);
      assertThat(regions.primary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);
      // The CRT's own way of reading: it asks for the object's size first (HEAD), then for
      // ranges of it, each bound to the ETag it saw; the application asked for neither.
      assertThat(regions.primary().region().requestCount(Operation.HEAD_OBJECT)).isEqualTo(1);
      assertThat(primaryGets).hasSize(1);
      ProxiedRequest get = primaryGets.get(0);
      assertThat(get.header("range")).contains("bytes=0-" + (content.length - 1));
      assertThat(get.header("if-match")).isPresent();
      assertThat(get.header("user-agent").orElseThrow()).contains("CRTS3NativeClient");
      assertThat(regions.secondary().tcp().requestsEntered()).isZero();
    }
  }

  @Test
  void readsOfARefusedPrimaryMoveToTheSecondaryAndItsBreakerOpens(TestRegions regions) {
    byte[] content = random(256 * 1024, 2);
    Fixture.seed(regions, "refused", content);
    try (FailoverS3AsyncClient client = client(fixture.builder(regions))) {
      assertThat(read(client, "refused")).isEqualTo(content);
      regions.primary().tcp().refuse();
      for (int i = 0; i < 6; i++) {
        assertThat(read(client, "refused")).as("read %d", i).isEqualTo(content);
      }

      assertThat(client.circuitBreaker("primary").getState()).isEqualTo(CircuitBreaker.State.OPEN);
      assertThat(regions.primary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(6);
      // One success and one refusal fill the breaker's minimum of 2 calls at 50 % failures: the
      // first read during the fault moved, in the CRT's words; the other five went straight.
      List<CallFailedOverEvent> moved = fixture.events(CallFailedOverEvent.class);
      assertThat(moved).hasSize(1);
      assertThat(moved.get(0).fromRegion()).isEqualTo("primary");
      assertThat(moved.get(0).toRegion()).isEqualTo("secondary");
      assertThat(moved.get(0).cause())
          .hasMessageStartingWith("Failed to send the request: socket connection refused");
      assertThat(
              fixture.events(CallCompletedEvent.class).stream()
                  .filter(e -> e.region().equals("secondary") && e.attempts() == 1))
          .hasSize(5);
    }
  }

  @Test
  void readsOfAPrimaryAnswering503MoveToTheSecondary(TestRegions regions) {
    byte[] content = random(256 * 1024, 7);
    Fixture.seed(regions, "busy", content);
    try (FailoverS3AsyncClient client =
        client(fixture.builder(regions, r -> r.http().endpoint()))) {
      assertThat(read(client, "busy")).isEqualTo(content);
      regions.primary().http().serviceUnavailable();
      long before = regions.primary().http().requestCount();
      for (int i = 0; i < 3; i++) {
        assertThat(read(client, "busy")).as("read %d", i).isEqualTo(content);
      }

      assertThat(client.circuitBreaker("primary").getState()).isEqualTo(CircuitBreaker.State.OPEN);
      // The CRT asks for the size first: its HEAD met the 503 with no body to tell why, and it
      // said "throttling" (its word for any 503) after its one retry; the read moved, and the
      // breaker opened (one success, one failure).
      assertThat(regions.primary().http().requestCount() - before).isEqualTo(2);
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(3);
      List<CallFailedOverEvent> moved = fixture.events(CallFailedOverEvent.class);
      assertThat(moved).hasSize(1);
      assertThat(moved.get(0).cause())
          .hasMessageStartingWith("Failed to send the request: Response code indicates throttling");
    }
  }

  @Test
  void aLargeDownloadThroughTheTransferManagerIsRangedGetsOfThePrimaryOnly(TestRegions regions)
      throws Exception {
    byte[] content = random(16 * MIB, 3);
    Fixture.seed(regions, "whole", content);
    List<ProxiedRequest> gets = Fixture.watch(regions.primary(), "GET", "/data-primary/whole");
    Path target = dir.resolve("whole.bin");
    try (FailoverS3AsyncClient client = client(fixture.builder(regions));
        S3TransferManager tm = S3TransferManager.builder().s3Client(client).build()) {
      tm.downloadFile(
              d ->
                  d.destination(target)
                      .getObjectRequest(g -> g.bucket(Fixture.BUCKET).key("whole")))
          .completionFuture()
          .get(30, TimeUnit.SECONDS);
    }
    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    // The CRT's ranged GETs (their size is the CRT's choice) cover the object once, all of one
    // version, all from the primary.
    long next = 0;
    for (long[] range :
        gets.stream()
            .map(CrtRegionalClientsTest::range)
            .sorted(java.util.Comparator.comparingLong(r -> r[0]))
            .toList()) {
      assertThat(range[0]).as("ranges %s", gets).isEqualTo(next);
      next = range[1] + 1;
    }
    assertThat(next).isEqualTo(content.length);
    assertThat(gets.stream().map(r -> r.header("if-match").orElseThrow()).distinct()).hasSize(1);
    assertThat(regions.secondary().tcp().requestsEntered()).isZero();
  }

  /**
   * The CRT uploads an object of 8 MiB or more in parts, inside the region of the call. (It could
   * not start one on s3proxy until the local regions framed their answer to its
   * CreateMultipartUpload by length, as S3 does: it asks for 100-continue with no body, and read
   * the answer as empty.)
   */
  @Test
  void aMultipartUploadRunsInPartsInsideThePrimary(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    byte[] content = random(16 * MIB + 5, 4);
    try (FailoverS3AsyncClient client = client(fixture.builder(regions));
        S3TransferManager tm = S3TransferManager.builder().s3Client(client).build()) {
      upload(tm, content, "parts").join();
    }
    TestRegion primary = regions.primary();
    assertThat(primary.region().requestCount(Operation.CREATE_MULTIPART_UPLOAD)).isEqualTo(1);
    assertThat(primary.region().requestCount(Operation.UPLOAD_PART)).isEqualTo(3);
    assertThat(primary.region().requestCount(Operation.COMPLETE_MULTIPART_UPLOAD)).isEqualTo(1);
    assertThat(primary.region().readObject("data-primary", "parts").orElseThrow())
        .isEqualTo(content);
    assertThat(regions.secondary().tcp().requestsEntered()).isZero();
    assertThat(fixture.events(CallFailedOverEvent.class)).isEmpty();
  }

  /**
   * Where writes may fail over, a multipart upload the primary refuses is sent whole to the
   * secondary: no part of it reached the primary, all of them the secondary, under one upload.
   */
  @Test
  void aMultipartUploadThePrimaryRefusesIsSentWholeToTheSecondary(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    byte[] content = random(16 * MIB + 5, 5);
    try (FailoverS3AsyncClient client =
            client(fixture.builder(regions).writePolicy(WritePolicy.FAILOVER));
        S3TransferManager tm = S3TransferManager.builder().s3Client(client).build()) {
      regions.primary().tcp().refuse();
      upload(tm, content, "moved").join();
    }
    TestRegion secondary = regions.secondary();
    assertThat(regions.primary().region().requestCount(Operation.UPLOAD_PART)).isZero();
    assertThat(secondary.region().requestCount(Operation.CREATE_MULTIPART_UPLOAD)).isEqualTo(1);
    assertThat(secondary.region().requestCount(Operation.UPLOAD_PART)).isEqualTo(3);
    assertThat(secondary.region().readObject("data-secondary", "moved").orElseThrow())
        .isEqualTo(content);
    assertThat(fixture.events(CallFailedOverEvent.class)).hasSize(1);
  }

  private static CompletableFuture<?> upload(S3TransferManager tm, byte[] content, String key) {
    return tm.upload(
            u ->
                u.requestBody(AsyncRequestBody.fromBytes(content))
                    .putObjectRequest(p -> p.bucket(Fixture.BUCKET).key(key)))
        .completionFuture();
  }

  /** How the application reads a GetObject body. */
  enum Reader {
    BYTES,
    BLOCKING_STREAM
  }

  /**
   * The CRT hands a body on only part by part, once a part has arrived whole: a connection reset
   * inside the only part reaches the application as no byte at all. The CRT repeats the part once
   * in the region (its own retry), then the failover client repeats the whole read in the
   * secondary: nothing to resume, no byte twice.
   */
  @ParameterizedTest
  @EnumSource(Reader.class)
  void aGetResetMidBodyIsReadWholeFromTheSecondaryWithNoByteTwice(
      Reader reader, TestRegions regions) throws Exception {
    byte[] content = random(MIB, 5);
    Fixture.seed(regions, "cut", content);
    regions.primary().tcp().resetAfterBytes(200_000);
    List<ProxiedRequest> primaryGets = Fixture.watch(regions.primary(), "GET", "/data-primary/cut");
    List<ProxiedRequest> secondaryGets =
        Fixture.watch(regions.secondary(), "GET", "/data-secondary/cut");
    try (FailoverS3AsyncClient client = client(fixture.builder(regions))) {
      byte[] read;
      if (reader == Reader.BYTES) {
        read = read(client, "cut");
      } else {
        try (ResponseInputStream<GetObjectResponse> in =
            client
                .getObject(
                    g -> g.bucket(Fixture.BUCKET).key("cut"),
                    AsyncResponseTransformer.toBlockingInputStream())
                .get(30, TimeUnit.SECONDS)) {
          read = in.readAllBytes();
        }
      }

      assertThat(read).isEqualTo(content);
    }
    assertThat(regions.primary().tcp().connectionsResetByFaults()).isEqualTo(2);
    assertThat(primaryGets).as("the CRT's GET and its one retry").hasSize(2);
    assertThat(secondaryGets).hasSize(1);
    assertThat(concat(primaryGets, secondaryGets))
        .as("every GET asks for the whole object: nothing was resumed")
        .allMatch(r -> r.header("range").orElseThrow().equals("bytes=0-" + (MIB - 1)));
    List<CallFailedOverEvent> moved = fixture.events(CallFailedOverEvent.class);
    assertThat(moved).hasSize(1);
    assertThat(moved.get(0).cause()).hasMessageStartingWith("Failed to send the request: socket");
  }

  /**
   * The CRT has no read timeout of its own to set; without one, a read of a black-holed region
   * waited about a minute before it moved (63 s, measured). The library gives the CRT the read
   * timeout as its minimum-throughput window (whole seconds, two at least).
   */
  @Test
  void aReadOfABlackHoledPrimaryMovesToTheSecondaryWithinSeconds(TestRegions regions) {
    byte[] content = random(64 * 1024, 6);
    Fixture.seed(regions, "hole", content);
    try (FailoverS3AsyncClient client =
        FailoverS3AsyncClient.builder(fixture.builder(regions).readTimeout(Duration.ofSeconds(1)))
            .crt(true)
            .build()) {
      assertThat(read(client, "hole")).isEqualTo(content);
      regions.primary().tcp().blackHole();
      long start = System.nanoTime();
      assertThat(read(client, "hole")).isEqualTo(content);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // Measured 8.5 s: the CRT's throughput window (2 s) and its one retry in the region, each
      // noticed within a second or two. Without the window it took 63 s.
      assertThat(millis).isLessThan(20_000);
      assertThat(regions.primary().tcp().bytesSwallowed()).isPositive();
      assertThat(fixture.events(CallFailedOverEvent.class)).hasSize(1);
    }
  }

  private static FailoverS3AsyncClient client(FailoverS3ClientBuilder settings) {
    return FailoverS3AsyncClient.builder(settings.readTimeout(Duration.ofSeconds(5)))
        .crt(true)
        .build();
  }

  /** The first and last byte of a request's {@code Range: bytes=first-last}. */
  private static long[] range(ProxiedRequest request) {
    String[] bounds = request.header("range").orElseThrow().replace("bytes=", "").split("-");
    return new long[] {Long.parseLong(bounds[0]), Long.parseLong(bounds[1])};
  }

  private static byte[] read(FailoverS3AsyncClient client, String key) {
    return client
        .getObject(b -> b.bucket(Fixture.BUCKET).key(key), AsyncResponseTransformer.toBytes())
        .join()
        .asByteArray();
  }

  private static List<ProxiedRequest> concat(List<ProxiedRequest> a, List<ProxiedRequest> b) {
    List<ProxiedRequest> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
