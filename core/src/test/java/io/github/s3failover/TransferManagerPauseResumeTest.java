package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.ProxiedRequest;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.FileDownload;
import software.amazon.awssdk.transfer.s3.model.ResumableFileDownload;
import software.amazon.awssdk.transfer.s3.progress.TransferListener;

/**
 * The Transfer Manager's pause and resume of a file download through the failover client: the
 * download is paused half-way (its region frozen under it), then resumed from the bytes it had, in
 * the same region when that region is back, in the secondary when it is not.
 */
@LocalRegions(count = 2)
@Timeout(90)
class TransferManagerPauseResumeTest {
  private static final int MIB = 1024 * 1024;
  private static final int SIZE = 32 * MIB;
  private static final String KEY = "large";

  private final Fixture fixture = new Fixture();
  private final List<ProxiedRequest> gets = new CopyOnWriteArrayList<>();

  @TempDir Path dir;

  @Test
  void aPausedDownloadResumesFromTheBytesItHadAndTheFileIsIdentical(TestRegions regions)
      throws Exception {
    byte[] content = seed(regions);
    Path target = dir.resolve("large.bin");
    try (FailoverS3AsyncClient client = client(regions);
        S3TransferManager tm = S3TransferManager.builder().s3Client(client).build()) {
      ResumableFileDownload paused = startAndPause(tm, regions.primary(), target);
      regions.primary().tcp().pass();

      tm.resumeDownloadFile(paused).completionFuture().join();

      assertThat(target).hasBinaryContent(content);
      assertThat(resumeGets(paused)).as("GETs from the byte reached, of %s", gets).hasSize(1);
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isZero();
    }
  }

  @Test
  void aPausedDownloadResumesFromTheSecondaryWhenThePrimaryIsGoneMeanwhile(TestRegions regions)
      throws Exception {
    byte[] content = seed(regions);
    Path target = dir.resolve("large.bin");
    try (FailoverS3AsyncClient client = client(regions);
        S3TransferManager tm = S3TransferManager.builder().s3Client(client).build()) {
      ResumableFileDownload paused = startAndPause(tm, regions.primary(), target);
      regions.primary().tcp().refuse();

      tm.resumeDownloadFile(paused).completionFuture().join();

      assertThat(target).hasBinaryContent(content);
      List<ProxiedRequest> resumed = resumeGets(paused);
      assertThat(resumed).as("GETs from the byte reached, of %s", gets).isNotEmpty();
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT))
          .as("the rest, read from the secondary")
          .isEqualTo(1);
    }
  }

  /**
   * Starts the download, freezes the primary (a black hole) once 1 MiB has arrived, and pauses the
   * download when it has stalled. On a busy machine the whole object may already be on its way when
   * the freeze comes (socket buffers hold megabytes): then the download completes, and it is tried
   * again, at most three times.
   */
  private ResumableFileDownload startAndPause(S3TransferManager tm, TestRegion primary, Path target)
      throws Exception {
    for (int tries = 1; ; tries++) {
      Files.deleteIfExists(target);
      FileDownload download = startAndFreeze(tm, primary, target);
      long stalledAt = download.progress().snapshot().transferredBytes();
      if (stalledAt < SIZE) {
        ResumableFileDownload paused = download.pause();
        assertThat(paused.bytesTransferred())
            .as("bytes at the pause")
            .isBetween((long) MIB, SIZE - 1L);
        assertThat(Files.size(target)).isEqualTo(paused.bytesTransferred());
        return paused;
      }
      download.completionFuture().join();
      primary.tcp().pass();
      assertThat(tries).as("downloads that outran the freeze").isLessThan(3);
    }
  }

  private FileDownload startAndFreeze(S3TransferManager tm, TestRegion primary, Path target) {
    AtomicBoolean frozen = new AtomicBoolean();
    TransferListener freezeEarly =
        new TransferListener() {
          @Override
          public void bytesTransferred(Context.BytesTransferred context) {
            if (context.progressSnapshot().transferredBytes() >= MIB
                && frozen.compareAndSet(false, true)) {
              primary.tcp().blackHole();
            }
          }
        };
    FileDownload download =
        tm.downloadFile(
            d ->
                d.destination(target)
                    .getObjectRequest(g -> g.bucket(Fixture.BUCKET).key(KEY))
                    .addTransferListener(freezeEarly));
    await("the primary frozen under the download").atMost(Duration.ofSeconds(30)).untilTrue(frozen);
    // What was already on its way still arrives: pause once the bytes stopped and are all in the
    // file, as the Transfer Manager resumes only a file as long as its count.
    long[] last = {-1, 0};
    await("the download to stall")
        .pollInterval(Duration.ofMillis(250))
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              long now = download.progress().snapshot().transferredBytes();
              last[1] =
                  now == last[0] && Files.exists(target) && Files.size(target) == now
                      ? last[1] + 1
                      : 0;
              last[0] = now;
              return last[1] >= 4; // unchanged for a second
            });
    return download;
  }

  /** The GETs sent after the pause, asking for the rest from the byte the download had. */
  private List<ProxiedRequest> resumeGets(ResumableFileDownload paused) {
    String from = "bytes=" + paused.bytesTransferred() + "-";
    return gets.stream()
        .filter(r -> r.header("range").map(range -> range.startsWith(from)).orElse(false))
        .toList();
  }

  private FailoverS3AsyncClient client(TestRegions regions) {
    Consumer<ProxiedRequest> record =
        r -> {
          if (r.method().equals("GET") && r.path().endsWith("/" + KEY)) {
            gets.add(r);
          }
        };
    regions.all().forEach(r -> r.tcp().addRequestListener(record));
    return FailoverS3AsyncClient.builder(
            fixture.builder(regions).readTimeout(Duration.ofSeconds(2)))
        .build();
  }

  /**
   * An object above the multipart threshold, stored in one piece in both regions with one
   * Last-Modified, as replication keeps it (the Transfer Manager resumes only an object whose ETag
   * and Last-Modified are those it paused on), in whole seconds as S3 keeps it (see {@link
   * io.github.s3failover.testkit.LocalRegion#setLastModified}).
   */
  private static byte[] seed(TestRegions regions) {
    byte[] content = new byte[SIZE];
    new Random(11).nextBytes(content);
    Fixture.seed(regions, KEY, content);
    Instant written = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (TestRegion region : regions.all()) {
      region.region().setLastModified(Fixture.physical(region), KEY, written);
    }
    return content;
  }
}
