package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * The async front door's own timeouts (decision 0025): a Transfer Manager part on a slow link is
 * not cut by an attempt timeout chosen for quick sync calls, the async client's own attempt timeout
 * does bound each part, and its own read timeout replaces the sync one. The slow link is the
 * primary's fault proxy limited to 4 MiB/s: an 8 MiB part takes about 2 s, a 1 KiB call no time.
 */
@LocalRegions(count = 2)
@Timeout(60)
class AsyncFrontDoorTimeoutsTest {
  private static final int MIB = 1024 * 1024;
  private static final long SLOW_LINK = 4L * MIB;
  private static final int TRANSFER = 9 * MIB;
  private final Fixture fixture = new Fixture();

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void aTransferPartSlowerThanTheSyncAttemptTimeoutIsNeitherCutNorCounted(TestRegions regions) {
    byte[] content = random(TRANSFER, 1);
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    FailoverS3ClientBuilder settings =
        fixture.builder(regions).attemptTimeout(Duration.ofSeconds(1));
    try (FailoverS3Client sync = settings.readTimeout(Duration.ofSeconds(5)).build();
        FailoverS3AsyncClient async = FailoverS3AsyncClient.builder(sync).build();
        S3TransferManager tm = S3TransferManager.builder().s3Client(async).build()) {
      regions.primary().tcp().bandwidth(SLOW_LINK);
      // The sync client's limit still serves it: small calls on the slow link are quick.
      sync.putObject(b -> b.bucket(Fixture.BUCKET).key("small"), RequestBody.fromString("s"));
      assertThat(sync.getObjectAsBytes(b -> b.bucket(Fixture.BUCKET).key("small")).asUtf8String())
          .isEqualTo("s");

      long started = System.nanoTime();
      tm.upload(
              u ->
                  u.requestBody(AsyncRequestBody.fromBytes(content))
                      .putObjectRequest(p -> p.bucket(Fixture.BUCKET).key("slow")))
          .completionFuture()
          .join();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      // The 8 MiB part took longer than the sync attempt timeout, and was not cut by it.
      assertThat(took).isGreaterThan(Duration.ofMillis(1500));
      assertThat(regions.primary().region().requestCount(Operation.UPLOAD_PART)).isEqualTo(2);
      assertThat(regions.primary().region().readObject("data-primary", "slow").orElseThrow())
          .isEqualTo(content);
      assertThat(sync.circuitBreaker("primary").getMetrics().getNumberOfFailedCalls()).isZero();
    }
  }

  @Test
  void theAsyncClientsOwnAttemptTimeoutBoundsEachPart(TestRegions regions) {
    byte[] content = random(TRANSFER, 2);
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    try (FailoverS3AsyncClient async =
            FailoverS3AsyncClient.builder(
                    fixture.builder(regions).readTimeout(Duration.ofSeconds(5)))
                .attemptTimeout(Duration.ofMillis(1500))
                .build();
        S3TransferManager tm = S3TransferManager.builder().s3Client(async).build()) {
      regions.primary().tcp().bandwidth(SLOW_LINK);
      // Within the limit: a small upload on the slow link (the client's first, cold call). The
      // first 8 MiB part needs 2 s on this link: over the limit however fast the machine.
      async
          .putObject(b -> b.bucket(Fixture.BUCKET).key("small"), AsyncRequestBody.fromString("s"))
          .join();

      assertThatThrownBy(
              () ->
                  tm.upload(
                          u ->
                              u.requestBody(AsyncRequestBody.fromBytes(content))
                                  .putObjectRequest(p -> p.bucket(Fixture.BUCKET).key("cut")))
                      .completionFuture()
                      .join())
          .isInstanceOf(CompletionException.class)
          .hasRootCauseInstanceOf(ApiCallAttemptTimeoutException.class);
      assertThat(regions.primary().region().objectExists("data-primary", "cut")).isFalse();
    }
  }

  @Test
  void theAsyncClientsOwnReadTimeoutReplacesTheSyncOne(TestRegions regions) {
    List<TestRegion> primaryOnly = List.of(regions.primary());
    Fixture.seed(regions, "late", Fixture.bytes("late"));
    try (FailoverS3Client sync =
            fixture
                .builder(primaryOnly, TestRegion::endpoint)
                .readTimeout(Duration.ofSeconds(3))
                .build();
        FailoverS3AsyncClient inherits = FailoverS3AsyncClient.builder(sync).build();
        FailoverS3AsyncClient own =
            FailoverS3AsyncClient.builder(sync).readTimeout(Duration.ofMillis(300)).build()) {
      // Each answer comes 800 ms after its request was sent.
      regions.primary().tcp().latency(Duration.ofMillis(400));

      assertThat(
              inherits
                  .getObject(
                      b -> b.bucket(Fixture.BUCKET).key("late"), AsyncResponseTransformer.toBytes())
                  .join()
                  .asUtf8String())
          .isEqualTo("late");
      assertThatThrownBy(
              () ->
                  own.getObject(
                          b -> b.bucket(Fixture.BUCKET).key("late"),
                          AsyncResponseTransformer.toBytes())
                      .join())
          .isInstanceOf(CompletionException.class)
          .hasStackTraceContaining("ReadTimeout");
    }
  }
}
