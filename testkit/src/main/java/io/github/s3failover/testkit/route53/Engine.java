package io.github.s3failover.testkit.route53;

import io.github.s3failover.testkit.LocalDnsServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The state and the moving parts behind a {@link LocalRoute53}: zones, health checks and their
 * checkers, changes turning INSYNC, the DNS answers, events. Every change of state happens under
 * this object's lock.
 */
final class Engine implements Api.Backend {

  final double timeFactor;
  final Duration changeDelay;
  final Clock clock;
  final Zones zones = new Zones();
  // Checkers probe endpoints: calculated and CloudWatch-alarm checks are not modelled (0011).
  final HealthCheckStore checks = new HealthCheckStore(HealthCheckStore.ENDPOINT_TYPES);
  final List<Route53Event> events = new ArrayList<>(); // guarded by itself
  final List<Consumer<Route53Event>> listeners = new CopyOnWriteArrayList<>();
  private final int checkerCount;
  private final Map<String, InetAddress> hosts;
  private final Map<String, Change> changes = new HashMap<>();
  private final Map<String, Boolean> announced = new HashMap<>();
  private final ScheduledThreadPoolExecutor scheduler;
  private final ExecutorService delivery;
  private final DnsAnswers answers;
  final ApiCalls api;
  private long changeCount;

  private static final class Change {
    boolean insync;
  }

  Engine(
      double timeFactor,
      int checkerCount,
      Duration changeDelay,
      Map<String, InetAddress> hosts,
      Clock clock,
      LocalDnsServer dns) {
    this.timeFactor = timeFactor;
    this.checkerCount = checkerCount;
    this.changeDelay = changeDelay;
    this.hosts = Map.copyOf(hosts);
    this.clock = clock;
    this.scheduler = new ScheduledThreadPoolExecutor(16, daemon("local-route53-checker"));
    scheduler.setRemoveOnCancelPolicy(true);
    this.delivery = Executors.newSingleThreadExecutor(daemon("local-route53-events"));
    this.answers = new DnsAnswers(dns, clock, this::emit);
    this.api = new ApiCalls(new Api(this));
  }

  /** Stops every checker and the engine's threads. */
  void close() {
    synchronized (this) {
      checks.checks.values().forEach(c -> c.checkers.stop());
    }
    scheduler.shutdownNow();
    delivery.shutdown();
  }

  synchronized Api.Response serve(Api.Request request) {
    return api.serve(request);
  }

  synchronized Api.Response serve(String method, String target, String body) {
    return api.serve(method, target, body);
  }

  /** Whether a record's health check counts healthy; a deleted check does. */
  boolean healthy(String healthCheckId) {
    HealthCheckStore.Check check = checks.checks.get(healthCheckId);
    return check == null || check.checkers.healthy();
  }

  private synchronized void healthChanged(String id) {
    HealthCheckStore.Check check = checks.checks.get(id);
    if (check == null) {
      return;
    }
    HealthCheckStatus status = check.checkers.status();
    if (!Objects.equals(announced.put(id, status.healthy()), status.healthy())) {
      emit(
          new Route53Event.HealthChanged(
              clock.instant(), id, status.healthy(), status.healthyCheckers(), status.checkers()));
      answers.publish(List.copyOf(zones.zones.values()), this::healthy);
    }
  }

  private void startCheckers(HealthCheckStore.Check check, Checkers previous) {
    check.checkers =
        new Checkers(
            check.id,
            check.config,
            check.regions,
            checkerCount,
            timeFactor,
            this::resolve,
            clock,
            previous,
            status -> healthChanged(check.id));
    check.checkers.start(scheduler);
  }

  private InetAddress resolve(String host) {
    InetAddress mapped = hosts.get(host.toLowerCase(Locale.ROOT));
    if (mapped != null) {
      return mapped;
    }
    if (host.matches("[0-9.]+") || host.contains(":")) {
      try {
        return InetAddress.getByName(host); // a literal: no lookup
      } catch (UnknownHostException e) {
        throw ApiError.invalidInput("IPAddress " + host + " is not an address");
      }
    }
    return InetAddress.getLoopbackAddress();
  }

  private synchronized void insync(Zones.Zone zone, Change change, long seq, List<LocalRecord> s) {
    change.insync = true;
    if (seq > zone.servedChange) {
      zone.served = s;
      zone.servedChange = seq;
      answers.publish(List.copyOf(zones.zones.values()), this::healthy);
    }
  }

  private void emit(Route53Event event) {
    synchronized (events) {
      events.add(event);
    }
    delivery.execute(() -> listeners.forEach(l -> l.accept(event)));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  // Api.Backend: every call comes with this engine's lock held (from serve).

  @Override
  public Zones zones() {
    return zones;
  }

  @Override
  public HealthCheckStore checks() {
    return checks;
  }

  @Override
  public void created(HealthCheckStore.Check check) {
    startCheckers(check, null);
    announced.put(check.id, check.checkers.healthy());
  }

  @Override
  public void updated(HealthCheckStore.Check check) {
    check.checkers.stop();
    startCheckers(check, check.checkers);
    healthChanged(check.id);
  }

  @Override
  public void deleted(HealthCheckStore.Check check) {
    check.checkers.stop();
    announced.remove(check.id);
    answers.publish(List.copyOf(zones.zones.values()), this::healthy);
  }

  @Override
  public String submitted(Zones.Zone zone) {
    String id =
        "C" + Long.toHexString(ThreadLocalRandom.current().nextLong()).toUpperCase(Locale.ROOT);
    Change change = new Change();
    changes.put(id, change);
    long seq = ++changeCount;
    List<LocalRecord> snapshot = List.copyOf(zone.records);
    if (changeDelay.isZero()) {
      insync(zone, change, seq, snapshot);
    } else {
      scheduler.schedule(
          () -> insync(zone, change, seq, snapshot), changeDelay.toNanos(), TimeUnit.NANOSECONDS);
    }
    return id;
  }

  @Override
  public String changeStatus(String id) {
    Change change = changes.get(id);
    return change == null ? null : change.insync ? "INSYNC" : "PENDING";
  }

  @Override
  public HealthCheckStatus status(HealthCheckStore.Check check) {
    return check.checkers.status();
  }

  @Override
  public LocalRecord answer(String zoneId, String name, String type) {
    return DnsAnswers.choose(
        DnsAnswers.group(zones.zone(zoneId).served, name, type), this::healthy);
  }
}
