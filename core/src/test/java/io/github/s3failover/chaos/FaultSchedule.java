package io.github.s3failover.chaos;

import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.TestRegion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * One thread that keeps changing the network: TCP faults on each region (refused, black hole,
 * latency, reset mid-stream, flapping and partial black holes), DNS flips between the regions and
 * to a host no client configures, and DNS outages (stopped, silent, garbage, oversized answers).
 *
 * <p>Every few seconds a calm of about two seconds: every region healed, DNS healthy and flipped to
 * the other region. Leaving a healthy region is what the dwell time holds back, and without calms
 * nearly every switch would be a flight from a failing region, which the dwell never holds.
 *
 * <p>Until {@code spareUntil} says so, region faults fall on the first region only: a run must
 * complete a Transfer Manager transfer under faults (9 MiB each way, slower than the faults come
 * and go), and one region kept healthy makes that certain rather than a matter of the dice.
 */
final class FaultSchedule implements AutoCloseable {
  private final List<TestRegion> regions;
  private final LocalDnsServer dns;
  private final String unconfiguredHost;
  private final Random random;
  private final BooleanSupplier spareUntil;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private String dnsTarget; // the configured region DNS names now, if any; schedule thread only
  final List<String> log = new ArrayList<>(); // written by the schedule thread only

  /** A fault switched on a region (or lifted, if {@code healed}), noted before it took effect. */
  record RegionFault(long nanoTime, String region, boolean healed) {}

  /** Every change of a region's network, in order; written by the schedule thread only. */
  final List<RegionFault> regionFaults = new ArrayList<>();

  /**
   * How long after a fault ends a region may still count as failing: a breaker's window still holds
   * the failures, and connections damaged by the fault die on their next use.
   */
  static final Duration AFTERMATH = Duration.ofSeconds(1);

  FaultSchedule(
      List<TestRegion> regions,
      LocalDnsServer dns,
      String unconfiguredHost,
      long seed,
      BooleanSupplier spareUntil) {
    this.regions = regions;
    this.spareUntil = spareUntil;
    this.dns = dns;
    this.unconfiguredHost = unconfiguredHost;
    this.random = new Random(seed);
    this.dnsTarget = regions.get(0).name(); // where the test points DNS before the run
    this.thread = new Thread(this::run, "chaos-faults");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    // One DNS fault that the client must notice, whatever the dice say later: garbage answers for
    // longer than the TTL (the refresh runs at least once a TTL), so that the run's DNS invariants
    // are never checked on a run whose DNS faults all healed between two refreshes.
    dns.garbage();
    note("dns: garbage (the run's first, guaranteed DNS fault)");
    // And one region fault that traffic must meet: the first region resets its connections.
    TestRegion first = regions.get(0);
    regionFaults.add(new RegionFault(System.nanoTime(), first.name(), false));
    first.tcp().resetAfterBytes(512);
    note(first.name() + ": reset after 512 bytes (the run's first, guaranteed region fault)");
    pause(ChaosSetup.TTL.toMillis() * 2);
    dns.healthy();
    long nextCalm = System.nanoTime() + calmInterval();
    while (running.get()) {
      if (System.nanoTime() > nextCalm) {
        calm();
        nextCalm = System.nanoTime() + calmInterval();
        continue;
      }
      int dice = random.nextInt(100);
      if (dice < 55) {
        TestRegion region = regions.get(random.nextInt(regions.size()));
        regionFault(spareUntil.getAsBoolean() ? region : first);
      } else {
        dnsFault();
      }
      pause(200 + random.nextInt(500));
    }
  }

  private long calmInterval() {
    return TimeUnit.MILLISECONDS.toNanos(2_000 + random.nextInt(2_000));
  }

