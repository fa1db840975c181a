package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.event.RegionSwitchedEvent;
import io.github.s3failover.event.SwitchReason;
import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One set of rules, two front doors: a sync and an async client built together share breakers and
 * preference; the async client follows a DNS flip without a failed read.
 */
@LocalRegions(count = 2)
@Timeout(30)
class AsyncSharingTest {
  static final byte[] CONTENT = Fixture.bytes("replicated in both regions");
  private final Fixture fixture = new Fixture();

  @Test
  void aSyncAndAnAsyncClientBuiltTogetherSeeOneRegionHealth(TestRegions regions) {
    Fixture.seed(regions, "shared", CONTENT);
    try (FailoverS3Client sync = fixture.builder(regions).build();
        FailoverS3AsyncClient async = FailoverS3AsyncClient.builder(sync).build()) {
      assertThat(async.circuitBreaker("primary")).isSameAs(sync.circuitBreaker("primary"));
      regions.primary().tcp().refuse();
      for (int i = 0; i < 3; i++) {
        assertThat(readAsync(async, "shared")).isEqualTo(CONTENT);
      }
      assertThat(sync.circuitBreaker("primary").getState()).isEqualTo(CircuitBreaker.State.OPEN);
      // The sync client learnt it from the async one's calls: it goes straight to the secondary.
      long refusedBefore = regions.primary().tcp().connectionsAccepted();
      sync.circuitBreaker("primary").transitionToOpenState();
      assertThat(sync.getObjectAsBytes(b -> b.bucket(Fixture.BUCKET).key("shared")).asByteArray())
          .isEqualTo(CONTENT);
      assertThat(regions.primary().tcp().connectionsAccepted()).isEqualTo(refusedBefore);
      assertThat(sync.status()).isEqualTo(async.status());
    }
  }

  @Test
  void thePreferenceIsClosedWithTheLastClientThatSharesIt(TestRegions regions) {
    AtomicInteger closed = new AtomicInteger();
    RegionPreference preference =
        new RegionPreference() {
          @Override
          public Optional<String> preferredRegion() {
            return Optional.empty();
          }

          @Override
          public void close() {
            closed.incrementAndGet();
          }
        };
    FailoverS3Client sync = fixture.builder(regions).preference(preference).build();
    FailoverS3AsyncClient async = FailoverS3AsyncClient.builder(sync).build();
    sync.close();
    assertThat(closed).hasValue(0);
    async.close();
    assertThat(closed).hasValue(1);
    assertThatThrownBy(() -> FailoverS3AsyncClient.builder(sync).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void theAsyncClientFollowsADnsFlipWithoutAFailedRead(TestRegions regions) throws Exception {
    String name = "app.example.test";
    Duration ttl = Duration.ofSeconds(1);
    Fixture.seed(regions, "flip", CONTENT);
    try (LocalDnsServer dns = LocalDnsServer.open()) {
      dns.setCname(name, Fixture.hostName(regions.primary()), ttl);
      DnsRegionPreference preference =
          DnsRegionPreference.builder(name)
              .servers(dns.hostPort())
              .queryTimeout(Duration.ofMillis(300))
              .build();
      try (FailoverS3AsyncClient client =
              FailoverS3AsyncClient.builder(fixture.builder(regions).preference(preference))
                  .build();
          AsyncBackgroundReads reads = new AsyncBackgroundReads(client, "flip", CONTENT, 8)) {
        await().until(() -> regions.primary().region().requestCount(Operation.GET_OBJECT) > 20);
        Thread.sleep(Fixture.DWELL.toMillis());
        dns.setCname(name, Fixture.hostName(regions.secondary()), ttl);
        // The router moves first; the calling thread publishes the switch a moment later.
        await()
            .atMost(ttl.plusSeconds(1))
            .until(
                () ->
                    "secondary".equals(client.status().activeRegion())
                        && fixture.events(RegionSwitchedEvent.class).stream()
                            .anyMatch(e -> e.toRegion().equals("secondary")));
        assertThat(fixture.events(RegionSwitchedEvent.class))
            .anyMatch(
                e ->
                    e.toRegion().equals("secondary")
                        && e.reason() == SwitchReason.PREFERENCE_CHANGED);
        long secondaryAfter = regions.secondary().region().requestCount(Operation.GET_OBJECT);
        await()
            .until(
                () ->
                    regions.secondary().region().requestCount(Operation.GET_OBJECT)
                        > secondaryAfter + 20);
        reads.stop();
        assertThat(reads.errors()).isEmpty();
        assertThat(reads.successes()).isGreaterThan(40);
      }
    }
  }

  @Test
  void badSettingsFailAtBuildNamingTheFix(TestRegions regions) {
    try (FailoverS3Client sync = fixture.builder(regions).build();
        S3AsyncClient stray = S3AsyncClient.builder().region(Region.US_EAST_1).build()) {
      // The CRT is on the test class path (CrtRegionalClientsTest runs it): stand for a class
      // path without it by asking for a class that is not there.
      assertThatThrownBy(
              () ->
                  FailoverS3AsyncClient.builder(sync)
                      .crt(true)
                      .crtClass("software.amazon.awssdk.crt.s3.NoSuchClient")
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("software.amazon.awssdk.crt:aws-crt")
          .hasMessageContaining("drop crt(true)");
      assertThatThrownBy(
              () -> FailoverS3AsyncClient.builder(sync).regionClient("nowhere", stray).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("names no configured region");
    }
    try (S3Client own = S3Client.builder().region(Region.US_EAST_1).build();
        FailoverS3Client sync =
            FailoverS3Client.builder()
                .addRegion(FailoverRegion.builder("a").client(own).build())
                .addRegion(FailoverRegion.builder("b").awsRegion(Region.EU_WEST_1).build())
                .build()) {
      assertThatThrownBy(() -> FailoverS3AsyncClient.builder(sync).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("regionClient(\"a\", S3AsyncClient)");
    }
  }

  private static byte[] readAsync(FailoverS3AsyncClient client, String key) {
    return client
        .getObject(b -> b.bucket(Fixture.BUCKET).key(key), AsyncResponseTransformer.toBytes())
        .join()
        .asByteArray();
  }
}
