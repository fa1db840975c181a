package io.github.s3failover.internal.run;

import io.github.s3failover.HedgedReads;
import io.github.s3failover.event.ReadHedgedEvent;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.InternalApi;
import io.github.s3failover.internal.health.LatencyWindow;
import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.Call;
import io.github.s3failover.internal.routing.RoutingCore;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of hedged reads (see {@link HedgedReads} and decision 0019), one set for both front
 * doors: which reads are hedged, a region's hedge delay, the budget, whether a race is decided and
 * by whom, and what the race means for each region. The sync {@link Hedger} and the async {@link
 * AsyncRace} only run attempts. A sync and an async client built together share one instance, so
 * they share one budget and one view of each region's latency and silence.
 */
@InternalApi
public final class HedgeRules {
  private static final Logger LOG = LoggerFactory.getLogger(HedgeRules.class);

  /** The delay of a region without recent answers is this many times the longest delay. */
  private static final int COLD_START_FACTOR = 5;

  /**
   * An outrun counts against a region only once the region has answered nothing for this long (or
   * {@link #OUTRUN_FLOOR_DELAYS} hedge delays, if longer): see decision 0019.
   */
  private static final long OUTRUN_FLOOR_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** The outrun floor in hedge delays of the region. */
  private static final int OUTRUN_FLOOR_DELAYS = 4;

  /**
   * A hedge away from a region that has answered nothing for this many hedge delays needs no
   * budget. This is a latency decision only (it opens nothing: outruns still need the outrun
   * floor), so it can come much sooner: a stretch of silence this long is a stall, not a slow
   * answer.
   */
  private static final int BUDGET_FREE_DELAYS = 2;

  private final HedgedReads settings;
  private final Events events;
  private final HedgeBudget budget;
  private final Map<RegionState, LatencyWindow> latencies = new IdentityHashMap<>();

  private HedgeRules(HedgedReads settings, RoutingCore core) {
    this.settings = settings;
    this.events = core.events();
    this.budget = new HedgeBudget(settings.budgetPercent(), settings.burst());
    for (RegionState region : core.regions()) {
      // Until a region has answered a few reads, its delay is long: a cold client's first reads
      // (connection set-up, class loading) are slow everywhere, and hedging them only doubles them.
      latencies.put(
          region,
          new LatencyWindow(
              settings.percentile(), COLD_START_FACTOR * settings.maxDelay().toNanos()));
    }
  }

  /**
   * Returns the rules for a client's regions, or null when reads are not hedged (turned off, or one
   * region only).
   *
   * @param settings the hedged-read settings
   * @param core the routing rules whose regions are hedged
   * @return the rules, or null
   */
  public static HedgeRules of(HedgedReads settings, RoutingCore core) {
    return settings.enabled() && core.regions().size() > 1 ? new HedgeRules(settings, core) : null;
  }

  /** Whether a call's operation is hedged: an idempotent read that no region binds. */
  static boolean applies(Call call) {
    String name = call.info().name();
    return call.hedgeable()
        && (name.equals("GetObject")
            || name.equals("HeadObject")
            || name.startsWith("List")
            || name.startsWith("Get"));
  }

  /** How late a hedge timer may fire: a quarter of the shortest delay, at least 1 ms. */
  long timerTickNanos() {
    return Math.max(TimeUnit.MILLISECONDS.toNanos(1), settings.minDelay().toNanos() / 4);
  }

  /** Counts a hedgeable read into the budget. */
  void onRead() {
    budget.onRead();
  }

  /** The hedge delay of a region now: a percentile of its recent latencies, clamped. */
  long delayNanos(RegionState region) {
    LatencyWindow window = latencies.get(region);
    long p = window.percentileNanos();
    if (!window.warm()) {
      return p;
    }
    return Math.max(settings.minDelay().toNanos(), Math.min(settings.maxDelay().toNanos(), p));
  }

  /** Notes that an attempt goes to a region, and returns the region's latencies to record into. */
  LatencyWindow asked(RegionState region) {
    LatencyWindow window = latencies.get(region);
    window.asked(System.nanoTime(), outrunFloorNanos(region));
    return window;
  }

