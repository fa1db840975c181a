package io.github.s3failover.examples.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.event.RegionSwitchedEvent;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import io.github.s3failover.testkit.route53.LocalHealthCheck;
import io.github.s3failover.testkit.route53.LocalRecord;
import io.github.s3failover.testkit.route53.LocalRoute53;
import io.github.s3failover.testkit.route53.Route53Event;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.regions.Region;

/**
 * The primary's health endpoint answers every other probe with 503 while its S3 traffic is fine.
 * With Route 53's threshold of 3 the checkers absorb it and nothing moves; with a threshold of 1
 * and one checker the DNS answer flaps with the probes, and the client still moves at most once per
 * minimum dwell. Time factor 0.02: a 10 s interval is 0.2 s.
 */
@LocalRegions(count = 2, sharedCredentials = true)
@Timeout(60)
class FlappingHealthCheckTest {

  private static final String RECORD = "s3.failover.test";
  private static final Duration RUN = Duration.ofSeconds(6);
  private static final Duration DWELL = Duration.ofSeconds(2);

  private final AtomicInteger probes = new AtomicInteger();
  private final List<RegionSwitchedEvent> switches = new CopyOnWriteArrayList<>();
  private HttpServer healthEndpoint;

  @BeforeEach
  void startHealthEndpoint() throws Exception {
    healthEndpoint =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    healthEndpoint.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(probes.incrementAndGet() % 2 == 0 ? 503 : 200, -1);
          exchange.close();
        });
    healthEndpoint.start();
  }

  @AfterEach
  void stopHealthEndpoint() {
    healthEndpoint.stop(0);
  }

  @Test
  void withRoute53sThresholdTheCheckersAbsorbTheFlappingAndNothingMoves(TestRegions regions)
      throws Exception {
    try (LocalRoute53 route53 = route53(4)) {
      long reads = run(regions, route53, 3);

      assertThat(reads).isPositive();
      assertThat(count(route53, Route53Event.AnswerChanged.class)).isOne(); // the first answer
      assertThat(count(route53, Route53Event.HealthChanged.class)).isZero();
      assertThat(switches).isEmpty();
    }
  }

  @Test
  void whenTheAnswerFlapsTheClientMovesAtMostOncePerDwell(TestRegions regions) throws Exception {
    try (LocalRoute53 route53 = route53(1)) {
      long reads = run(regions, route53, 1);

      assertThat(reads).isPositive();
      assertThat(count(route53, Route53Event.AnswerChanged.class))
          .as("DNS answer changes")
          .isGreaterThanOrEqualTo(10);
      assertThat(switches)
          .as("client moves")
          .hasSizeLessThanOrEqualTo(1 + (int) (RUN.toMillis() / DWELL.toMillis()));
    }
  }

  private static LocalRoute53 route53(int checkers) {
    return LocalRoute53.builder()
        .timeFactor(0.02)
        .checkers(checkers)
        .changeDelay(Duration.ZERO)
        .start();
  }

  /** Provisions the pair, reads for {@link #RUN}, returns the reads (each must succeed). */
  private long run(TestRegions regions, LocalRoute53 route53, int threshold) throws Exception {
    String zone = route53.addZone("failover.test");
    String check =
        route53.createHealthCheck(
            LocalHealthCheck.http(
                    host(regions.primary()), healthEndpoint.getAddress().getPort(), "/health")
                .every(10, threshold));
    route53.upsert(
        zone,
        LocalRecord.failoverCname(RECORD, "PRIMARY", host(regions.primary()), 1, check),
        LocalRecord.failoverCname(RECORD, "SECONDARY", host(regions.secondary()), 1, null));
    for (TestRegion region : regions.all()) {
      region.region().createBucket(bucket(region));
      region.region().putObject(bucket(region), "k", "v".getBytes(StandardCharsets.UTF_8));
    }
    try (FailoverS3Client s3 = client(regions, route53)) {
      long reads = 0;
      long end = System.nanoTime() + RUN.toNanos();
      while (System.nanoTime() < end) {
        s3.getObjectAsBytes(b -> b.bucket("data").key("k"));
        reads++;
        Thread.sleep(5);
      }
      assertThat(probes.get()).as("probes").isGreaterThanOrEqualTo(20);
      return reads;
    }
  }

  private FailoverS3Client client(TestRegions regions, LocalRoute53 route53) {
    var builder =
        FailoverS3Client.builder()
            .preference(
                DnsRegionPreference.builder(RECORD).servers(route53.dns().hostPort()).build())
            .minimumDwell(DWELL)
            .addListener(
                e -> {
                  if (e instanceof RegionSwitchedEvent s && s.fromRegion() != null) {
                    switches.add(s);
                  }
                });
    for (TestRegion region : regions.all()) {
      builder.addRegion(
          FailoverRegion.builder(region.name())
              .awsRegion(Region.US_EAST_1)
              .endpointOverride(region.endpoint())
              .credentialsProvider(region.credentials())
              .forcePathStyle(true)
              .bucket("data", bucket(region))
              .hostNames(host(region))
              .build());
    }
    return builder.build();
  }

  private static long count(LocalRoute53 route53, Class<? extends Route53Event> type) {
    return route53.events().stream().filter(type::isInstance).count();
  }

  private static String bucket(TestRegion region) {
    return "data-" + region.name();
  }

  private static String host(TestRegion region) {
    return bucket(region) + ".s3." + region.name() + ".failover.test";
  }
}
