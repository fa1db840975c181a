package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.event.BreakerStateChangedEvent;
import io.github.s3failover.event.RegionProbedEvent;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An async client built on its own probes its regions as the sync client does: an application that
 * only uses the async half learns of a dark region and of its recovery without sacrificing calls.
 */
@LocalRegions(count = 2)
@Timeout(30)
class AsyncHealthProbesTest {
  private static final Duration INTERVAL = Duration.ofMillis(1500);

  private static final HealthProbes PROBES =
      HealthProbes.builder().interval(INTERVAL).timeout(Duration.ofMillis(500)).build();

  @Test
  void aStandaloneAsyncClientsProbesOpenAnIdleDarkRegionAndCloseItWithinTwoIntervals(
      TestRegions regions) throws InterruptedException {
    Fixture.seed(regions, "k", Fixture.bytes("v"));
    Fixture fixture = new Fixture();
    regions.primary().tcp().blackHole();
    try (FailoverS3AsyncClient client =
        FailoverS3AsyncClient.builder(fixture.builder(regions).healthProbes(PROBES)).build()) {
      // No application call is made: the probes alone open the primary's breaker.
      awaitTrue(() -> state(client, "primary") == CircuitBreaker.State.OPEN, 8_000);

      regions.primary().tcp().pass();
      long passed = System.nanoTime();
      awaitTrue(() -> state(client, "primary") == CircuitBreaker.State.CLOSED, 5_000);
      long tookMillis = (System.nanoTime() - passed) / 1_000_000;

      assertThat(tookMillis).isLessThan(2 * INTERVAL.toMillis());
      assertThat(regions.primary().region().requestCount(Operation.GET_OBJECT)).isZero();
      assertThat(regions.primary().region().requestCount(Operation.HEAD_OBJECT)).isPositive();
      assertThat(fixture.events(BreakerStateChangedEvent.class))
          .filteredOn(e -> e.region().equals("primary"))
          .extracting(BreakerStateChangedEvent::toState)
          .containsExactly(CircuitBreaker.State.OPEN, CircuitBreaker.State.CLOSED);
      assertThat(fixture.events(RegionProbedEvent.class))
          .filteredOn(e -> e.region().equals("primary") && !e.healthy())
          .hasSizeGreaterThanOrEqualTo(PROBES.failuresToOpen());
    }
  }

  @Test
  void anAsyncClientSharingASyncClientsRulesAddsNoSecondProber(TestRegions regions)
      throws InterruptedException {
    Fixture.seed(regions, "k", Fixture.bytes("v"));
    Fixture fixture = new Fixture();
    try (FailoverS3Client sync = fixture.builder(regions).healthProbes(PROBES).build();
        FailoverS3AsyncClient async = FailoverS3AsyncClient.builder(sync).build()) {
      Thread.sleep(4 * INTERVAL.toMillis());
      long probes =
          fixture.events(RegionProbedEvent.class).stream()
              .filter(e -> e.region().equals("primary"))
              .count();
      // One prober: about one probe per interval (jitter 10 %), never two per interval.
      assertThat(probes).isBetween(2L, 5L);
      assertThat(async.status().breakers()).containsValue(CircuitBreaker.State.CLOSED);
    }
  }

  private static CircuitBreaker.State state(FailoverS3AsyncClient client, String region) {
    return client.status().breakers().get(region);
  }

  private static void awaitTrue(BooleanSupplier condition, long millis)
      throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + millis + " ms");
      }
      Thread.sleep(5);
    }
  }
}
