package io.github.s3failover.benchmarks;

import io.github.s3failover.FailoverS3AsyncClient;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.testkit.LocalRegion;
import io.github.s3failover.testkit.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedFileDownload;

/**
 * What the failover async client costs the S3 Transfer Manager on a large download: {@code
 * downloadFile} of one object ({@code mebibytes}, 1 GiB by default) through a Transfer Manager over
 * {@link FailoverS3AsyncClient} and through one over a plain {@link S3AsyncClient} (Netty,
 * multipart on, the library's timeouts), against the same local region in the same run. Scores are
 * milliseconds per download (single shot), so {@code plain / failover} is the throughput ratio.
 *
 * <p>The regions keep their objects on disk, so the heap holds neither copy. Every download is
 * checked for its length, the last one of each trial byte for byte (CRC-32) against the object.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class TransferManagerBenchmark {
  /** The object's size in MiB. */
  @Param({"1024"})
  public int mebibytes;

  private static final String KEY = "bench/large";

  private LocalRegion primary;
  private LocalRegion secondary;
  private FailoverS3Client sync;
  private FailoverS3AsyncClient failover;
  private S3AsyncClient plain;
  private S3TransferManager failoverTransfers;
  private S3TransferManager plainTransfers;
  private Path directory;
  private Path target;
  private long size;
  private long checksum;

  /** Starts the regions with the object in the primary and builds both Transfer Managers. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    primary =
        LocalRegion.start(
            "primary", "AKIABENCHPRIMARY", "bench-secret-primary", LocalRegion.Storage.DISK);
    secondary = LocalRegion.start("secondary");
    TwoRegions.createBuckets(primary, secondary);
    size = (long) mebibytes << 20;
    byte[] content = new byte[Math.toIntExact(size)];
    ThreadLocalRandom.current().nextBytes(content);
    CRC32 crc = new CRC32();
    crc.update(content);
    checksum = crc.getValue();
    // Put in one piece: s3proxy answers 501 to a GET of one part of a multipart object.
    primary.putObject(OverheadBenchmark.PRIMARY_BUCKET, KEY, content);
    content = null;

    sync = TwoRegions.failover(primary, secondary);
    failover = FailoverS3AsyncClient.builder(sync).build();
    plain = TwoRegions.plainAsync(primary);
    failoverTransfers = S3TransferManager.builder().s3Client(failover).build();
    plainTransfers = S3TransferManager.builder().s3Client(plain).build();
    directory = Files.createTempDirectory("s3f-tm-bench");
    target = directory.resolve("download");
  }

  /**
   * Downloads the object through the Transfer Manager over the failover client.
   *
   * @return the completed download, for JMH to consume
   * @throws IOException if the downloaded file cannot be read
   */
  @Benchmark
  public CompletedFileDownload downloadFailover() throws IOException {
    return download(failoverTransfers, OverheadBenchmark.LOGICAL_BUCKET);
  }

  /**
   * Downloads the object through the Transfer Manager over the plain client.
   *
   * @return the completed download, for JMH to consume
   * @throws IOException if the downloaded file cannot be read
   */
  @Benchmark
  public CompletedFileDownload downloadPlain() throws IOException {
    return download(plainTransfers, OverheadBenchmark.PRIMARY_BUCKET);
  }

  private CompletedFileDownload download(S3TransferManager transfers, String bucket)
      throws IOException {
    Files.deleteIfExists(target);
    CompletedFileDownload done =
        transfers
            .downloadFile(
                d -> d.destination(target).getObjectRequest(g -> g.bucket(bucket).key(KEY)))
            .completionFuture()
            .join();
    if (Files.size(target) != size) {
      throw new IllegalStateException(
          "downloaded " + Files.size(target) + " bytes of an object of " + size);
    }
    return done;
  }

  /** The primary region, for the state's test. */
  LocalRegion primary() {
    return primary;
  }

  /** Checks the last download byte for byte, closes everything, and fails a run that left. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    // Probes (HEAD) reach the secondary by design; a download's GET must not.
    long strayGets = secondary == null ? 0 : secondary.requestCount(Operation.GET_OBJECT);
    try {
      if (Files.exists(target) && crc(target) != checksum) {
        throw new IllegalStateException("the last download differs from the object");
      }
    } finally {
      TwoRegions.closeAll(
          failoverTransfers, plainTransfers, failover, sync, plain, primary, secondary);
      deleteTree(directory);
    }
    if (strayGets > 0) {
      throw new IllegalStateException(
          strayGets + " GETs reached the secondary region: the failover client left the primary");
    }
  }

  private static long crc(Path file) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        crc.update(buffer, 0, n);
      }
    }
    return crc.getValue();
  }

  private static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
