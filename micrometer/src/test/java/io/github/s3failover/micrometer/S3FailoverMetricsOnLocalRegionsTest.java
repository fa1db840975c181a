package io.github.s3failover.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverS3ClientBuilder;
import io.github.s3failover.HealthProbes;
import io.github.s3failover.HedgedReads;
import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.regions.Region;

/**
 * The meters without Spring, as a plain Java application registers them: two local regions behind
 * fault proxies, a DNS server whose record names the primary, a {@link SimpleMeterRegistry}.
 */
@Timeout(60)
class S3FailoverMetricsOnLocalRegionsTest {
  private static final String NAME = "app.example.test";

  private static TestRegions regions;
  private static LocalDnsServer dns;

  @BeforeAll
  static void start() {
    regions = TestRegions.start(2, true);
    for (TestRegion region : regions.all()) {
      region.region().createBucket("media-" + region.name());
      region
          .region()
          .putObject("media-" + region.name(), "cat", "meow".getBytes(StandardCharsets.UTF_8));
    }
    dns = LocalDnsServer.open();
  }

  @AfterAll
  static void stop() {
    dns.close();
    regions.close();
  }

  @BeforeEach
  void reset() {
    regions.reset();
    dns.setCname(NAME, "data-primary.s3.example.test", Duration.ofSeconds(1));
  }

