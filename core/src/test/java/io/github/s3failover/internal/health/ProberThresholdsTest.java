package io.github.s3failover.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3ClientBuilder;
import io.github.s3failover.HealthProbes;
import io.github.s3failover.event.FailoverEvent;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.buckets.BucketMapper;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The probes' thresholds, one probe at a time against a real region behind a fault proxy: one lost
 * probe (or two) does not open a breaker; three in a row do; two answers close it again.
 */
@LocalRegions(count = 1)
@Timeout(30)
class ProberThresholdsTest {
  private static final HealthProbes PROBES =
      HealthProbes.builder()
          .interval(Duration.ofSeconds(1))
          .timeout(Duration.ofMillis(500))
          .build();

  @Test
  void lostProbesOpenTheBreakerOnlyWhenThreeInARowAreLost(TestRegions regions) {
    TestRegion local = regions.primary();
    local.region().createBucket("health");
    local.region().putObject("health", HealthProbes.DEFAULT_KEY, new byte[] {'o', 'k'});
    RegionState region = region(local);
    List<FailoverEvent> seen = new CopyOnWriteArrayList<>();
    Events events = new Events(List.of(seen::add), Clock.systemUTC());
    try (S3Client client = client(local);
        Prober prober =
            new Prober(
                List.of(region), Map.of(region, client::headObject), "health", PROBES, events)) {
      client.headBucket(b -> b.bucket("health")); // a cold client takes longer than a probe may
      assertThat(prober.probeNow(region)).as("events so far: %s", seen).isTrue();

      local.tcp().blackHole();
      assertThat(prober.probeNow(region)).as("events so far: %s", seen).isFalse();
      local.tcp().pass();
      assertThat(prober.probeNow(region)).as("events so far: %s", seen).isTrue();
      assertThat(region.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);

      local.tcp().blackHole();
      assertThat(prober.probeNow(region)).as("events so far: %s", seen).isFalse();
      assertThat(prober.probeNow(region)).as("events so far: %s", seen).isFalse();
      assertThat(region.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
      assertThat(prober.probeNow(region)).as("events so far: %s", seen).isFalse();
      assertThat(region.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

      local.tcp().pass();
      assertThat(prober.probeNow(region)).as("events so far: %s", seen).isTrue();
      assertThat(region.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
      assertThat(prober.probeNow(region)).as("events so far: %s", seen).isTrue();
      assertThat(region.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
  }

  @Test
  void aMissingHealthObjectIsAnAnswerAndCountsAsHealthy(TestRegions regions) {
    TestRegion local = regions.primary();
    local.region().createBucket("health");
    RegionState region = region(local);
    region.breaker().transitionToOpenState();
    List<FailoverEvent> seen = new CopyOnWriteArrayList<>();
    Events events = new Events(List.of(seen::add), Clock.systemUTC());
    try (S3Client client = client(local);
        Prober prober =
            new Prober(
                List.of(region), Map.of(region, client::headObject), "health", PROBES, events)) {
      client.headBucket(b -> b.bucket("health")); // a cold client takes longer than a probe may
      assertThat(prober.probeNow(region)).as("events so far: %s", seen).isTrue();
      assertThat(prober.probeNow(region)).as("events so far: %s", seen).isTrue();
      assertThat(region.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
  }

  @Test
  void anOpenBreakerGivesNoPermitToApplicationCallsWhileProbed(TestRegions regions) {
    RegionState region = region(regions.primary());
    List<FailoverEvent> seen = new CopyOnWriteArrayList<>();
    Events events = new Events(List.of(seen::add), Clock.systemUTC());
    region.breaker().transitionToOpenState();
    region.setProbed(true);
    // The default breaker's wait in open state (5 s) is not what keeps the call out: the probes
    // are.
    region.breaker().transitionToHalfOpenState();

    assertThat(region.tryAcquirePermit(events)).isFalse();
    assertThat(region.isOpen()).isTrue();

    region.setProbed(false);
    assertThat(region.tryAcquirePermit(events)).isTrue();
  }

  private static RegionState region(TestRegion local) {
    FailoverRegion config =
        FailoverRegion.builder(local.name())
            .awsRegion(Region.US_EAST_1)
            .endpointOverride(local.endpoint())
            .credentialsProvider(local.credentials())
            .forcePathStyle(true)
            .bucket("health", "health")
            .build();
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "probe-test", FailoverS3ClientBuilder.defaultCircuitBreakerConfig(Clock.systemUTC()));
    return new RegionState(config, breaker, new BucketMapper(config.buckets(), null, Set.of()));
  }

  private static S3Client client(TestRegion local) {
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(local.endpoint())
        .credentialsProvider(local.credentials())
        .forcePathStyle(true)
        .build();
  }
}
