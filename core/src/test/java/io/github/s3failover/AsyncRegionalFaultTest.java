package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.event.RegionSwitchedEvent;
import io.github.s3failover.event.SwitchReason;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;

/**
 * The async client under each fault of the primary region, as {@code RegionalFaultTest} does for
 * the sync one: every read succeeds, the breaker opens, later reads go straight to the secondary,
 * and the client fails back after recovery.
 */
@LocalRegions(count = 2)
class AsyncRegionalFaultTest {

  @ParameterizedTest
  @EnumSource(PrimaryFault.class)
  @Timeout(60)
  void asyncReadsSurviveAFailingPrimaryAndFailBack(PrimaryFault fault, TestRegions regions) {
    PrimaryFaultSteps steps = new PrimaryFaultSteps(regions, fault, "async-fault-" + fault, 'y');

    try (FailoverS3AsyncClient client = FailoverS3AsyncClient.builder(steps.builder()).build()) {
      steps.use(k -> read(client, k), client::circuitBreaker, () -> client.status().activeRegion());
      steps.readThroughTheFault();
      steps.readStraightFromTheSecondary();
      steps.healAndAwaitTheFailback();
      assertThat(steps.fixture.events(RegionSwitchedEvent.class))
          .anyMatch(e -> e.toRegion().equals("primary") && e.reason() == SwitchReason.FAILBACK);
    }
  }

  private static byte[] read(FailoverS3AsyncClient client, String key) {
    return client
        .getObject(b -> b.bucket(Fixture.BUCKET).key(key), AsyncResponseTransformer.toBytes())
        .join()
        .asByteArray();
  }
}
