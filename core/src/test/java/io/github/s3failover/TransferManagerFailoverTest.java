package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.s3failover.RegionBoundException.BoundBy;
import io.github.s3failover.event.CallCompletedEvent;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.BlockingInputStreamAsyncRequestBody;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedDirectoryDownload;
import software.amazon.awssdk.transfer.s3.model.CompletedDirectoryUpload;
import software.amazon.awssdk.transfer.s3.model.FileDownload;
import software.amazon.awssdk.transfer.s3.model.Upload;

/**
 * The SDK's S3 Transfer Manager on top of the failover async client: real multipart transfers
 * inside one region (the library-built regional clients are multipart clients), directory transfers
 * that survive a region dying half-way, and stream uploads that never reach two regions.
 */
@LocalRegions(count = 2)
@Timeout(60)
class TransferManagerFailoverTest {
  private static final int MIB = 1024 * 1024;
  private final Fixture fixture = new Fixture();

  @TempDir Path dir;

  @Test
  void uploadFileIsARealMultipartUploadInsideOneRegionAndDownloadAndCopyWork(TestRegions regions)
      throws Exception {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    byte[] content = random(9 * MIB, 1);
    Path source = Files.write(dir.resolve("big.bin"), content);
    Path target = dir.resolve("big-copy.bin");
    try (FailoverS3AsyncClient client = FailoverS3AsyncClient.builder(builder(regions)).build();
        S3TransferManager tm = S3TransferManager.builder().s3Client(client).build()) {
      tm.uploadFile(
              u -> u.source(source).putObjectRequest(p -> p.bucket(Fixture.BUCKET).key("big")))
          .completionFuture()
          .join();
      assertThat(regions.primary().region().requestCount(Operation.CREATE_MULTIPART_UPLOAD))
          .isEqualTo(1);
      assertThat(regions.primary().region().requestCount(Operation.UPLOAD_PART))
          .isGreaterThanOrEqualTo(2);
      assertThat(regions.primary().region().readObject("data-primary", "big").orElseThrow())
          .isEqualTo(content);

      // s3proxy answers 501 to a GET of one part of a multipart object (partNumber), which the
      // SDK's multipart download sends: download an object that was put in one piece.
      regions.primary().region().putObject("data-primary", "whole", content);
      tm.downloadFile(
              d ->
                  d.destination(target)
                      .getObjectRequest(g -> g.bucket(Fixture.BUCKET).key("whole")))
          .completionFuture()
          .join();
      assertThat(Files.readAllBytes(target)).isEqualTo(content);

      tm.copy(
              c ->
                  c.copyObjectRequest(
                      r ->
                          r.sourceBucket(Fixture.BUCKET)
                              .sourceKey("big")
                              .destinationBucket(Fixture.BUCKET)
                              .destinationKey("big-copied")))
          .completionFuture()
          .join();
      assertThat(regions.primary().region().readObject("data-primary", "big-copied").orElseThrow())
          .isEqualTo(content);
      assertThat(regions.secondary().region().objectExists("data-secondary", "big")).isFalse();
    }
  }

  @Test
  void theProgressOfADownloadCountsEveryByte(TestRegions regions) throws Exception {
    byte[] content = random(12 * MIB, 3);
    Fixture.seed(regions, "counted", content);
    Path target = dir.resolve("counted.bin");
    try (FailoverS3AsyncClient client = FailoverS3AsyncClient.builder(builder(regions)).build();
        S3TransferManager tm = S3TransferManager.builder().s3Client(client).build()) {
      FileDownload download =
          tm.downloadFile(
              d ->
                  d.destination(target)
                      .getObjectRequest(g -> g.bucket(Fixture.BUCKET).key("counted")));
      download.completionFuture().join();

      assertThat(target).hasBinaryContent(content);
      // Progress listeners (and a pause, which resumes from the bytes counted) see every byte.
      assertThat(download.progress().snapshot().transferredBytes()).isEqualTo(content.length);
    }
  }

