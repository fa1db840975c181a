package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.event.RegionSwitchedEvent;
import io.github.s3failover.event.SwitchReason;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * For each fault of the primary region: reads keep succeeding, the breaker opens, later calls go
 * straight to the secondary, and after recovery the client fails back, but not before the dwell.
 */
@LocalRegions(count = 2)
class RegionalFaultTest {

  @ParameterizedTest
  @EnumSource(PrimaryFault.class)
  @Timeout(60)
  void readsSurviveAFailingPrimaryAndFailBackOnlyAfterTheDwellTime(
      PrimaryFault fault, TestRegions regions) {
    String key = "fault-" + fault;
    PrimaryFaultSteps steps = new PrimaryFaultSteps(regions, fault, key, 'x');
    Fixture fixture = steps.fixture;
    byte[] content = steps.content();

    try (FailoverS3Client client = steps.builder().build()) {
      steps.use(k -> read(client, k), client::circuitBreaker, () -> client.status().activeRegion());
      steps.readThroughTheFault();
      assertThat(fixture.events(RegionSwitchedEvent.class))
          .anyMatch(
              e -> e.toRegion().equals("secondary") && e.reason() == SwitchReason.REGION_UNHEALTHY);
      RegionSwitchedEvent away = lastSwitchTo(fixture, "secondary");

      steps.readStraightFromTheSecondary();

      steps.healAndAwaitTheFailback();
      RegionSwitchedEvent back = lastSwitchTo(fixture, "primary");
      assertThat(back.reason()).isEqualTo(SwitchReason.FAILBACK);
      assertThat(Duration.between(away.time(), back.time())).isGreaterThanOrEqualTo(Fixture.DWELL);
      // Failed back: each of the next reads is one GET at the primary, none at the secondary.
      long primaryBefore = steps.primary.region().requestCount(Operation.GET_OBJECT);
      long secondaryBefore = steps.secondary.region().requestCount(Operation.GET_OBJECT);
      for (int i = 0; i < 3; i++) {
        assertThat(read(client, key)).isEqualTo(content);
      }
      assertThat(steps.primary.region().requestCount(Operation.GET_OBJECT) - primaryBefore)
          .isEqualTo(3);
      assertThat(steps.secondary.region().requestCount(Operation.GET_OBJECT) - secondaryBefore)
          .isZero();
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
