package io.github.s3failover.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.FailoverRegion;
import io.github.s3failover.event.BreakerStateChangedEvent;
import io.github.s3failover.event.FailoverEvent;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.buckets.BucketMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.regions.Region;

/** Listeners see a region's breaker transitions as a chain, in the order they happened. */
@Timeout(30)
class RegionStateTest {

  @Test
  void breakerEventsReportedFromManyThreadsFormOneUnbrokenChain() throws Exception {
    List<FailoverEvent> seen = new ArrayList<>();
    Events events =
        new Events(
            List.of(
                e -> {
                  synchronized (seen) {
                    seen.add(e);
                  }
                }),
            Clock.systemUTC());
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("s3-failover-primary");
    RegionState region =
        new RegionState(
            FailoverRegion.builder("primary").awsRegion(Region.US_EAST_1).build(),
            breaker,
            new BucketMapper(Map.of(), null, Set.of()));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < 4; t++) {
      int me = t;
      threads.submit(
          () -> {
            start.await();
            for (int i = 0; i < 2_000; i++) {
              if (me == 0) {
                if (i % 2 == 0) {
                  breaker.transitionToOpenState();
                } else {
                  breaker.transitionToClosedState();
                }
              }
              region.noteBreakerState(events);
            }
            return null;
          });
    }
    start.countDown();
    threads.shutdown();
    assertThat(threads.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    region.noteBreakerState(events);

    List<BreakerStateChangedEvent> changes =
        seen.stream()
            .filter(BreakerStateChangedEvent.class::isInstance)
            .map(BreakerStateChangedEvent.class::cast)
            .toList();
    assertThat(changes).isNotEmpty();
    for (int i = 1; i < changes.size(); i++) {
      assertThat(changes.get(i).fromState())
          .as("event %d starts where event %d ended", i, i - 1)
          .isEqualTo(changes.get(i - 1).toState());
    }
    assertThat(changes.get(changes.size() - 1).toState()).isEqualTo(breaker.getState());
  }
}
