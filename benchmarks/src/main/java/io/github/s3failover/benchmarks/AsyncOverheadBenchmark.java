package io.github.s3failover.benchmarks;

import io.github.s3failover.FailoverS3AsyncClient;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.testkit.LocalRegion;
import io.github.s3failover.testkit.Operation;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * What {@link FailoverS3AsyncClient} costs per call: GetObject and PutObject of 1 KiB through the
 * async failover client and through a plain {@link S3AsyncClient}, both against the same local
 * region, in the same run, with 1 and with 64 calls in flight.
 *
 * <p>One invocation starts {@code inFlight} calls at once and completes when all have completed, so
 * the score is batches per millisecond; both clients run the same batches, so {@code failover /
 * plain} is the price of the wrapper (routing, breaker bookkeeping, bucket mapping, the dispatching
 * proxy, body and transformer tracking). The plain client is built as the library builds a regional
 * client (Netty, same timeouts and connection lifetime, multipart on) with the SDK's default retry
 * strategy. Every measured call stays in the primary region (tear-down checks the secondary).
 *
 * <p>Each benchmark method runs in forks of its own, and the failover fork has more code to compile
 * before it reaches its steady state: with 25 s of warm-up, throughput on 2 cores was still rising
 * through the measurement, the failover fork's more than the plain one's. And every client dips by
 * about a quarter for some seconds after 60 s, when its connections reach their 60 s time to live
 * and are replaced. Hence 90 s of warm-up (past the dip) and 5 s measurement iterations; run with
 * {@code -f 2} or more.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@Warmup(iterations = 18, time = 5)
@Measurement(iterations = 5, time = 5)
public class AsyncOverheadBenchmark {
  /** Calls started at once per invocation. */
  @Param({"1", "64"})
  public int inFlight;

  private LocalRegion primary;
  private LocalRegion secondary;
  private FailoverS3Client sync;
  private FailoverS3AsyncClient failover;
  private S3AsyncClient plain;
  private byte[] payload;
  private GetObjectRequest failoverGet;
  private GetObjectRequest plainGet;
  private PutObjectRequest[] failoverPuts;
  private PutObjectRequest[] plainPuts;

  /** Starts the regions, seeds the object in both, builds both clients and checks their reads. */
  @Setup(Level.Trial)
  public void setUp() {
    primary = LocalRegion.start("primary");
    secondary = LocalRegion.start("secondary");
    payload = new byte[OverheadBenchmark.OBJECT_SIZE];
    ThreadLocalRandom.current().nextBytes(payload);
    TwoRegions.seed(primary, secondary, OverheadBenchmark.GET_KEY, payload);
    sync = TwoRegions.failover(primary, secondary);
    failover = FailoverS3AsyncClient.builder(sync).build();
    plain = TwoRegions.plainAsync(primary);

    failoverGet =
        GetObjectRequest.builder()
            .bucket(OverheadBenchmark.LOGICAL_BUCKET)
            .key(OverheadBenchmark.GET_KEY)
            .build();
    plainGet =
        GetObjectRequest.builder()
            .bucket(OverheadBenchmark.PRIMARY_BUCKET)
            .key(OverheadBenchmark.GET_KEY)
            .build();
    failoverPuts = new PutObjectRequest[inFlight];
    plainPuts = new PutObjectRequest[inFlight];
    for (int i = 0; i < inFlight; i++) {
      String key = "bench/async-put-" + i;
      failoverPuts[i] =
          PutObjectRequest.builder().bucket(OverheadBenchmark.LOGICAL_BUCKET).key(key).build();
      plainPuts[i] =
          PutObjectRequest.builder().bucket(OverheadBenchmark.PRIMARY_BUCKET).key(key).build();
    }
    check(failover.getObject(failoverGet, AsyncResponseTransformer.toBytes()).join(), "failover");
    check(plain.getObject(plainGet, AsyncResponseTransformer.toBytes()).join(), "plain");
  }

  private void check(ResponseBytes<GetObjectResponse> bytes, String client) {
    if (!Arrays.equals(bytes.asByteArrayUnsafe(), payload)) {
      throw new IllegalStateException("the " + client + " client read the wrong object");
    }
  }

  /** The secondary region, for the state's test. */
  LocalRegion secondary() {
    return secondary;
  }

  /** Closes everything, after checking that no measured call left the primary region. */
  @TearDown(Level.Trial)
  public void tearDown() {
    // Health probes (HEAD, every 2 s) reach the secondary by design; a measured GET or PUT must
    // not.
    long strayCalls =
        secondary == null
            ? 0
            : secondary.requestCount(Operation.GET_OBJECT)
                + secondary.requestCount(Operation.PUT_OBJECT);
    TwoRegions.closeAll(failover, sync, plain, primary, secondary);
    if (strayCalls > 0) {
      throw new IllegalStateException(
          strayCalls + " calls reached the secondary region: the failover client left the primary");
    }
  }

  private Object batch(IntFunction<CompletableFuture<?>> call) {
    CompletableFuture<?>[] calls = new CompletableFuture<?>[inFlight];
    for (int i = 0; i < inFlight; i++) {
      calls[i] = call.apply(i);
    }
    return CompletableFuture.allOf(calls).join();
  }

  /**
   * {@code inFlight} reads of the 1 KiB object through the failover client.
   *
   * @return a value for JMH to consume
   */
  @Benchmark
  public Object getObjectFailover() {
    return batch(i -> failover.getObject(failoverGet, AsyncResponseTransformer.toBytes()));
  }

  /**
   * {@code inFlight} reads of the 1 KiB object through the plain client.
   *
   * @return a value for JMH to consume
   */
  @Benchmark
  public Object getObjectPlain() {
    return batch(i -> plain.getObject(plainGet, AsyncResponseTransformer.toBytes()));
  }

  /**
   * {@code inFlight} writes of 1 KiB (one key each) through the failover client.
   *
   * @return a value for JMH to consume
   */
  @Benchmark
  public Object putObjectFailover() {
    return batch(i -> failover.putObject(failoverPuts[i], AsyncRequestBody.fromBytes(payload)));
  }

  /**
   * {@code inFlight} writes of 1 KiB (one key each) through the plain client.
   *
   * @return a value for JMH to consume
   */
  @Benchmark
  public Object putObjectPlain() {
    return batch(i -> plain.putObject(plainPuts[i], AsyncRequestBody.fromBytes(payload)));
  }
}