  /** How long a region must have been silent for an outrun to count: max(1 s, 4 hedge delays). */
  private long outrunFloorNanos(RegionState region) {
    return Math.max(OUTRUN_FLOOR_NANOS, OUTRUN_FLOOR_DELAYS * delayNanos(region));
  }

  /** Whether a region has answered none of these clients' reads for the outrun floor. */
  private boolean dark(RegionState region) {
    long darkAt =
        latencies.get(region).silentSinceNanos(System.nanoTime()) + outrunFloorNanos(region);
    return System.nanoTime() - darkAt >= 0;
  }

  /**
   * When a hedge away from a region stops needing the budget: the start of its current stretch of
   * silence plus {@link #BUDGET_FREE_DELAYS} hedge delays.
   */
  long budgetFreeAtNanos(RegionState region) {
    return latencies.get(region).silentSinceNanos(System.nanoTime())
        + BUDGET_FREE_DELAYS * delayNanos(region);
  }

  /**
   * Whether a hedge away from {@code first} may start now. A hedge away from a stalled first region
   * (silent for {@link #BUDGET_FREE_DELAYS} hedge delays) needs no budget: the region's requests
   * are aborted, so it adds no load that leaving the region would not add, and past the outrun
   * floor it is what brings the outruns that open the region's breaker. Otherwise it takes a token;
   * a hedge refused is asked again at {@link #budgetFreeAtNanos}, if still pending then.
   */
  boolean mayHedge(RegionState first) {
    return System.nanoTime() - budgetFreeAtNanos(first) >= 0 || budget.tryHedge();
  }

  /** The hedge's region (its breaker gave a permit, the call holds it), or null if none. */
  RegionState hedgeRegion(Call call, RegionState first) {
    RegionState second = call.nextHedge();
    if (second != null) {
      LOG.debug(
          "s3-failover: {} hedged: no answer from {} after {} ms, also sent to {}",
          call.info().name(),
          first,
          delayNanos(first) / 1_000_000,
          second);
    }
    return second;
  }

  /**
   * Decides a race once the hedge started, when one of its attempts ended: the attempt whose
   * outcome the call takes, or null while the race is open.
   *
   * @param race the race
   * @param ended the attempt that just ended
   * @param one the first attempt
   * @param two the hedge
   * @return the chosen attempt, or null
   */
  static Racer choose(Race race, Racer ended, Racer one, Racer two) {
    Racer other = ended == one ? two : one;
    if (race.isWinner(ended)) {
      return ended;
    }
    if (ended == one && !Race.regional(ended) && race.claim(ended)) {
      return ended; // the first region's own answer, an error too, is the answer
    }
    if (other.finished && !race.claimed()) {
      // Both failed. A hedge's error answer (404, 403, 412...) never ends a race the first region
      // may still win; once the first region failed regionally it is the only answer there is.
      // Otherwise the first region's failure goes on as usual.
      return Race.regional(one) && Race.answered(two) ? two : one;
    }
    return null;
  }

  /**
   * Records a decided race with the call (what the attempt that was not chosen means for its
   * region) and publishes its {@link ReadHedgedEvent}. The chosen attempt's outcome is then
   * recorded by the front door as any attempt's.
   */
  void settle(Call call, Racer one, Racer two, Racer chosen, long delayNanos) {
    RegionState first = one.region;
    if (chosen == two) {
      long firstNanos = one.silentUntilEndOf(two);
      if (one.finished && Race.regional(one)) {
        call.outrun(first, firstNanos, one.error);
      } else if (2 * two.elapsedNanos() <= firstNanos && dark(first)) {
        // Outrun decisively (the hedge answered in less than half the time the first region had
        // been silent) by a region that has answered nothing for the outrun floor: that says
        // something about the first region, not about a busy machine or a latency blip.
        call.outrun(first, firstNanos, null);
      } else {
        call.abandon();
      }
    } else {
      call.hedgeEnded(
          two.elapsedNanos(),
          two.finished && !two.error(Race.LostRace.class) ? two.error : null,
          two.facts());
    }
    String winner = chosen.error == null ? chosen.region.id() : null;
    events.publish(
        new ReadHedgedEvent(
            events.clock().instant(),
            call.info().name(),
            first.id(),
            two.region.id(),
            winner,
            Duration.ofNanos(delayNanos)));
  }
}