  private void calm() {
    for (TestRegion region : regions) {
      regionFaults.add(new RegionFault(System.nanoTime(), region.name(), true));
      region.tcp().pass();
    }
    if (!dns.isRunning()) {
      dns.start();
    }
    dns.healthy();
    TestRegion target = regions.get(random.nextInt(regions.size()));
    for (TestRegion region : regions) {
      if (!region.name().equals(dnsTarget)) {
        target = region;
      }
    }
    dns.setCname(ChaosSetup.DNS_NAME, ChaosSetup.hostName(target), ChaosSetup.TTL);
    dnsTarget = target.name();
    note("calm, dns: flip to " + target.name());
    pause(1_500 + random.nextInt(1_000));
  }

  private void regionFault(TestRegion region) {
    int dice = random.nextInt(8);
    regionFaults.add(new RegionFault(System.nanoTime(), region.name(), dice >= 6));
    String what;
    switch (dice) {
      case 0:
        region.tcp().refuse();
        what = "refuse";
        break;
      case 1:
        region.tcp().blackHole();
        what = "black hole";
        break;
      case 2:
        region.tcp().latency(Duration.ofMillis(50 + random.nextInt(300)));
        what = "latency";
        break;
      case 3:
        region.tcp().resetAfterBytes(500 + random.nextInt(20_000));
        what = "reset after bytes";
        break;
      case 4:
        // Flapping: up and down faster than the breaker's window fills.
        for (int i = 0; i < 6 && running.get(); i++) {
          region.tcp().refuse();
          pause(60);
          region.tcp().pass();
          pause(60);
        }
        what = "flapping";
        break;
      case 5:
        // Partial black hole: only the connections opened in the short black windows hang.
        for (int i = 0; i < 5 && running.get(); i++) {
          region.tcp().blackHole();
          pause(30);
          region.tcp().pass();
          pause(90);
        }
        what = "partial black hole";
        break;
      default:
        region.tcp().pass();
        what = "healed";
        break;
    }
    note(region.name() + ": " + what);
  }

  private void dnsFault() {
    int dice = random.nextInt(10);
    String what;
    if (dice < 4) {
      TestRegion target = regions.get(random.nextInt(regions.size()));
      dns.setCname(ChaosSetup.DNS_NAME, ChaosSetup.hostName(target), ChaosSetup.TTL);
      dnsTarget = target.name();
      what = "flip to " + target.name();
    } else if (dice == 4) {
      dns.setCname(ChaosSetup.DNS_NAME, unconfiguredHost, ChaosSetup.TTL);
      dnsTarget = null;
      what = "flip to an unconfigured host";
    } else if (dice == 5) {
      dns.stop();
      pause(300 + random.nextInt(1_000));
      dns.start();
      what = "server down then up";
    } else if (dice == 6) {
      dns.noAnswer();
      what = "silent";
    } else if (dice == 7) {
      dns.garbage();
      what = "garbage";
    } else if (dice == 8) {
      dns.oversized();
      what = "oversized";
    } else {
      dns.healthy();
      what = "healthy";
    }
    note("dns: " + what);
  }

  /**
   * Whether a region was under a fault at {@code nanoTime}, or within {@link #AFTERMATH} before it:
   * when the client left it then, it was leaving a failing region. Read after {@link #close()}.
   */
  boolean faultedNear(String region, long nanoTime) {
    List<RegionFault> mine = new ArrayList<>();
    regionFaults.stream().filter(f -> f.region().equals(region)).forEach(mine::add);
    for (int i = 0; i < mine.size(); i++) {
      RegionFault f = mine.get(i);
      long end = i + 1 < mine.size() ? mine.get(i + 1).nanoTime() : Long.MAX_VALUE;
      if (!f.healed() && f.nanoTime() <= nanoTime && end > nanoTime - AFTERMATH.toNanos()) {
        return true;
      }
    }
    return false;
  }

  private void note(String what) {
    log.add(System.currentTimeMillis() + " " + what);
  }

  /** Stops changing things and heals everything, so the run can end on a working network. */
  @Override
  public void close() {
    running.set(false);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    regions.forEach(
        r -> {
          regionFaults.add(new RegionFault(System.nanoTime(), r.name(), true));
          r.tcp().pass();
        });
    if (!dns.isRunning()) {
      dns.start();
    }
    dns.healthy();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
