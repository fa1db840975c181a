package io.github.s3failover.internal.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.HealthProbes;
import io.github.s3failover.event.RegionProbedEvent;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.InternalApi;
import io.github.s3failover.internal.routing.AttemptFacts;
import io.github.s3failover.internal.routing.FailureClassifier;
import io.github.s3failover.internal.routing.RoutingCore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/**
 * Probes every region in the background: a HEAD of the health object through the region's own
 * client (sync or async: the front door that owns the prober says how to send it), on one daemon
 * scheduler thread, each region every interval with jitter. Probes own a region's recovery (see
 * {@link RegionState#setProbed}): answered probes in a row close an open breaker; regional failures
 * in a row open a closed one. One probe of a region is in flight at a time, so the probe traffic is
 * bounded: one HEAD per region per interval, plus one confirming probe after a quarter interval
 * while a region recovers.
 */
@InternalApi
public final class Prober implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Prober.class);

  /** Each delay is the interval times a factor in [1 - JITTER, 1 + JITTER). */
  private static final double JITTER = 0.1;

  private final HealthProbes settings;
  private final Events events;
  private final ScheduledThreadPoolExecutor scheduler;
  private final List<Target> targets = new ArrayList<>();
  private volatile boolean closed;

  /**
   * Creates the prober; {@link #start()} starts it.
   *
   * @param regions the regions to probe
   * @param heads sends a HEAD through a region's own client and waits for its answer (throws what
   *     the client throws)
   * @param logicalBucket the logical bucket whose physical bucket holds the health object
   * @param settings the probe settings (enabled)
   * @param events where to report
   */
  public Prober(
      List<RegionState> regions,
      Map<RegionState, Consumer<HeadObjectRequest>> heads,
      String logicalBucket,
      HealthProbes settings,
      Events events) {
    this.settings = settings;
    this.events = events;
    for (RegionState region : regions) {
      HeadObjectRequest request =
          HeadObjectRequest.builder()
              .bucket(region.buckets().physical(logicalBucket))
              .key(settings.key())
              .overrideConfiguration(o -> o.apiCallTimeout(settings.timeout()))
              .build();
      targets.add(new Target(region, heads.get(region), request));
    }
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "s3-failover-probes");
              t.setDaemon(true);
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Starts probing the regions of a front door's routing rules, or returns null when probes are off
   * (no logical bucket to probe).
   *
   * @param core the routing rules whose regions are probed
   * @param logicalBucket the logical bucket that holds the health object, or null: no probes
   * @param settings the probe settings
   * @param head how to send a HEAD through a region's own client and wait for its answer
   * @return the started prober, or null
   */
  public static Prober startFor(
      RoutingCore core,
      String logicalBucket,
      HealthProbes settings,
      Function<RegionState, Consumer<HeadObjectRequest>> head) {
    if (logicalBucket == null) {
      return null;
    }
    Map<RegionState, Consumer<HeadObjectRequest>> heads = new IdentityHashMap<>();
    core.regions().forEach(r -> heads.put(r, head.apply(r)));
    Prober prober = new Prober(core.regions(), heads, logicalBucket, settings, core.events());
    prober.start();
    return prober;
  }

  /** Hands every region's recovery to the probes and schedules the first probes. */
  public void start() {
    for (Target target : targets) {
      target.region.setProbed(true);
      // The first probes are spread over one interval, so regions are not probed in lockstep.
      schedule(target, (long) (ThreadLocalRandom.current().nextDouble() * intervalNanos()));
    }
    LOG.debug("s3-failover: health probes start: {}", settings);
  }

  /**
   * Probes one region now, on the calling thread (tests, and the scheduler).
   *
   * @param region the region
   * @return whether the region answered
   */
  public boolean probeNow(RegionState region) {
    for (Target target : targets) {
      if (target.region == region) {
        return probe(target);
      }
    }
    throw new IllegalArgumentException("not probed: " + region);
  }

  private long intervalNanos() {
    return settings.interval().toNanos();
  }

  private void schedule(Target target, long delayNanos) {
    if (!closed) {
      scheduler.schedule(() -> run(target), delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void run(Target target) {
    boolean recovering;
    try {
      probe(target);
    } catch (RuntimeException e) {
      LOG.warn("s3-failover: the health probe of region {} failed on its own", target.region, e);
    } finally {
      recovering = target.successes > 0 && target.region.isOpen();
      double factor = 1 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1);
      // A region that answered once while open is asked again soon, so that it is known healthy
      // within about one interval of its recovery.
      schedule(target, (long) (intervalNanos() * factor * (recovering ? 0.25 : 1)));
    }
  }

  private boolean probe(Target target) {
    RegionState region = target.region;
    CircuitBreaker breaker = region.breaker();
    boolean openBefore = opened(breaker.getState());
    long start = System.nanoTime();
    Throwable failure = null;
    try {
      target.head.accept(target.request);
    } catch (RuntimeException e) {
      switch (FailureClassifier.classify(e, AttemptFacts.NONE)) {
        case REGIONAL:
          failure = e;
          break;
        case LOCAL:
          // Our own side failed (no pooled connection in time): says nothing about the region.
          LOG.debug("s3-failover: health probe of region {} not sent: {}", region, e.toString());
          return false;
        case ANSWER:
        default:
          target.noteAnswer(e);
          break;
      }
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - start);
    boolean healthy = failure == null;
    synchronized (target) {
      if (healthy) {
        target.failures = 0;
        // Only answers seen while the breaker was open (before and after) count towards closing
        // it: answers from before application calls opened it say nothing about now.
        target.successes = openBefore && opened(breaker.getState()) ? target.successes + 1 : 0;
        if (target.successes >= settings.successesToClose() && opened(breaker.getState())) {
          breaker.transitionToClosedState();
          target.successes = 0;
        }
      } else {
        target.successes = 0;
        target.failures++;
        CircuitBreaker.State state = breaker.getState();
        if (target.failures >= settings.failuresToOpen()
            && (state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.HALF_OPEN)) {
          breaker.transitionToOpenState();
        }
      }
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "s3-failover: health probe of region {}: {} in {} ms{}",
          region,
          healthy ? "answered" : "failed",
          latency.toMillis(),
          healthy ? "" : " (" + failure + ")");
    }
    events.publish(
        new RegionProbedEvent(events.clock().instant(), region.id(), healthy, latency, failure));
    region.noteBreakerState(events);
    return healthy;
  }

  /** Open or half-open: the states the probes move towards closed. */
  private static boolean opened(CircuitBreaker.State state) {
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN;
  }

  /** Stops the probes and gives each region's recovery back to its breaker's half-open calls. */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    for (Target target : targets) {
      target.region.setProbed(false);
    }
  }

  /** One region's probe and its counts of answers and failures in a row. */
  private static final class Target {
    final RegionState region;
    final Consumer<HeadObjectRequest> head;
    final HeadObjectRequest request;
    int successes;
    int failures;
    private boolean warnedMissing;

    Target(RegionState region, Consumer<HeadObjectRequest> head, HeadObjectRequest request) {
      this.region = region;
      this.head = head;
      this.request = request;
    }

    void noteAnswer(RuntimeException answer) {
      if (!warnedMissing) {
        warnedMissing = true;
        LOG.info(
            "s3-failover: the health object of region {} answers {}; the region counts as up."
                + " Put the object (route53 preflight --put-health-object) to probe with a 200",
            region,
            answer.toString());
      }
    }
  }
}
