package io.github.s3failover.examples.demo;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverS3ClientBuilder;
import io.github.s3failover.FailoverStatus;
import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.Replicator;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.regions.Region;

/**
 * A regional outage rehearsed on one machine, in one command. Two local S3 regions (s3proxy on
 * loopback) replicate to each other with a lag, as Cross-Region Replication would; a local DNS
 * server plays Route 53's failover record; an application reads and writes steadily through a
 * {@link FailoverS3Client} that follows the record. Then the primary region is black-holed, the
 * record flips to the secondary once Route 53's health checks would have noticed, the primary comes
 * back, and the record flips back.
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

  /**
   * What the application saw.
   *
   * @param reads reads that succeeded
   * @param readErrors reads that failed
   * @param writes writes that succeeded
   * @param writesRefused writes refused
   * @param chart where the chart went
   * @param timeline one sample a second, in order, the first for second 1
   * @param script the seconds at which the demo changed the world
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
   * The seconds (of {@link Result#timeline()}) at whose start the demo acted.
   *
   * @param primaryDown the primary was black-holed
   * @param dnsToSecondary the DNS record moved to the secondary
   * @param primaryBack the primary was reachable again
   * @param dnsToPrimary the DNS record moved back to the primary
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
    try (TestRegions regions = TestRegions.start(2, true);
        LocalDnsServer dns = LocalDnsServer.open()) {
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
      }
      dns.setCname(NAME, host(primary), Duration.ofSeconds(1));
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
        int flipAt = faultAt + Math.round(seconds * 0.15f); // Route 53: interval x threshold
        int healAt = Math.round(seconds * 0.55f);
        int flipBackAt = Math.round(seconds * 0.7f);
        console.println(Timeline.header());
        long lastPrimary = 0;
        long lastSecondary = 0;
        for (int second = 1; second <= seconds; second++) {
          String event = "";
          if (second == faultAt) {
            primary.tcp().blackHole();
            there.pause();
            back.pause();
            event = "primary black-holed";
          } else if (second == flipAt) {
            dns.setCname(NAME, host(secondary), Duration.ofSeconds(1));
            event = "DNS -> secondary";
          } else if (second == healAt) {
            primary.tcp().pass();
            there.resume();
            back.resume();
            event = "primary back";
          } else if (second == flipBackAt) {
            dns.setCname(NAME, host(primary), Duration.ofSeconds(1));
            event = "DNS -> primary";
          }
          Thread.sleep(1000);
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
                    + " elsewhere): %d, replicated copies: %d",
                traffic.reads(),
                traffic.readErrors(),
                traffic.writes(),
                traffic.writesRefused(),
                there.replicated() + back.replicated());
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
            new Script(faultAt, flipAt, healAt, flipBackAt));
      }
    }
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
