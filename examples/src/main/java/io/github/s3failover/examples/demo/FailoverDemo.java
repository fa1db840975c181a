package io.github.s3failover.examples.demo;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverS3ClientBuilder;
import io.github.s3failover.FailoverStatus;
import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.route53.FailoverRole;
import io.github.s3failover.route53.FailoverSpec;
import io.github.s3failover.route53.HealthCheckSpec;
import io.github.s3failover.route53.HealthCheckType;
import io.github.s3failover.route53.RegionSpec;
import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.Replicator;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import io.github.s3failover.testkit.route53.LocalRoute53;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.regions.Region;

/**
 * A regional outage rehearsed on one machine, in one command. Two local S3 regions (s3proxy on
 * loopback) replicate to each other with a lag, as Cross-Region Replication would; a local DNS
 * server answers Route 53's failover record; an application reads and writes steadily through a
 * {@link FailoverS3Client} that follows the record. The record is provisioned by the route53
 * module's {@code Provisioner}, the one a user runs against AWS, pointed at a {@link LocalRoute53}
 * whose health checkers probe both regions. Then the primary region is black-holed; the record
 * flips to the secondary only when those checkers declare the primary unhealthy, and flips back
 * once they see it healthy again. Route 53's intervals are shortened by a time factor, which the
 * output states.
 *
 * <p>Prints a timeline, one line a second, writes an HTML page with a chart of it, and exits with
 * status 1 if the application saw a failed read. Writes refused while the preferred region is down
 * are expected: under {@code PRIMARY_ONLY} they wait for Route 53 rather than risk split brain.
 *
 * <p>Arguments: {@code --seconds N} (default 40), {@code --lag MILLIS} replication lag (default
 * 2000), {@code --out FILE} (default {@code target/failover-demo.html}).
 */
public final class FailoverDemo {
  static final String BUCKET = "media";
  static final String NAME = "media.failover.test";
  static final int OBJECTS = 50;
  static final int READERS = 4;
  static final String ZONE = "failover.test";
  static final String HEALTH_KEY = "s3-failover-health.txt";
  static final int FAILURE_THRESHOLD = 3;
  static final long TTL = 1;

  /**
   * What the application saw.
   *
   * @param reads reads that succeeded
   * @param readErrors reads that failed
   * @param writes writes that succeeded
   * @param writesRefused writes refused
   * @param chart where the chart went
   * @param timeline one sample a second, in order, the first for second 1
   * @param script the seconds at which the world changed: the demo's faults, and the seconds in
   *     which the local Route 53's checkers moved the record
   */
  public record Result(
      long reads,
      long readErrors,
      long writes,
      long writesRefused,
      Path chart,
      List<Timeline.Sample> timeline,
      Script script) {}

  /**
   * When the world changed, as seconds of {@link Result#timeline()}.
   *
   * @param primaryDown the second at whose start the primary was black-holed
   * @param dnsToSecondary the second during which the checkers moved the record to the secondary
   *     (the run's length + 1 if they never did)
   * @param primaryBack the second at whose start the primary was reachable again
   * @param dnsToPrimary the second during which the checkers moved the record back (the run's
   *     length + 1 if they never did)
   */
  public record Script(int primaryDown, int dnsToSecondary, int primaryBack, int dnsToPrimary) {}

  private FailoverDemo() {}