  @Test
  void countsCallsFailoversSwitchesBreakerStatesAndDnsChanges() {
    DnsRegionPreference preference =
        DnsRegionPreference.builder(NAME).servers(dns.hostPort()).queryType("CNAME").build();
    AtomicReference<FailoverS3Client> client = new AtomicReference<>();
    S3FailoverMetrics metrics =
        S3FailoverMetrics.builder()
            .regions("primary", "secondary")
            .client(client::get)
            .dnsPreference(preference)
            .build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    try (FailoverS3Client s3 = client(preference).addListener(metrics).build()) {
      client.set(s3);
      assertThat(read(s3)).isEqualTo("meow");
      assertThat(breakerGauge(registry, "primary", "closed")).isEqualTo(1.0);
      assertThat(breakerGauge(registry, "primary", "open")).isEqualTo(0.0);

      regions.primary().tcp().refuse();
      for (int i = 0; i < 4; i++) {
        assertThat(read(s3)).isEqualTo("meow");
      }

      assertThat(
              registry
                  .get(S3FailoverMetrics.CALLS)
                  .tags("region", "primary", "operation", "GetObject", "outcome", "success")
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get(S3FailoverMetrics.CALLS)
                  .tags("region", "secondary", "operation", "GetObject", "outcome", "success")
                  .timer()
                  .count())
          .isEqualTo(4);
      assertThat(
              registry
                  .get(S3FailoverMetrics.FAILOVERS)
                  .tags("from", "primary", "to", "secondary", "operation", "GetObject")
                  .counter()
                  .count())
          .isGreaterThanOrEqualTo(1);
      assertThat(
              registry
                  .get(S3FailoverMetrics.SWITCHES)
                  .tags("from", "primary", "to", "secondary", "reason", "region_unhealthy")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(breakerGauge(registry, "primary", "open")).isEqualTo(1.0);
      assertThat(breakerGauge(registry, "primary", "closed")).isEqualTo(0.0);
      assertThat(breakerGauge(registry, "secondary", "closed")).isEqualTo(1.0);
      assertThat(registry.get(S3FailoverMetrics.DNS_ANSWER_AGE).gauge().value())
          .isBetween(0.0, 5.0);

      // Route 53 flips its record: the preference follows, the meter counts it once.
      dns.setCname(NAME, "data-secondary.s3.example.test", Duration.ofSeconds(1));
      // The refresher thread registers the counter, then increments it: a poll between the two
      // finds it at 0, so wait for the count.
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                var changes =
                    registry
                        .find(S3FailoverMetrics.DNS_CHANGES)
                        .tags("region", "secondary")
                        .counter();
                return changes != null && changes.count() > 0;
              });
      assertThat(
              registry
                  .get(S3FailoverMetrics.DNS_CHANGES)
                  .tags("region", "secondary")
                  .counter()
                  .count())
          .isEqualTo(1);
    }
  }

  @Test
  void countsProbesPerRegionAndHedgesWithTheirOutcome() {
    AtomicReference<FailoverS3Client> client = new AtomicReference<>();
    S3FailoverMetrics metrics =
        S3FailoverMetrics.builder()
            .regions(List.of("primary", "secondary"))
            .client(client::get)
            .build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    FailoverS3ClientBuilder builder =
        client(DnsRegionPreference.builder(NAME).servers(dns.hostPort()).queryType("CNAME").build())
            .healthProbes(
                HealthProbes.builder()
                    .interval(Duration.ofMillis(500))
                    .timeout(Duration.ofMillis(300))
                    .build())
            .hedgedReads(HedgedReads.defaults());
    try (FailoverS3Client s3 = builder.addListener(metrics).build()) {
      client.set(s3);
      // Both regions answer the probes' HEAD (a missing health object is an answer, not a fault).
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  probes(registry, "primary", true) >= 2
                      && probes(registry, "secondary", true) >= 2);

      // Warm reads give the primary a latency history, so its hedge delay is at most 200 ms.
      for (int i = 0; i < 3; i++) {
        assertThat(read(s3)).isEqualTo("meow");
      }
      regions.primary().tcp().latency(Duration.ofSeconds(2));
      assertThat(read(s3)).isEqualTo("meow");
      assertThat(
              registry
                  .get(S3FailoverMetrics.HEDGES)
                  .tags("from", "primary", "to", "secondary", "won", "true")
                  .counter()
                  .count())
          .isEqualTo(1);
      // A 300 ms probe timeout against a 2 s region: those probes say unhealthy.
      await().atMost(Duration.ofSeconds(10)).until(() -> probes(registry, "primary", false) >= 1);
      regions.primary().tcp().pass();
    }
  }

  private static double probes(SimpleMeterRegistry registry, String region, boolean healthy) {
    var counter =
        registry
            .find(S3FailoverMetrics.PROBES)
            .tags("region", region, "healthy", String.valueOf(healthy))
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void eventsBeforeBindingAreNotCountedAndGaugesReadNanWithoutAClient() {
    AtomicReference<FailoverS3Client> client = new AtomicReference<>();
    S3FailoverMetrics metrics =
        S3FailoverMetrics.builder().regions(List.of("primary")).client(client::get).build();
    try (FailoverS3Client s3 =
        client(DnsRegionPreference.builder(NAME).servers(dns.hostPort()).queryType("CNAME").build())
            .addListener(metrics)
            .build()) {
      assertThat(read(s3)).isEqualTo("meow");

      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      metrics.bindTo(registry);
      assertThat(registry.find(S3FailoverMetrics.CALLS).timer()).isNull();
      assertThat(breakerGauge(registry, "primary", "closed")).isNaN();
      assertThat(registry.find(S3FailoverMetrics.DNS_ANSWER_AGE).gauge()).isNull();

      client.set(s3);
      assertThat(read(s3)).isEqualTo("meow");
      assertThat(registry.get(S3FailoverMetrics.CALLS).timer().count()).isEqualTo(1);
      assertThat(breakerGauge(registry, "primary", "closed")).isEqualTo(1.0);
    }
  }

  @Test
  void buildWithoutAClientNamesTheMissingSetting() {
    assertThatThrownBy(() -> S3FailoverMetrics.builder().regions("primary").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("client(...)");
  }

  private static FailoverS3ClientBuilder client(DnsRegionPreference preference) {
    FailoverS3ClientBuilder b =
        FailoverS3Client.builder()
            .preference(preference)
            // The tests count calls per region exactly: no background probes opening the breaker
            // first, no hedge serving a slow (cold, loaded machine) first read from the secondary.
            .healthProbes(HealthProbes.disabled())
            .hedgedReads(HedgedReads.disabled())
            .circuitBreakerConfig(
                CircuitBreakerConfig.custom()
                    .minimumNumberOfCalls(2)
                    .slidingWindowSize(10)
                    .waitDurationInOpenState(Duration.ofSeconds(30))
                    .build());
    for (TestRegion region : regions.all()) {
      b.addRegion(
          FailoverRegion.builder(region.name())
              .awsRegion(Region.US_EAST_1)
              .endpointOverride(region.endpoint())
              .forcePathStyle(true)
              .credentialsProvider(region.credentials())
              .bucket("media", "media-" + region.name())
              .hostNames("data-" + region.name() + ".s3.example.test")
              .build());
    }
    return b;
  }

  private static double breakerGauge(SimpleMeterRegistry registry, String region, String state) {
    return registry
        .get(S3FailoverMetrics.BREAKER_STATE)
        .tags("region", region, "state", state)
        .gauge()
        .value();
  }

  private static String read(FailoverS3Client s3) {
    return s3.getObjectAsBytes(b -> b.bucket("media").key("cat")).asUtf8String();
  }
}
