package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.event.RegionProbedEvent;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An async client built on its own probes its regions as the sync client does: an application that
 * only uses the async half learns of a dark region and of its recovery without sacrificing calls.
 */
@LocalRegions(count = 2)
@Timeout(30)
class AsyncHealthProbesTest {
  @Test
  void aStandaloneAsyncClientsProbesOpenAnIdleDarkRegionAndCloseItWithinTwoIntervals(
      TestRegions regions) throws InterruptedException {
    Fixture.seed(regions, "k", Fixture.bytes("v"));
    Fixture fixture = new Fixture();
    regions.primary().tcp().blackHole();
    try (FailoverS3AsyncClient client =
        FailoverS3AsyncClient.builder(
                fixture.builder(regions).healthProbes(HealthProbesTest.PROBES))
            .build()) {
      // No application call is made: the probes alone open the primary's breaker.
      HealthProbesTest.probesOpenThenCloseThePrimary(regions, fixture, client::status);
    }
  }

  @Test
  void anAsyncClientSharingASyncClientsRulesAddsNoSecondProber(TestRegions regions)
      throws InterruptedException {
    Fixture.seed(regions, "k", Fixture.bytes("v"));
    Fixture fixture = new Fixture();
    try (FailoverS3Client sync =
            fixture.builder(regions).healthProbes(HealthProbesTest.PROBES).build();
        FailoverS3AsyncClient async = FailoverS3AsyncClient.builder(sync).build()) {
      // Counted from here, not from the sync build: the probes start there, and the async build
      // (cold on a loaded machine) would otherwise lengthen the window the bounds are made for.
      long before = primaryProbes(fixture);
      Thread.sleep(4 * HealthProbesTest.INTERVAL.toMillis());
      long probes = primaryProbes(fixture) - before;
      // One prober: about one probe per interval (jitter 10 %), never two per interval.
      assertThat(probes).isBetween(2L, 5L);
      assertThat(async.status().breakers()).containsValue(CircuitBreaker.State.CLOSED);
    }
  }

  private static long primaryProbes(Fixture fixture) {
    return fixture.events(RegionProbedEvent.class).stream()
        .filter(e -> e.region().equals("primary"))
        .count();
  }
}
