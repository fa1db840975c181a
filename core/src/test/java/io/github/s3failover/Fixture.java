package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.s3failover.event.FailoverEvent;
import io.github.s3failover.testkit.ProxiedRequest;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/**
 * Builds a FailoverS3Client over testkit regions, with settings short enough for tests. Public for
 * the chaos tests, which name and reach the regions the same way with settings of their own.
 */
public final class Fixture {
  /** The logical bucket the application names; each region maps it to {@link #physical}. */
  public static final String BUCKET = "data";

  static final Duration DWELL = Duration.ofMillis(1500);
  static final Duration BREAKER_OPEN = Duration.ofSeconds(1);

  final List<FailoverEvent> events = new CopyOnWriteArrayList<>();

  /**
   * A different AWS region for each test region, as a real deployment has: with one AWS region for
   * all, a client built from the wrong region's settings would pass unnoticed.
   *
   * @param region a test region
   * @return its AWS region
   */
  public static Region awsRegion(TestRegion region) {
    switch (region.name()) {
      case "primary":
        return Region.US_EAST_1;
      case "secondary":
        return Region.EU_WEST_1;
      default:
        return Region.AP_SOUTHEAST_2;
    }
  }

  /**
   * The region's physical bucket.
   *
   * @param region a test region
   * @return the name of its bucket
   */
  public static String physical(TestRegion region) {
    return "data-" + region.name();
  }

  /**
   * The host name by which DNS answers name a region, as a regional bucket endpoint would.
   *
   * @param region a test region
   * @return its host name
   */
  public static String hostName(TestRegion region) {
    return "data-" + region.name() + ".s3.example.test";
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Creates the physical buckets, and an object in every region, as if replicated. */
  static void seed(TestRegions regions, String key, byte[] content) {
    for (TestRegion region : regions.all()) {
      if (!region.region().bucketExists(physical(region))) {
        region.region().createBucket(physical(region));
      }
      region.region().putObject(physical(region), key, content);
    }
  }

  /** Polls a condition every 5 ms until it holds; fails the test after {@code millis}. */
  static void awaitTrue(BooleanSupplier condition, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + millis + " ms");
      }
      Thread.sleep(5);
    }
  }

  /** Collects the requests with this method and path that reach a region's fault proxy. */
  static List<ProxiedRequest> watch(TestRegion region, String method, String path) {
    List<ProxiedRequest> seen = new CopyOnWriteArrayList<>();
    region
        .tcp()
        .addRequestListener(
            r -> {
              if (r.method().equals(method) && r.path().equals(path)) {
                seen.add(r);
              }
            });
    return seen;
  }

  /**
   * Waits twice a 700 ms read timeout, then checks that no region's breaker counted a cancelled
   * attempt: a cancelled attempt must not come back as a failure, nor as a call at all.
   */
  static void awaitCancelledAttemptsCountedByNoRegion(
      FailoverS3AsyncClient client, TestRegions regions) {
    await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
    for (TestRegion region : regions.all()) {
      CircuitBreaker breaker = client.circuitBreaker(region.name());
      assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
      assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
      assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
  }

  /** Hedges every read after {@code delay}, without a budget to run out of. */
  static HedgedReads hedgeEveryRead(Duration delay) {
    return HedgedReads.builder()
        .minDelay(delay)
        .maxDelay(delay)
        .budgetPercent(100)
        .burst(1000)
        .build();
  }

  /** Breakers that never open, so that every read of a faulty primary keeps racing. */
  static CircuitBreakerConfig neverOpen() {
    return CircuitBreakerConfig.from(
            FailoverS3ClientBuilder.defaultCircuitBreakerConfig(Clock.systemUTC()))
        .slidingWindowSize(1000)
        .minimumNumberOfCalls(1000)
        .build();
  }

  static CircuitBreakerConfig fastBreakers() {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(4)
        .minimumNumberOfCalls(2)
        .failureRateThreshold(50)
        .waitDurationInOpenState(BREAKER_OPEN)
        .permittedNumberOfCallsInHalfOpenState(1)
        .build();
  }

  /** Regions reached through their TCP fault proxies. */
  FailoverS3ClientBuilder builder(TestRegions regions) {
    return builder(regions, TestRegion::endpoint);
  }

  FailoverS3ClientBuilder builder(TestRegions regions, Function<TestRegion, URI> endpoint) {
    return builder(regions.all(), endpoint);
  }

  /** Only the given regions, reached through their TCP fault proxies. */
  FailoverS3ClientBuilder builder(List<TestRegion> regions, Function<TestRegion, URI> endpoint) {
    return builder(regions, endpoint, (region, b) -> {});
  }

  /** Regions reached through their TCP fault proxies, each region's settings changed by a test. */
  FailoverS3ClientBuilder builder(
      TestRegions regions, BiConsumer<TestRegion, FailoverRegion.Builder> change) {
    return builder(regions.all(), TestRegion::endpoint, change);
  }

  private FailoverS3ClientBuilder builder(
      List<TestRegion> regions,
      Function<TestRegion, URI> endpoint,
      BiConsumer<TestRegion, FailoverRegion.Builder> change) {
    FailoverS3ClientBuilder builder =
        FailoverS3Client.builder()
            .connectTimeout(Duration.ofMillis(500))
            .readTimeout(Duration.ofMillis(700))
            .minimumDwell(DWELL)
            .circuitBreakerConfig(fastBreakers())
            // These tests specify what single application calls do; probes and hedges have their
            // own.
            .healthProbes(HealthProbes.disabled())
            .hedgedReads(HedgedReads.disabled())
            .addListener(events::add);
    for (TestRegion region : regions) {
      FailoverRegion.Builder config = region(region, endpoint.apply(region));
      change.accept(region, config);
      builder.addRegion(config.build());
    }
    return builder;
  }

  /**
   * The settings of one test region: its AWS region, the endpoint given, its credentials, path
   * style, the bucket mapping and its DNS host name.
   *
   * @param region a test region
   * @param endpoint where the client reaches it
   * @return a builder a test may change further
   */
  public static FailoverRegion.Builder region(TestRegion region, URI endpoint) {
    return FailoverRegion.builder(region.name())
        .awsRegion(awsRegion(region))
        .endpointOverride(endpoint)
        .credentialsProvider(region.credentials())
        .forcePathStyle(true)
        .bucket(BUCKET, physical(region))
        .hostNames(hostName(region));
  }

  <E extends FailoverEvent> List<E> events(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }
}
