package io.github.s3failover.benchmarks;

import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.testkit.LocalRegion;
import io.github.s3failover.testkit.Operation;
import java.util.Arrays;
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
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * What {@link FailoverS3Client} costs per call: GetObject and PutObject of 1 KiB through the
 * failover client and through a plain {@link S3Client}, both against the same local region (an
 * s3proxy on loopback), in the same run.
 *
 * <p>The failover client has two regions and its library defaults; every measured call goes to the
 * primary region, which is healthy (tear-down checks that the secondary saw no request). The plain
 * client is built like the library builds a regional client (Apache 5 HTTP client, same timeouts
 * and connection lifetime, same endpoint, path style and credentials) but keeps the SDK's default
 * retry strategy, as an application's client would. So {@code failover / plain} is the price of the
 * wrapper: routing, breaker bookkeeping, bucket mapping and the dispatching proxy.
 *
 * <p>One thread calls here; {@link ContendedOverheadBenchmark} runs the same benchmarks with 16.
 *
 * <p>Requests are built once in set-up, so neither side pays for request builders; the put body is
 * wrapped per call with {@code RequestBody.fromBytes}, as applications do. Each thread writes its
 * own key, so concurrent puts do not contend on one object in the server.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
// The server (s3proxy, Jetty), the SDK and the library are compiled in the same JVM while they
// run: on 2 cores a single thread rises 10x from the first second and levels off after 20-30 s
// (some forks later). Short measurement iterations give more samples, so a tighter confidence
// interval, in the same time.
@Threads(1)
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 10, time = 1)
public class OverheadBenchmark {
  /** The bucket name the application uses with the failover client. */
  public static final String LOGICAL_BUCKET = "data";

  /** The primary region's physical bucket, which the plain client names directly. */
  public static final String PRIMARY_BUCKET = "data-primary";

  /** The secondary region's physical bucket. */
  public static final String SECONDARY_BUCKET = "data-secondary";

  /** Size of the object read and written. */
  public static final int OBJECT_SIZE = 1024;

  /** The key of the object every get reads. */
  public static final String GET_KEY = "bench/get-1k";

  private LocalRegion primary;
  private LocalRegion secondary;
  private FailoverS3Client failover;
  private S3Client plain;
  private byte[] payload;
  private GetObjectRequest failoverGet;
  private GetObjectRequest plainGet;

  /**
   * Starts the two regions, seeds the object in both (as if replicated), builds both clients and
   * checks that each reads the seeded object.
   */
  @Setup(Level.Trial)
  public void setUp() {
    primary = LocalRegion.start("primary");
    secondary = LocalRegion.start("secondary");
    payload = new byte[OBJECT_SIZE];
    ThreadLocalRandom.current().nextBytes(payload);
    TwoRegions.seed(primary, secondary, GET_KEY, payload);
    failover = TwoRegions.failover(primary, secondary);
    plain = TwoRegions.plain(primary);

    failoverGet = GetObjectRequest.builder().bucket(LOGICAL_BUCKET).key(GET_KEY).build();
    plainGet = GetObjectRequest.builder().bucket(PRIMARY_BUCKET).key(GET_KEY).build();
    checkReads(failover.getObjectAsBytes(failoverGet), "failover");
    checkReads(plain.getObjectAsBytes(plainGet), "plain");
  }

  private void checkReads(ResponseBytes<GetObjectResponse> bytes, String client) {
    if (!Arrays.equals(bytes.asByteArrayUnsafe(), payload)) {
      throw new IllegalStateException("the " + client + " client read the wrong object");
    }
  }

  /**
   * Closes the clients and the regions, after checking that the failover client never left the
   * primary region: a call served elsewhere would make the comparison meaningless.
   */
  @TearDown(Level.Trial)
  public void tearDown() {
    // Probes (HEAD) reach every region by design; hedged reads may reach the secondary, fewer
    // than 1 % of reads when both are healthy, plus the cold first read on a loaded machine (a
    // region without answers yet waits 1 s before hedging).
    long strayCalls =
        secondary == null
            ? 0
            : secondary.requestCount(Operation.GET_OBJECT)
                + secondary.requestCount(Operation.PUT_OBJECT);
    long calls =
        primary == null
            ? 0
            : primary.requestCount(Operation.GET_OBJECT)
                + primary.requestCount(Operation.PUT_OBJECT);
    TwoRegions.closeAll(failover, plain, primary, secondary);
    if (strayCalls > 1 + calls / 100) {
      throw new IllegalStateException(
          strayCalls
              + " calls of "
              + calls
              + " reached the secondary region: the failover client left the primary");
    }
  }

  /**
   * The primary region, for checks.
   *
   * @return the region both clients talk to
   */
  public LocalRegion primary() {
    return primary;
  }

  /**
   * The secondary region, for checks.
   *
   * @return the region the failover client would fail over to
   */
  public LocalRegion secondary() {
    return secondary;
  }

  /**
   * The put requests of one benchmark thread: each thread writes its own key.
   *
   * <p>Built once per thread and trial, for both clients.
   */
  @State(Scope.Thread)
  public static class Writer {
    private PutObjectRequest failoverPut;
    private PutObjectRequest plainPut;

    /**
     * Chooses this thread's key from its JMH thread index.
     *
     * @param threads JMH's description of the benchmark threads
     */
    @Setup(Level.Trial)
    public void setUp(ThreadParams threads) {
      prepare(threads.getThreadIndex());
    }

    /**
     * Builds the put requests for the key of one thread.
     *
     * @param threadIndex the index of the thread, from 0
     */
    public void prepare(int threadIndex) {
      String key = "bench/put-" + threadIndex;
      failoverPut = PutObjectRequest.builder().bucket(LOGICAL_BUCKET).key(key).build();
      plainPut = PutObjectRequest.builder().bucket(PRIMARY_BUCKET).key(key).build();
    }
  }

  /**
   * Reads the 1 KiB object through the failover client.
   *
   * @param blackhole sink for the result
   */
  @Benchmark
  public void getObjectFailover(Blackhole blackhole) {
    blackhole.consume(failover.getObjectAsBytes(failoverGet).asByteArrayUnsafe());
  }

  /**
   * Reads the 1 KiB object through the plain client.
   *
   * @param blackhole sink for the result
   */
  @Benchmark
  public void getObjectPlain(Blackhole blackhole) {
    blackhole.consume(plain.getObjectAsBytes(plainGet).asByteArrayUnsafe());
  }

  /**
   * Writes 1 KiB to this thread's key through the failover client.
   *
   * @param writer this thread's requests
   * @param blackhole sink for the result
   */
  @Benchmark
  public void putObjectFailover(Writer writer, Blackhole blackhole) {
    blackhole.consume(failover.putObject(writer.failoverPut, RequestBody.fromBytes(payload)));
  }

  /**
   * Writes 1 KiB to this thread's key through the plain client.
   *
   * @param writer this thread's requests
   * @param blackhole sink for the result
   */
  @Benchmark
  public void putObjectPlain(Writer writer, Blackhole blackhole) {
    blackhole.consume(plain.putObject(writer.plainPut, RequestBody.fromBytes(payload)));
  }
}
