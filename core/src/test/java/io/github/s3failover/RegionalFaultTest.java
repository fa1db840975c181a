package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.event.CallCompletedEvent;
import io.github.s3failover.event.RegionSwitchedEvent;
import io.github.s3failover.event.SwitchReason;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * For each fault of the primary region: reads keep succeeding, the breaker opens, later calls go
 * straight to the secondary, and after recovery the client fails back, but not before the dwell.
 */
@LocalRegions(count = 2)
class RegionalFaultTest {

  enum PrimaryFault {
    REFUSED(TestRegion::endpoint, r -> r.tcp().refuse(), r -> r.tcp().pass()),
    BLACK_HOLE(TestRegion::endpoint, r -> r.tcp().blackHole(), r -> r.tcp().pass()),
    RESET_MID_RESPONSE(
        TestRegion::endpoint, r -> r.tcp().resetAfterBytes(2_000), r -> r.tcp().pass()),
    HTTP_503_STORM(
        r -> r.http().endpoint(), r -> r.http().serviceUnavailable(), r -> r.http().pass());

    final Function<TestRegion, URI> endpoint;
    final Consumer<TestRegion> inject;
    final Consumer<TestRegion> heal;

    PrimaryFault(
        Function<TestRegion, URI> endpoint,
        Consumer<TestRegion> inject,
        Consumer<TestRegion> heal) {
      this.endpoint = endpoint;
      this.inject = inject;
      this.heal = heal;
    }
  }

  @ParameterizedTest
  @EnumSource(PrimaryFault.class)
  @Timeout(60)
  void readsSurviveAFailingPrimaryAndFailBackOnlyAfterTheDwellTime(
      PrimaryFault fault, TestRegions regions) {
    byte[] content = new byte[64 * 1024];
    Arrays.fill(content, (byte) 'x');
    String key = "fault-" + fault;
    Fixture.seed(regions, key, content);
    TestRegion primary = regions.primary();
    TestRegion secondary = regions.secondary();
    Fixture fixture = new Fixture();

    try (FailoverS3Client client = fixture.builder(regions, fault.endpoint).build()) {
      assertThat(read(client, key)).isEqualTo(content);
      assertThat(primary.region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);

      fault.inject.accept(primary);
      for (int i = 0; i < 10; i++) {
        assertThat(read(client, key)).as("read %d during the fault", i).isEqualTo(content);
      }
      assertThat(client.circuitBreaker("primary").getState()).isEqualTo(CircuitBreaker.State.OPEN);
      assertThat(fixture.events(RegionSwitchedEvent.class))
          .anyMatch(
              e -> e.toRegion().equals("secondary") && e.reason() == SwitchReason.REGION_UNHEALTHY);

      // While the breaker is open, calls go straight to the secondary: one attempt each.
      RegionSwitchedEvent away = lastSwitchTo(fixture, "secondary");
      // Restart the breaker's wait, so that a slow machine cannot let it half-open (and admit a
      // probe) in the middle of the next five calls.
      client.circuitBreaker("primary").transitionToOpenState();
      fixture.events.clear();
      long servedBefore = secondary.region().requestCount(Operation.GET_OBJECT);
      for (int i = 0; i < 5; i++) {
        assertThat(read(client, key)).isEqualTo(content);
      }
      assertThat(secondary.region().requestCount(Operation.GET_OBJECT) - servedBefore).isEqualTo(5);
      assertThat(fixture.events(CallCompletedEvent.class))
          .hasSize(5)
          .allMatch(e -> e.region().equals("secondary") && e.attempts() == 1);

      fault.heal.accept(primary);
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                assertThat(read(client, key)).isEqualTo(content);
                return client.status().activeRegion().equals("primary");
              });
      RegionSwitchedEvent back = lastSwitchTo(fixture, "primary");
      assertThat(back.reason()).isEqualTo(SwitchReason.FAILBACK);
      assertThat(Duration.between(away.time(), back.time())).isGreaterThanOrEqualTo(Fixture.DWELL);
      // Failed back: each of the next reads is one GET at the primary, none at the secondary.
      long primaryBefore = primary.region().requestCount(Operation.GET_OBJECT);
      long secondaryBefore = secondary.region().requestCount(Operation.GET_OBJECT);
      for (int i = 0; i < 3; i++) {
        assertThat(read(client, key)).isEqualTo(content);
      }
      assertThat(primary.region().requestCount(Operation.GET_OBJECT) - primaryBefore).isEqualTo(3);
      assertThat(secondary.region().requestCount(Operation.GET_OBJECT) - secondaryBefore).isZero();
    }
  }

  private static byte[] read(FailoverS3Client client, String key) {
    return client.getObjectAsBytes(b -> b.bucket(Fixture.BUCKET).key(key)).asByteArray();
  }

  private static RegionSwitchedEvent lastSwitchTo(Fixture fixture, String region) {
    List<RegionSwitchedEvent> switches = fixture.events(RegionSwitchedEvent.class);
    for (int i = switches.size() - 1; i >= 0; i--) {
      if (switches.get(i).toRegion().equals(region)) {
        return switches.get(i);
      }
    }
    throw new AssertionError("no switch to " + region + " in " + switches);
  }
}