  /**
   * Runs the demo.
   *
   * @param args see the class description
   * @throws Exception if the demo itself cannot run
   */
  public static void main(String[] args) throws Exception {
    int seconds = 40;
    long lag = 2000;
    Path out = Path.of("target", "failover-demo.html");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--lag" -> lag = Long.parseLong(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + "; use --seconds N, --lag MILLIS, --out FILE");
      }
    }
    Result result = run(seconds, Duration.ofMillis(lag), out, System.out);
    System.exit(result.readErrors() == 0 ? 0 : 1);
  }

  /**
   * Runs the demo.
   *
   * @param seconds its length, at least 10
   * @param lag the replication lag
   * @param out where the chart goes
   * @param console where the timeline goes
   * @return what the application saw
   * @throws Exception if the demo itself cannot run
   */
  public static Result run(int seconds, Duration lag, Path out, PrintStream console)
      throws Exception {
    if (seconds < 10) {
      throw new IllegalArgumentException("--seconds " + seconds + " is too short; use 10 or more");
    }
    // Route 53's 10 s interval shrunk so that detection (3 probes) fits the run: 0.2 for 40 s.
    double timeFactor = Math.min(1, Math.max(0.02, seconds / 200.0));
    try (TestRegions regions = TestRegions.start(2, true);
        LocalDnsServer dns = LocalDnsServer.open();
        LocalRoute53 route53 =
            LocalRoute53.builder()
                .dns(dns)
                .timeFactor(timeFactor)
                .checkers(RouteWatch.CHECKERS)
                .changeDelay(Duration.ofMillis(200))
                .start()) {
      TestRegion primary = regions.primary();
      TestRegion secondary = regions.secondary();
      for (TestRegion region : regions.all()) {
        region.region().createBucket(bucket(region));
        for (int i = 0; i < OBJECTS; i++) {
          region
              .region()
              .putObject(
                  bucket(region), "seed-" + i, ("object " + i).getBytes(StandardCharsets.UTF_8));
        }
        region
            .region()
            .putObject(bucket(region), HEALTH_KEY, "ok".getBytes(StandardCharsets.UTF_8));
        region.region().makePublic(bucket(region), HEALTH_KEY);
      }
      route53.addZone(ZONE);
      RouteWatch watch = RouteWatch.provision(route53, spec(regions), console);
      console.printf(
          "Route 53 played by LocalRoute53: %d checkers per health check, request interval 10 s"
              + " x time factor %.3f = %d ms, failure threshold %d, record TTL %d s%n",
          RouteWatch.CHECKERS, timeFactor, Math.round(10_000 * timeFactor), FAILURE_THRESHOLD, TTL);
      Traffic traffic = new Traffic(READERS);
      try (Replicator there =
              Replicator.start(
                  primary.region(), bucket(primary), secondary.region(), bucket(secondary), lag);
          Replicator back =
              Replicator.start(
                  secondary.region(), bucket(secondary), primary.region(), bucket(primary), lag);
          FailoverS3Client s3 = client(regions, dns, traffic)) {
        traffic.start(s3, BUCKET, OBJECTS, READERS);
        Timeline timeline = new Timeline();
        int faultAt = Math.round(seconds * 0.15f);
        int healAt = Math.round(seconds * 0.55f);
        console.println(Timeline.header());
        watch.startClock();
        long lastPrimary = 0;
        long lastSecondary = 0;
        int toSecondary = seconds + 1;
        int toPrimary = seconds + 1;
        for (int second = 1; second <= seconds; second++) {
          String event = "";
          if (second == faultAt) {
            primary.tcp().blackHole();
            there.pause();
            back.pause();
            event = "primary black-holed" + watch.stamp(Instant.now());
          } else if (second == healAt) {
            primary.tcp().pass();
            there.resume();
            back.resume();
            event = "primary back" + watch.stamp(Instant.now());
          }
          Thread.sleep(1000);
          List<String> changes = watch.drain();
          if (toSecondary > seconds && RouteWatch.movedTo(changes, "secondary")) {
            toSecondary = second;
          } else if (second > healAt
              && toPrimary > seconds
              && RouteWatch.movedTo(changes, "primary")) {
            toPrimary = second;
          }
          event = RouteWatch.join(event, changes);
          FailoverStatus status = s3.status();
          long p = traffic.served("primary");
          long s = traffic.served("secondary");
          console.println(
              timeline.add(
                  new Timeline.Sample(
                      second,
                      event,
                      p - lastPrimary,
                      s - lastSecondary,
                      traffic.readErrors(),
                      traffic.writesRefused(),
                      status.preferredRegion(),
                      status.activeRegion(),
                      status.breakers().toString())));
          lastPrimary = p;
          lastSecondary = s;
        }
        traffic.close();
        String summary =
            String.format(
                "reads: %d, failed reads: %d, writes: %d, writes refused (PRIMARY_ONLY, never sent"
                    + " elsewhere): %d, replicated copies: %d. DNS flips came from LocalRoute53's"
                    + " health checkers (%d per check, interval 10 s x time factor %.3f, threshold"
                    + " %d), not from a script.",
                traffic.reads(),
                traffic.readErrors(),
                traffic.writes(),
                traffic.writesRefused(),
                there.replicated() + back.replicated(),
                RouteWatch.CHECKERS,
                timeFactor,
                FAILURE_THRESHOLD);
        if (out.getParent() != null) {
          Files.createDirectories(out.getParent());
        }
        timeline.writeHtml(out, summary);
        console.println();
        console.println(summary);
        console.println("chart: " + out.toAbsolutePath());
        return new Result(
            traffic.reads(),
            traffic.readErrors(),
            traffic.writes(),
            traffic.writesRefused(),
            out,
            timeline.samples(),
            new Script(faultAt, toSecondary, healAt, toPrimary));
      }
    }
  }

  /** The failover spec a user would write, pointed at the local regions. */
  private static FailoverSpec spec(TestRegions regions) {
    return FailoverSpec.builder()
        .hostedZone(ZONE)
        .recordName(NAME)
        .ttl(TTL)
        .primary(regionSpec(regions.primary(), FailoverRole.PRIMARY, "us-east-1"))
        .secondary(regionSpec(regions.secondary(), FailoverRole.SECONDARY, "eu-west-1"))
        .build();
  }

  /**
   * A region of the spec: the record points at the host the client knows the region by; the health
   * check GETs the public health object path-style (/BUCKET/KEY, as the local regions are
   * path-style) through the region's fault proxy, so a black hole there is what the checkers see.
   */
  private static RegionSpec regionSpec(TestRegion region, FailoverRole role, String awsRegion) {
    return RegionSpec.builder(role)
        .awsRegion(awsRegion)
        .bucket(bucket(region))
        .endpoint(host(region))
        .s3Endpoint(region.endpoint())
        .healthCheck(
            HealthCheckSpec.builder()
                .type(HealthCheckType.HTTP)
                .port(region.tcp().port())
                .healthObjectKey(bucket(region) + "/" + HEALTH_KEY)
                .requestInterval(10)
                .failureThreshold(FAILURE_THRESHOLD)
                .build())
        .build();
  }

  private static String bucket(TestRegion region) {
    return "media-" + region.name();
  }

  private static String host(TestRegion region) {
    return bucket(region) + ".s3." + region.name() + ".failover.test";
  }

  private static FailoverS3Client client(TestRegions regions, LocalDnsServer dns, Traffic traffic) {
    FailoverS3ClientBuilder builder =
        FailoverS3Client.builder()
            .preference(DnsRegionPreference.builder(NAME).servers(dns.hostPort()).build())
            .readTimeout(Duration.ofMillis(800))
            .minimumDwell(Duration.ofSeconds(3))
            .circuitBreakerConfig(
                CircuitBreakerConfig.custom()
                    .slidingWindowSize(10)
                    .minimumNumberOfCalls(3)
                    .waitDurationInOpenState(Duration.ofSeconds(1))
                    .permittedNumberOfCallsInHalfOpenState(2)
                    .slowCallRateThreshold(100)
                    .slowCallDurationThreshold(Duration.ofDays(1))
                    .build())
            .addListener(traffic);
    for (TestRegion region : regions.all()) {
      builder.addRegion(
          FailoverRegion.builder(region.name())
              .awsRegion(Region.US_EAST_1)
              .endpointOverride(region.endpoint())
              .credentialsProvider(region.credentials())
              .forcePathStyle(true)
              .bucket(BUCKET, bucket(region))
              .hostNames(host(region))
              .build());
    }
    return builder.build();
  }
}
