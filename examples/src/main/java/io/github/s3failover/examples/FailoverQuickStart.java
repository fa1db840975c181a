package io.github.s3failover.examples;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverStatus;
import io.github.s3failover.event.CallCompletedEvent;
import io.github.s3failover.event.CallOutcome;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.regions.Region;

/**
 * A regional outage rehearsed on one machine: two local S3 regions, steady reads through a {@link
 * FailoverS3Client}, the primary black-holed for a while, then healed. Prints a timeline, one line
 * a second, and exits non-zero if the application saw a failed read.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am package exec:java -DskipTests}; pass a number of
 * seconds as the first argument to change the length (default 14).
 */
public final class FailoverQuickStart {
  private static final int READERS = 4;
  private static final int OBJECTS = 20;

  /** What the application saw during the rehearsal. */
  public record Summary(
      long reads, long failedReads, long failedOver, Map<String, Long> servedBy) {}

  private FailoverQuickStart() {}

  /**
   * Runs the rehearsal.
   *
   * @param args optional length in seconds
   */
  public static void main(String[] args) throws Exception {
    Duration length = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 14);
    Summary summary = run(length, System.out);
    System.out.printf(
        "%nreads: %d, failed: %d, failed over within the call: %d, served by: %s%n",
        summary.reads(), summary.failedReads(), summary.failedOver(), summary.servedBy());
    System.exit(summary.failedReads() == 0 ? 0 : 1);
  }

  /**
   * Runs the rehearsal: the primary is black-holed from 20 % to 55 % of the length.
   *
   * @param length how long to run, at least 5 s
   * @param out where the timeline goes
   * @return what the application saw
   */
  public static Summary run(Duration length, PrintStream out) throws Exception {
    Map<String, AtomicLong> servedBy = new ConcurrentHashMap<>();
    AtomicLong failedOver = new AtomicLong();
    try (TestRegions regions = TestRegions.start(2, true)) {
      for (TestRegion region : regions.all()) {
        region.region().createBucket("media-" + region.name());
        for (int i = 0; i < OBJECTS; i++) {
          region
              .region()
              .putObject("media-" + region.name(), "cat-" + i, ("meow " + i).getBytes(UTF8));
        }
      }
      try (FailoverS3Client s3 = client(regions, servedBy, failedOver)) {
        return rehearse(length, out, regions, s3, servedBy, failedOver);
      }
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static FailoverS3Client client(
      TestRegions regions, Map<String, AtomicLong> servedBy, AtomicLong failedOver) {
    var builder =
        FailoverS3Client.builder()
            .readTimeout(Duration.ofMillis(800))
            .minimumDwell(Duration.ofSeconds(3))
            .circuitBreakerConfig(
                CircuitBreakerConfig.custom()
                    .slidingWindowSize(10)
                    .minimumNumberOfCalls(3)
                    .waitDurationInOpenState(Duration.ofSeconds(1))
                    .permittedNumberOfCallsInHalfOpenState(2)
                    .build())
            .addListener(
                event -> {
                  if (event instanceof CallCompletedEvent) {
                    CallCompletedEvent call = (CallCompletedEvent) event;
                    if (call.outcome() == CallOutcome.SUCCESS) {
                      servedBy
                          .computeIfAbsent(call.region(), r -> new AtomicLong())
                          .incrementAndGet();
                    }
                    if (call.failedOver()) {
                      failedOver.incrementAndGet();
                    }
                  }
                });
    for (TestRegion region : regions.all()) {
      builder.addRegion(
          FailoverRegion.builder(region.name())
              .awsRegion(Region.US_EAST_1)
              .endpointOverride(region.endpoint())
              .credentialsProvider(region.credentials())
              .forcePathStyle(true)
              .bucket("media", "media-" + region.name())
              .build());
    }
    return builder.build();
  }

  private static Summary rehearse(
      Duration length,
      PrintStream out,
      TestRegions regions,
      FailoverS3Client s3,
      Map<String, AtomicLong> servedBy,
      AtomicLong failedOver)
      throws InterruptedException {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong reads = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(READERS);
    for (int t = 0; t < READERS; t++) {
      int seed = t;
      pool.execute(
          () -> {
            int i = seed;
            while (running.get()) {
              String key = "cat-" + (i++ % OBJECTS);
              try {
                s3.getObjectAsBytes(b -> b.bucket("media").key(key));
                reads.incrementAndGet();
              } catch (RuntimeException e) {
                failed.incrementAndGet();
              }
            }
          });
    }
    long seconds = Math.max(5, length.toSeconds());
    long faultAt = Math.round(seconds * 0.2);
    long healAt = Math.round(seconds * 0.55);
    out.println(" t   event            served(primary/secondary)  errors  active     breakers");
    long lastPrimary = 0;
    long lastSecondary = 0;
    for (long second = 0; second < seconds; second++) {
      String event = "";
      if (second == faultAt) {
        regions.primary().tcp().blackHole();
        event = "primary down";
      } else if (second == healAt) {
        regions.primary().tcp().pass();
        event = "primary back";
      }
      Thread.sleep(1000);
      long primary = count(servedBy, "primary");
      long secondary = count(servedBy, "secondary");
      FailoverStatus status = s3.status();
      String line =
          String.format(
              "%2d  %-15s  %7d / %-7d              %5d   %-9s  %s",
              second + 1,
              event,
              primary - lastPrimary,
              secondary - lastSecondary,
              failed.get(),
              status.activeRegion(),
              status.breakers());
      out.println(line);
      lastPrimary = primary;
      lastSecondary = secondary;
    }
    running.set(false);
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    Map<String, Long> served = new java.util.TreeMap<>();
    servedBy.forEach((region, n) -> served.put(region, n.get()));
    return new Summary(reads.get(), failed.get(), failedOver.get(), served);
  }

  private static long count(Map<String, AtomicLong> servedBy, String region) {
    AtomicLong n = servedBy.get(region);
    return n == null ? 0 : n.get();
  }
}
