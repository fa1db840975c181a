package io.github.s3failover.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.micrometer.S3FailoverMetrics;
import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The health indicator and the meters against two local regions behind fault proxies and a DNS
 * server whose record names the primary: what an operator sees when the primary stops answering.
 */
@Timeout(60)
class HealthAndMetricsOnLocalRegionsTest {
  private static final String NAME = "app.example.test";

  private static TestRegions regions;
  private static LocalDnsServer dns;

  @BeforeAll
  static void start() {
    regions = MediaRegions.start(true);
    dns = LocalDnsServer.open();
    dns.setCname(NAME, "data-primary.s3.example.test", Duration.ofSeconds(1));
  }

  @AfterAll
  static void stop() {
    dns.close();
    regions.close();
  }

  private ApplicationContextRunner runner() {
    List<String> props = new ArrayList<>();
    for (TestRegion region : regions.all()) {
      props.addAll(MediaRegions.properties(region, MediaRegions.awsRegion(region)));
      String p = "s3.failover.regions." + region.name() + ".";
      props.add(p + "host-names=data-" + region.name() + ".s3.example.test");
    }
    props.add("s3.failover.dns.name=" + NAME);
    props.add("s3.failover.dns.servers=" + dns.hostPort());
    props.add("s3.failover.dns.query-type=CNAME");
    // The faults here are refusals, which fail at once; a 1 s read timeout only made the first,
    // cold call of the JVM (class loading under a coverage agent on a busy machine) fail over.
    props.add("s3.failover.read-timeout=5s");
    props.add("s3.failover.breaker.minimum-calls=2");
    props.add("s3.failover.breaker.wait-in-open=30s");
    // The meters are counted exactly: no cold first read may be hedged to the other region.
    props.add("s3.failover.hedged-reads-enabled=false");
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                S3FailoverAutoConfiguration.class, S3FailoverHealthAutoConfiguration.class))
        .withPropertyValues(props.toArray(String[]::new))
        .withBean(
            S3FailoverRegionCustomizer.class,
            () -> (id, region) -> region.credentialsProvider(regions.primary().credentials()));
  }

  @Test
  void healthShowsTheSwitchAndMetersCountTheFailover() {
    regions.reset();
    dns.setCname(NAME, "data-primary.s3.example.test", Duration.ofSeconds(1));
    runner()
        .run(
            context -> {
              SimpleMeterRegistry registry = new SimpleMeterRegistry();
              context.getBean(S3FailoverMetrics.class).bindTo(registry);
              FailoverS3Client s3 = context.getBean(FailoverS3Client.class);
              S3FailoverHealthIndicator health = context.getBean(S3FailoverHealthIndicator.class);

              assertThat(read(s3)).isEqualTo("meow");
              assertThat(HealthProbe.status(health)).isEqualTo("UP");
              Map<String, Object> before = HealthProbe.details(health);
              assertThat(before)
                  .containsEntry("preferredRegion", "primary")
                  .containsEntry("activeRegion", "primary");
              @SuppressWarnings("unchecked")
              Map<String, Object> answer = (Map<String, Object>) before.get("dns");
              assertThat(answer).containsEntry("region", "primary");
              assertThat(Duration.parse((String) answer.get("answerAge")))
                  .isLessThan(Duration.ofSeconds(5));

              // Counted from here: on a loaded machine the first call can miss the 1 s read
              // timeout and fail over too.
              double failoversBefore = failovers(registry);
              long secondaryBefore = secondaryReads(registry);
              regions.primary().tcp().refuse();
              for (int i = 0; i < 4; i++) {
                assertThat(read(s3)).isEqualTo("meow");
              }

              assertThat(HealthProbe.status(health)).isEqualTo("UP");
              assertThat(HealthProbe.details(health))
                  .containsEntry("preferredRegion", "primary")
                  .containsEntry("activeRegion", "secondary")
                  .containsEntry("breakers", Map.of("primary", "OPEN", "secondary", "CLOSED"));
              // The window (minimum 2 calls) holds the call before the fault and the first
              // failure: the breaker opens then, so exactly one read failed over.
              assertThat(failovers(registry) - failoversBefore)
                  .as("reads that failed over before the breaker opened")
                  .isEqualTo(1.0);
              assertThat(secondaryReads(registry) - secondaryBefore)
                  .as("reads served by the secondary")
                  .isEqualTo(4);
              assertThat(
                      registry
                          .get(S3FailoverMetrics.BREAKER_STATE)
                          .tags("region", "primary", "state", "open")
                          .gauge()
                          .value())
                  .isEqualTo(1.0);

              assertThat(registry.get(S3FailoverMetrics.DNS_ANSWER_AGE).gauge().value())
                  .isBetween(0.0, 5.0);

              // Route 53 flips its record: the preference follows, the meter counts it.
              dns.setCname(NAME, "data-secondary.s3.example.test", Duration.ofSeconds(1));
              await()
                  .atMost(Duration.ofSeconds(5))
                  .until(
                      () ->
                          registry
                                  .find(S3FailoverMetrics.DNS_CHANGES)
                                  .tags("region", "secondary")
                                  .counter()
                              != null);
              assertThat(HealthProbe.details(health)).containsEntry("preferredRegion", "secondary");
            });
  }

  @Test
  void healthIsDownOnlyWhenNoRegionCanServe() {
    regions.reset();
    dns.setCname(NAME, "data-primary.s3.example.test", Duration.ofSeconds(1));
    runner()
        .run(
            context -> {
              FailoverS3Client s3 = context.getBean(FailoverS3Client.class);
              regions.all().forEach(r -> r.tcp().refuse());
              for (int i = 0; i < 4; i++) {
                try {
                  read(s3);
                } catch (RuntimeException expected) {
                  // every region refuses: the application sees the failure, the breakers open
                }
              }
              S3FailoverHealthIndicator health = context.getBean(S3FailoverHealthIndicator.class);
              assertThat(HealthProbe.status(health)).isEqualTo("DOWN");
              assertThat(HealthProbe.details(health))
                  .containsEntry("breakers", Map.of("primary", "OPEN", "secondary", "OPEN"));
            });
  }

  private static double failovers(SimpleMeterRegistry registry) {
    var counter =
        registry
            .find(S3FailoverMetrics.FAILOVERS)
            .tags("from", "primary", "to", "secondary", "operation", "GetObject")
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static long secondaryReads(SimpleMeterRegistry registry) {
    var timer =
        registry
            .find(S3FailoverMetrics.CALLS)
            .tags("region", "secondary", "operation", "GetObject", "outcome", "success")
            .timer();
    return timer == null ? 0 : timer.count();
  }

  private static String read(FailoverS3Client s3) {
    return s3.getObjectAsBytes(b -> b.bucket("media").key("cat")).asUtf8String();
  }
}
