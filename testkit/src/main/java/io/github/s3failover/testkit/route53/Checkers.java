package io.github.s3failover.testkit.route53;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The health checkers of one health check. Each checker probes the endpoint every RequestInterval
 * (scaled by the time factor), on its own phase (Route 53's checkers do not coordinate), and
 * changes its own view of the endpoint only after FailureThreshold consecutive results that
 * disagree with it. The check is healthy when more than 18 % of the checkers consider the endpoint
 * healthy (Developer Guide, "How Amazon Route 53 determines whether a health check is healthy");
 * then Disabled makes it healthy whatever the checkers say, and Inverted turns it around. A new
 * checker counts as healthy until it has seen enough to say otherwise.
 */
final class Checkers {

  /** The share of checkers that must consider the endpoint healthy, exclusive. */
  static final double HEALTHY_SHARE = 0.18;

  private static final class Checker {
    final String region;
    final String ip;
    boolean healthy = true;
    int streak;
    HealthCheckStatus.Observation last;

    Checker(String region, String ip) {
      this.region = region;
      this.ip = ip;
    }
  }

  private final String id;
  private final Probe probe;
  private final int threshold;
  private final boolean inverted;
  private final boolean disabled;
  private final double timeFactor;
  private final Duration interval;
  private final List<Checker> checkers = new ArrayList<>();
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private final Clock clock;
  private final Consumer<HealthCheckStatus> onChange;
  private boolean lastHealthy; // guarded by this
  private boolean stopped; // guarded by this

  /**
   * Sets up the checkers of a check; {@link #start} starts probing.
   *
   * @param previous the checkers this replaces after an update, whose views carry over, or null
   */
  Checkers(
      String id,
      Map<String, String> config,
      List<String> regions,
      int count,
      double timeFactor,
      Function<String, java.net.InetAddress> resolver,
      Clock clock,
      Checkers previous,
      Consumer<HealthCheckStatus> onChange) {
    this.id = id;
    this.timeFactor = timeFactor;
    this.clock = clock;
    this.onChange = onChange;
    String type = config.get("Type");
    String fqdn = config.get("FullyQualifiedDomainName");
    String ip = config.get("IPAddress");
    int port =
        config.get("Port") != null
            ? Integer.parseInt(config.get("Port"))
            : type.startsWith("HTTPS") ? 443 : 80;
    String host = fqdn != null ? fqdn : ip;
    InetSocketAddress address = new InetSocketAddress(resolver.apply(ip != null ? ip : fqdn), port);
    this.probe =
        new Probe(
            type,
            address,
            host,
            config.get("ResourcePath"),
            "true".equals(config.get("EnableSNI")) && fqdn != null);
    this.threshold = Integer.parseInt(config.getOrDefault("FailureThreshold", "3"));
    this.inverted = "true".equals(config.get("Inverted"));
    this.disabled = "true".equals(config.get("Disabled"));
    this.interval =
        Probe.scale(
            Duration.ofSeconds(Long.parseLong(config.getOrDefault("RequestInterval", "30"))),
            timeFactor);
    int n = count > 0 ? count : regions.size();
    for (int i = 0; i < n; i++) {
      Checker checker = new Checker(regions.get(i % regions.size()), "192.0.2." + (i + 1));
      if (previous != null && i < previous.checkers.size()) {
        Checker old = previous.checkers.get(i);
        checker.healthy = old.healthy;
        checker.last = old.last;
      }
      checkers.add(checker);
    }
    this.lastHealthy = evaluate().healthy();
  }

  synchronized void start(ScheduledExecutorService scheduler) {
    if (disabled) {
      return; // Route 53 stops probing a disabled check
    }
    long period = interval.toNanos();
    for (int i = 0; i < checkers.size(); i++) {
      Checker checker = checkers.get(i);
      long phase = period * i / checkers.size();
      tasks.add(
          scheduler.scheduleAtFixedRate(() -> probe(checker), phase, period, TimeUnit.NANOSECONDS));
    }
  }

  synchronized void stop() {
    stopped = true;
    tasks.forEach(t -> t.cancel(false));
    tasks.clear();
  }

  synchronized HealthCheckStatus status() {
    return evaluate();
  }

  synchronized boolean healthy() {
    return lastHealthy;
  }

  Duration interval() {
    return interval;
  }

  private void probe(Checker checker) {
    Probe.Result result = probe.run(timeFactor);
    HealthCheckStatus changed = null;
    synchronized (this) {
      if (stopped) {
        return;
      }
      checker.last =
          new HealthCheckStatus.Observation(
              checker.region,
              checker.ip,
              result.success(),
              result.status(),
              clock.instant().truncatedTo(ChronoUnit.MILLIS));
      if (result.success() == checker.healthy) {
        checker.streak = 0;
      } else if (++checker.streak >= threshold) {
        checker.healthy = result.success();
        checker.streak = 0;
      }
      HealthCheckStatus now = evaluate();
      if (now.healthy() != lastHealthy) {
        lastHealthy = now.healthy();
        changed = now;
      }
    }
    if (changed != null) {
      onChange.accept(changed);
    }
  }

  /** Route 53's rule: healthy when more than 18 % of the checkers report healthy. */
  static boolean healthyByShare(int healthyCheckers, int checkers) {
    return healthyCheckers > HEALTHY_SHARE * checkers;
  }

  private HealthCheckStatus evaluate() {
    int healthyCheckers = (int) checkers.stream().filter(c -> c.healthy).count();
    boolean byCheckers = healthyByShare(healthyCheckers, checkers.size());
    boolean status = disabled || byCheckers;
    if (inverted) {
      status = !status;
    }
    List<HealthCheckStatus.Observation> seen = new ArrayList<>();
    checkers.forEach(
        c -> {
          if (c.last != null) {
            seen.add(c.last);
          }
        });
    return new HealthCheckStatus(id, status, healthyCheckers, checkers.size(), seen);
  }
}