  @Test
  void aDirectoryDownloadCompletesFromTheSecondaryWhenThePrimaryDiesHalfWay(TestRegions regions)
      throws Exception {
    int files = 16;
    Path upload = Files.createDirectories(dir.resolve("up"));
    for (int i = 0; i < files; i++) {
      Files.write(upload.resolve("file-" + i + ".bin"), random(48 * 1024, i));
    }
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    AtomicReference<Runnable> blackHoleAfter = new AtomicReference<>(() -> {});
    FailoverS3ClientBuilder settings =
        builder(regions)
            .addListener(
                e -> {
                  if (e instanceof CallCompletedEvent completed
                      && completed.operation().equals("GetObject")
                      && completed.region().equals("primary")) {
                    blackHoleAfter.get().run();
                  }
                });
    try (FailoverS3AsyncClient client = FailoverS3AsyncClient.builder(settings).build();
        // Two files at a time, so that the primary dies with most of the directory to go.
        S3TransferManager tm =
            S3TransferManager.builder()
                .s3Client(client)
                .transferDirectoryMaxConcurrency(2)
                .build()) {
      CompletedDirectoryUpload up =
          tm.uploadDirectory(u -> u.source(upload).bucket(Fixture.BUCKET).s3Prefix("dir"))
              .completionFuture()
              .join();
      assertThat(up.failedTransfers()).isEmpty();
      // Replicate what the primary holds to the secondary, as S3 replication would.
      for (int i = 0; i < files; i++) {
        String key = "dir/file-" + i + ".bin";
        regions
            .secondary()
            .region()
            .putObject(
                "data-secondary",
                key,
                regions.primary().region().readObject("data-primary", key).orElseThrow());
      }

      // The primary dies once three files have been read from it: the client's own event is
      // published before the read completes, so the fourth read already meets the black hole.
      AtomicInteger served = new AtomicInteger();
      blackHoleAfter.set(
          () -> {
            if (served.incrementAndGet() == 3) {
              regions.primary().tcp().blackHole();
            }
          });
      Path download = dir.resolve("down");
      CompletedDirectoryDownload down =
          tm.downloadDirectory(
                  d ->
                      d.destination(download)
                          .bucket(Fixture.BUCKET)
                          .listObjectsV2RequestTransformer(l -> l.prefix("dir/")))
              .completionFuture()
              .join();
      assertThat(down.failedTransfers()).isEmpty();
      for (int i = 0; i < files; i++) {
        assertThat(download.resolve("file-" + i + ".bin"))
            .as("file %d", i)
            .hasBinaryContent(random(48 * 1024, i));
      }
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT))
          .isGreaterThanOrEqualTo(files - 3 - 2);
    }
  }

  @Test
  void anUploadFileMovesRegionWholeUnderTheFailoverWritePolicy(TestRegions regions)
      throws Exception {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    byte[] content = random(256 * 1024, 7);
    Path source = Files.write(dir.resolve("moved.bin"), content);
    try (FailoverS3AsyncClient client =
            FailoverS3AsyncClient.builder(builder(regions).writePolicy(WritePolicy.FAILOVER))
                .build();
        S3TransferManager tm = S3TransferManager.builder().s3Client(client).build()) {
      regions.primary().tcp().refuse();
      tm.uploadFile(
              u -> u.source(source).putObjectRequest(p -> p.bucket(Fixture.BUCKET).key("moved")))
          .completionFuture()
          .join();
    }
    assertThat(regions.secondary().region().readObject("data-secondary", "moved").orElseThrow())
        .isEqualTo(content);
  }

  @Test
  void aStreamUploadIsNeverSentToTwoRegions(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    try (FailoverS3AsyncClient client =
            FailoverS3AsyncClient.builder(builder(regions).writePolicy(WritePolicy.FAILOVER))
                .build();
        S3TransferManager tm = S3TransferManager.builder().s3Client(client).build()) {
      regions.primary().tcp().refuse();
      BlockingInputStreamAsyncRequestBody body = AsyncRequestBody.forBlockingInputStream(5L);
      Upload upload =
          tm.upload(
              u ->
                  u.requestBody(body)
                      .putObjectRequest(p -> p.bucket(Fixture.BUCKET).key("streamed")));
      // Nobody subscribes to a body whose call failed before sending it: write it aside.
      Thread writer =
          new Thread(
              () -> {
                try {
                  body.writeInputStream(new ByteArrayInputStream(Fixture.bytes("hello")));
                } catch (RuntimeException expected) {
                  // the SDK gives up waiting for the request
                }
              });
      writer.setDaemon(true);
      writer.start();
      assertThatThrownBy(() -> upload.completionFuture().join())
          .isInstanceOf(CompletionException.class)
          .satisfies(
              e -> assertThat(regionBound(e).boundBy()).isEqualTo(BoundBy.NON_REPLAYABLE_BODY));
    }
    assertThat(regions.secondary().region().requestCount(Operation.PUT_OBJECT)).isZero();
    assertThat(regions.secondary().region().requestCount(Operation.CREATE_MULTIPART_UPLOAD))
        .isZero();
    assertThat(regions.secondary().region().objectExists("data-secondary", "streamed")).isFalse();
  }

  private static RegionBoundException regionBound(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof RegionBoundException) {
        return (RegionBoundException) e;
      }
    }
    throw new AssertionError("no RegionBoundException in the causes of " + error, error);
  }

  /**
   * Transfers run many requests at once on a small machine: a read timeout longer than the
   * fixture's, so that a busy region is not taken for a dead one.
   */
  private FailoverS3ClientBuilder builder(TestRegions regions) {
    return fixture.builder(regions).readTimeout(Duration.ofSeconds(2));
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
