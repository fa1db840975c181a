package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.event.BreakerStateChangedEvent;
import io.github.s3failover.event.RegionProbedEvent;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Background probes, not application calls, find out that a region went dark and came back. */
@LocalRegions(count = 2)
@Timeout(30)
class HealthProbesTest {
  static final Duration INTERVAL = Duration.ofMillis(1500);

  /** Long enough that a call which waited on the dark region cannot be mistaken for load. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

  /** The timeout is long for a HEAD on loopback: the machines that run the tests are shared. */
  static final HealthProbes PROBES =
      HealthProbes.builder().interval(INTERVAL).timeout(Duration.ofMillis(500)).build();

  @Test
  void aBlackHoledRegionThatIsNotPreferredIsClosedAgainWithinTwoProbeIntervals(TestRegions regions)
      throws InterruptedException {
    Fixture.seed(regions, "k", Fixture.bytes("v"));
    Fixture fixture = new Fixture();
    SwitchablePreference preference = RegionPreference.switchable("secondary");
    regions.primary().tcp().blackHole();
    try (FailoverS3Client client =
        fixture.builder(regions).preference(preference).healthProbes(PROBES).build()) {
      // Probes open the primary's breaker although no application call ever went there.
      probesOpenThenCloseThePrimary(regions, fixture, client::status);
      assertThat(client.status().preferredRegion()).isEqualTo("secondary");
    }
  }

  /**
   * With the primary black-holed, waits for the probes alone to open its breaker, heals it, and
   * checks that probes closed it again within two intervals, no GET ever reaching it.
   */
  static void probesOpenThenCloseThePrimary(
      TestRegions regions, Fixture fixture, Supplier<FailoverStatus> status)
      throws InterruptedException {
    Fixture.awaitTrue(() -> state(status, "primary") == CircuitBreaker.State.OPEN, 10_000);

    regions.primary().tcp().pass();
    long passed = System.nanoTime();
    // The breaker closes first; the probe thread reports the change to listeners a moment after.
    Fixture.awaitTrue(
        () ->
            state(status, "primary") == CircuitBreaker.State.CLOSED
                && primaryTransitions(fixture).contains(CircuitBreaker.State.CLOSED),
        5_000);
    long tookMillis = (System.nanoTime() - passed) / 1_000_000;

    assertThat(tookMillis).isLessThan(2 * INTERVAL.toMillis());
    assertThat(regions.primary().region().requestCount(Operation.GET_OBJECT)).isZero();
    assertThat(regions.primary().region().requestCount(Operation.HEAD_OBJECT)).isPositive();
    assertThat(primaryTransitions(fixture))
        .containsExactly(CircuitBreaker.State.OPEN, CircuitBreaker.State.CLOSED);
    assertThat(fixture.events(RegionProbedEvent.class))
        .filteredOn(e -> e.region().equals("primary") && !e.healthy())
        .hasSizeGreaterThanOrEqualTo(PROBES.failuresToOpen());
  }

  @Test
  void noApplicationCallWaitsOnAnOpenRegionWhileProbesRun(TestRegions regions)
      throws InterruptedException {
    Fixture.seed(regions, "k", Fixture.bytes("v"));
    Fixture fixture = new Fixture();
    // The breaker would half-open after 200 ms and let application calls try the dark region.
    try (FailoverS3Client client =
        fixture
            .builder(regions)
            .readTimeout(READ_TIMEOUT)
            .circuitBreakerConfig(
                io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.from(
                        Fixture.fastBreakers())
                    .waitDurationInOpenState(Duration.ofMillis(200))
                    .build())
            .healthProbes(PROBES)
            .build()) {
      regions.primary().tcp().blackHole();
      Fixture.awaitTrue(
          () -> state(client::status, "primary") == CircuitBreaker.State.OPEN, 10_000);

      List<Long> millis = new ArrayList<>();
      long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
      while (System.nanoTime() < end) {
        long start = System.nanoTime();
        assertThat(client.getObjectAsBytes(b -> b.bucket("data").key("k")).asUtf8String())
            .isEqualTo("v");
        millis.add((System.nanoTime() - start) / 1_000_000);
        Thread.sleep(50);
      }

      // A call that tried the dark region would wait out the read timeout.
      assertThat(millis)
          .hasSizeGreaterThan(5)
          .allSatisfy(ms -> assertThat(ms).isLessThan(READ_TIMEOUT.toMillis() / 2));
      assertThat(state(client::status, "primary")).isEqualTo(CircuitBreaker.State.OPEN);
      assertThat(fixture.events(BreakerStateChangedEvent.class))
          .noneMatch(e -> e.toState() == CircuitBreaker.State.HALF_OPEN);
    }
  }

  private static List<CircuitBreaker.State> primaryTransitions(Fixture fixture) {
    return fixture.events(BreakerStateChangedEvent.class).stream()
        .filter(e -> e.region().equals("primary"))
        .map(BreakerStateChangedEvent::toState)
        .toList();
  }

  private static CircuitBreaker.State state(Supplier<FailoverStatus> status, String region) {
    return status.get().breakers().get(region);
  }
}
