package io.github.s3failover.benchmarks;

import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.testkit.LocalRegion;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * What the failover client's GetObject stream costs per {@code read()}: a 256 KiB object read one
 * byte at a time, and 16 bytes at a time, through the failover client (library defaults: a
 * resumable stream) and through a plain client on the same region. Each operation opens the stream,
 * reads it to the end and closes it, so 262,144 single-byte reads dominate one GET. Run with {@code
 * -prof gc} to see the bytes allocated per operation.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 10, time = 1)
public class StreamReadBenchmark {
  /** Size of the object read. */
  public static final int OBJECT_SIZE = 256 * 1024;

  private static final String KEY = "bench/stream-256k";

  private LocalRegion primary;
  private LocalRegion secondary;
  private FailoverS3Client failover;
  private S3Client plain;
  private GetObjectRequest failoverGet;
  private GetObjectRequest plainGet;

  /** Starts two regions, seeds the object in both and builds both clients. */
  @Setup(Level.Trial)
  public void setUp() {
    primary = LocalRegion.start("primary");
    secondary = LocalRegion.start("secondary");
    byte[] payload = new byte[OBJECT_SIZE];
    ThreadLocalRandom.current().nextBytes(payload);
    TwoRegions.seed(primary, secondary, KEY, payload);
    failover = TwoRegions.failover(primary, secondary);
    plain = TwoRegions.plain(primary);
    failoverGet =
        GetObjectRequest.builder().bucket(OverheadBenchmark.LOGICAL_BUCKET).key(KEY).build();
    plainGet = GetObjectRequest.builder().bucket(OverheadBenchmark.PRIMARY_BUCKET).key(KEY).build();
  }

  /** Closes the clients and the regions. */
  @TearDown(Level.Trial)
  public void tearDown() {
    failover.close();
    plain.close();
    primary.close();
    secondary.close();
  }

  /**
   * Reads the object one byte at a time through the failover client.
   *
   * @return a checksum, so the reads are not optimised away
   * @throws IOException if the stream fails
   */
  @Benchmark
  public long singleByteFailover() throws IOException {
    return singleBytes(failover.getObject(failoverGet));
  }

  /**
   * Reads the object one byte at a time through the plain client.
   *
   * @return a checksum
   * @throws IOException if the stream fails
   */
  @Benchmark
  public long singleBytePlain() throws IOException {
    return singleBytes(plain.getObject(plainGet));
  }

  /**
   * Reads the object 16 bytes at a time through the failover client.
   *
   * @return a checksum
   * @throws IOException if the stream fails
   */
  @Benchmark
  public long smallReadsFailover() throws IOException {
    return smallReads(failover.getObject(failoverGet));
  }

  /**
   * Reads the object 16 bytes at a time through the plain client.
   *
   * @return a checksum
   * @throws IOException if the stream fails
   */
  @Benchmark
  public long smallReadsPlain() throws IOException {
    return smallReads(plain.getObject(plainGet));
  }

  private static long singleBytes(InputStream in) throws IOException {
    long sum = 0;
    try (in) {
      for (int b; (b = in.read()) >= 0; ) {
        sum += b;
      }
    }
    return check(sum > 0 ? sum : -1);
  }

  private static long smallReads(InputStream in) throws IOException {
    long sum = 0;
    byte[] buffer = new byte[16];
    try (in) {
      for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
        sum += n;
      }
    }
    if (sum != OBJECT_SIZE) {
      throw new IllegalStateException("read " + sum + " bytes, expected " + OBJECT_SIZE);
    }
    return sum;
  }

  private static long check(long sum) {
    if (sum < 0) {
      throw new IllegalStateException("read nothing");
    }
    return sum;
  }
}
