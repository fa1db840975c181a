package io.github.s3failover.benchmarks;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3Client;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The wrapper's own cost, without a network: the same calls against a regional client that answers
 * at once, directly and through {@link FailoverS3Client}. The difference is what routing, breaker
 * bookkeeping, bucket mapping and dispatch add to every call, in nanoseconds; against a real call
 * of a few hundred microseconds it gives the overhead that {@link OverheadBenchmark} measures end
 * to end, but with far less noise.
 *
 * <p>Two kinds of regional client. {@code getObjectPlain/Failover} and {@code put*} use a client
 * the application supplies (a stub {@link S3Client}); {@code getObjectBuiltPlain/Failover} use SDK
 * clients built as the library builds them, over a stub HTTP client that answers at once, so they
 * include the SDK's own work and, for the failover client, what hedged reads cost on a region whose
 * client the library built (the first attempt runs on the caller's thread).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RoutingCostBenchmark {
  private static final byte[] BODY = new byte[1024];

  private S3Client stub;
  private FailoverS3Client failover;
  private GetObjectRequest logicalGet;
  private GetObjectRequest physicalGet;
  private PutObjectRequest logicalPut;
  private PutObjectRequest physicalPut;
  private S3Client builtPlain;
  private FailoverS3Client builtFailover;

  /** Builds the answering stub and a failover client over it (and a second stub region). */
  @Setup
  public void setUp() {
    stub = answeringStub();
    failover =
        FailoverS3Client.builder()
            .addRegion(
                FailoverRegion.builder("primary").client(stub).bucket("data", "data-a").build())
            .addRegion(
                FailoverRegion.builder("secondary")
                    .client(answeringStub())
                    .bucket("data", "data-b")
                    .build())
            .build();
    builtPlain =
        S3Client.builder()
            .httpClientBuilder(new StubHttp())
            .region(Region.US_EAST_1)
            .endpointOverride(STUB_ENDPOINT)
            .forcePathStyle(true)
            .credentialsProvider(STUB_CREDENTIALS)
            .build();
    builtFailover =
        FailoverS3Client.builder()
            .addRegion(builtRegion("primary", "data-a", Region.US_EAST_1))
            .addRegion(builtRegion("secondary", "data-b", Region.EU_WEST_1))
            .build();
    logicalGet = GetObjectRequest.builder().bucket("data").key("k").build();
    physicalGet = GetObjectRequest.builder().bucket("data-a").key("k").build();
    logicalPut = PutObjectRequest.builder().bucket("data").key("k").build();
    physicalPut = PutObjectRequest.builder().bucket("data-a").key("k").build();
  }

  /** Closes the failover client. */
  @TearDown
  public void tearDown() {
    failover.close();
    builtFailover.close();
    builtPlain.close();
  }

  private static FailoverRegion builtRegion(String id, String bucket, Region awsRegion) {
    return FailoverRegion.builder(id)
        .awsRegion(awsRegion)
        .endpointOverride(STUB_ENDPOINT)
        .forcePathStyle(true)
        .credentialsProvider(STUB_CREDENTIALS)
        .bucket("data", bucket)
        .clientCustomizer(b -> b.httpClientBuilder(new StubHttp()))
        .build();
  }

  /**
   * GetObject of 1 KiB into bytes, through an SDK client over the stub HTTP client.
   *
   * @param bh the sink
   */
  @Benchmark
  public void getObjectBuiltPlain(Blackhole bh) {
    bh.consume(builtPlain.getObjectAsBytes(physicalGet));
  }

  /**
   * GetObject of 1 KiB into bytes, through the failover client over library-built regional clients
   * on the stub HTTP client.
   *
   * @param bh the sink
   */
  @Benchmark
  public void getObjectBuiltFailover(Blackhole bh) {
    bh.consume(builtFailover.getObjectAsBytes(logicalGet));
  }

  /**
   * GetObject of 1 KiB into bytes, straight to the stub.
   *
   * @param bh the sink
   */
  @Benchmark
  public void getObjectPlain(Blackhole bh) {
    bh.consume(stub.getObjectAsBytes(physicalGet));
  }

  /**
   * GetObject of 1 KiB into bytes, through the failover client.
   *
   * @param bh the sink
   */
  @Benchmark
  public void getObjectFailover(Blackhole bh) {
    bh.consume(failover.getObjectAsBytes(logicalGet));
  }

  /**
   * PutObject of 1 KiB, straight to the stub.
   *
   * @param bh the sink
   */
  @Benchmark
  public void putObjectPlain(Blackhole bh) {
    bh.consume(stub.putObject(physicalPut, RequestBody.fromBytes(BODY)));
  }

  /**
   * PutObject of 1 KiB, through the failover client.
   *
   * @param bh the sink
   */
  @Benchmark
  public void putObjectFailover(Blackhole bh) {
    bh.consume(failover.putObject(logicalPut, RequestBody.fromBytes(BODY)));
  }

  private static final URI STUB_ENDPOINT = URI.create("http://stub.invalid");

  private static final StaticCredentialsProvider STUB_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("stub", "stub"));

  /** An HTTP client that answers every request at once: 200, the 1 KiB body. */
  private static final class StubHttp implements SdkHttpClient, SdkHttpClient.Builder<StubHttp> {
    @Override
    public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
      return this;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() {
          return HttpExecuteResponse.builder()
              .response(
                  SdkHttpResponse.builder()
                      .statusCode(200)
                      .putHeader("ETag", "\"e\"")
                      .putHeader("Content-Length", String.valueOf(BODY.length))
                      .build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(BODY)))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {}
  }

  @SuppressWarnings("unchecked") // the stub hands the SDK's own transformer its response
  private static S3Client answeringStub() {
    GetObjectResponse got = GetObjectResponse.builder().eTag("\"e\"").contentLength(1024L).build();
    PutObjectResponse put = PutObjectResponse.builder().eTag("\"e\"").build();
    return (S3Client)
        Proxy.newProxyInstance(
            S3Client.class.getClassLoader(),
            new Class<?>[] {S3Client.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getObject":
                  return ((ResponseTransformer<GetObjectResponse, Object>) args[1])
                      .transform(got, AbortableInputStream.create(new ByteArrayInputStream(BODY)));
                case "putObject":
                  return put;
                case "close":
                  return null;
                default:
                  if (method.isDefault()) {
                    return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                  }
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }
}
