package io.github.s3failover.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.WritePolicy;
import io.github.s3failover.event.RegionSwitchedEvent;
import io.github.s3failover.event.SwitchReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The active region and the dwell rules, on a clock moved by hand. */
class RouterTest {
  private final Routing routing = new Routing(WritePolicy.PRIMARY_ONLY);
  private final Router router = routing.core.router();

  @Test
  void theFirstRegionIsPickedWithoutWaitingForTheDwell() {
    assertThat(router.route().order.get(0).id()).isEqualTo("primary");
    assertThat(routing.events(RegionSwitchedEvent.class))
        .extracting(RegionSwitchedEvent::reason)
        .containsExactly(SwitchReason.STARTUP);
  }

  @Test
  void aFailingRegionIsLeftAtOnceAndFailedBackToOnlyAfterTheDwell() {
    router.route();
    routing.primary().breaker().transitionToOpenState();
    router.route();
    assertThat(router.active().id()).isEqualTo("secondary");

    routing.primary().breaker().transitionToClosedState();
    routing.clock.advance(Routing.DWELL.minusMillis(1));
    assertThat(router.active().id()).isEqualTo("secondary");
    router.route();
    assertThat(router.active().id()).as("dwell not over").isEqualTo("secondary");

    routing.clock.advance(Duration.ofMillis(1));
    router.route();
    assertThat(router.active().id()).isEqualTo("primary");
    assertThat(routing.events(RegionSwitchedEvent.class))
        .extracting(RegionSwitchedEvent::reason)
        .containsExactly(
            SwitchReason.STARTUP, SwitchReason.REGION_UNHEALTHY, SwitchReason.FAILBACK);
  }

  @Test
  void aPreferenceChangeWaitsForTheDwellOfTheRegionInUse() {
    router.route();
    routing.preference.switchTo("secondary");
    routing.clock.advance(Duration.ofSeconds(1));
    router.route();
    // The first move of a new client is not held back: STARTUP did not start the dwell.
    assertThat(router.active().id()).isEqualTo("secondary");

    routing.preference.switchTo("primary");
    routing.clock.advance(Routing.DWELL.minusSeconds(1));
    router.route();
    assertThat(router.active().id()).isEqualTo("secondary");
    routing.clock.advance(Duration.ofSeconds(1));
    router.route();
    assertThat(router.active().id()).isEqualTo("primary");
    assertThat(routing.events(RegionSwitchedEvent.class))
        .extracting(RegionSwitchedEvent::reason)
        .containsExactly(
            SwitchReason.STARTUP, SwitchReason.PREFERENCE_CHANGED, SwitchReason.PREFERENCE_CHANGED);
  }

  @Test
  void aRecoveringRegionBeforeTheActiveOneIsOfferedAsAProbeFirst() {
    router.route();
    routing.primary().breaker().transitionToOpenState();
    router.route();
    routing.clock.advance(Routing.OPEN_WAIT.plusSeconds(1));
    routing.primary().breaker().transitionToHalfOpenState();

    Router.Route route = router.route();

    assertThat(route.order).extracting(r -> r.id()).containsExactly("primary", "secondary");
    assertThat(route.probes).isEqualTo(1);
    assertThat(route.withoutProbes()).extracting(r -> r.id()).containsExactly("secondary");
  }

  @Test
  void panicPicksTheFirstRegionThatNoOperatorForcedOpen() {
    routing.primary().breaker().transitionToForcedOpenState();
    routing.secondary().breaker().transitionToOpenState();
    router.route();
    assertThat(router.active().id()).isEqualTo("secondary");
    assertThat(routing.events(RegionSwitchedEvent.class))
        .extracting(RegionSwitchedEvent::reason)
        .containsExactly(SwitchReason.STARTUP);
  }
}
