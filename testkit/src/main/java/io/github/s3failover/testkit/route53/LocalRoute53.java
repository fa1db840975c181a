package io.github.s3failover.testkit.route53;

import io.github.s3failover.testkit.LocalDnsServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Route 53 on this machine that really health-checks: its API (the REST/XML API of 2013-04-01,
 * the part the provisioning module calls) on a loopback port, health checkers that probe the
 * endpoints of its health checks, and a {@link LocalDnsServer} that answers the hosted zones'
 * records, failover pairs following their health checks.
 *
 * <p>Each health check is probed by several checkers (one per checker region by default), every
 * RequestInterval, each changing its view after FailureThreshold consecutive results; the check is
 * healthy when more than 18 % of its checkers say so (see {@code Checkers}). Intervals and probe
 * timeouts are Route 53's, multiplied by the {@link Builder#timeFactor time factor}: 0.05 turns a
 * 10 s interval into 0.5 s. A report that uses a factor other than 1 should say so.
 *
 * <p>A change batch is applied at once (ListResourceRecordSets shows it) and reaches the DNS
 * server, and turns INSYNC, after the {@link Builder#changeDelay change delay}. Endpoints are
 * probed on loopback: every host name resolves to 127.0.0.1 unless {@link Builder#host mapped}
 * otherwise, so a check's Port tells the regions apart. Differences from Route 53 that matter are
 * listed in decision record 0011. Thread-safe; threads are daemons.
 */
public final class LocalRoute53 implements AutoCloseable {

  /** Delay of a change from PENDING to INSYNC unless set otherwise. */
  public static final Duration DEFAULT_CHANGE_DELAY = Duration.ofMillis(500);

  private final Engine engine;
  private final LocalDnsServer dns;
  private final boolean ownsDns;
  private final HttpFront front;
  private final DirectCalls calls;

  private LocalRoute53(Builder b) {
    this.ownsDns = b.dns == null;
    this.dns = b.dns == null ? LocalDnsServer.open() : b.dns;
    this.engine = new Engine(b.timeFactor, b.checkers, b.changeDelay, b.hosts, b.clock, dns);
    this.front = new HttpFront(engine::serve);
    this.calls = new DirectCalls(engine);
  }

  /**
   * A builder with Route 53's timing (time factor 1).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a local Route 53 with Route 53's timing and its own DNS server.
   *
   * @return the running server
   */
  public static LocalRoute53 start() {
    return builder().start();
  }

  /**
   * Where the SDK's Route 53 client should send requests ({@code endpointOverride}).
   *
   * @return {@code http://127.0.0.1:PORT}
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + front.port());
  }

  /**
   * The DNS server that answers the hosted zones' records.
   *
   * @return the server, for a resolver's {@code hostPort()}
   */
  public LocalDnsServer dns() {
    return dns;
  }

  /**
   * The factor applied to Route 53's intervals and probe timeouts.
   *
   * @return 1 for Route 53's own timing
   */
  public double timeFactor() {
    return engine.timeFactor;
  }

  /**
   * Adds a public hosted zone with a generated id, as CreateHostedZone would.
   *
   * @param name the zone's name, e.g. {@code example.com}
   * @return the zone id, without {@code /hostedzone/}
   */
  public String addZone(String name) {
    return addZone(DirectCalls.newZoneId(), name);
  }

  /**
   * Adds a public hosted zone with a given id.
   *
   * @param id the zone id, e.g. {@code Z0EXAMPLE123}
   * @param name the zone's name
   * @return the id
   */
  public String addZone(String id, String name) {
    synchronized (engine) {
      engine.zones.add(
          Objects.requireNonNull(id, "id"), Objects.requireNonNull(name, "name"), false);
    }
    return id;
  }

  /**
   * Creates a health check through the API, as CreateHealthCheck with a fresh caller reference.
   *
   * @param check the configuration
   * @return the new health check's id
   */
  public String createHealthCheck(LocalHealthCheck check) {
    return calls.createHealthCheck(check);
  }

  /**
   * UPSERTs record sets in one change batch through the API and waits until the change is INSYNC
   * (served by the DNS server).
   *
   * @param zoneId the zone
   * @param records the record sets
   * @throws IllegalStateException with Route 53's error if the batch is refused
   */
  public void upsert(String zoneId, LocalRecord... records) {
    calls.upsert(zoneId, records);
  }

  /**
   * Every record set of a zone, as ListResourceRecordSets lists them.
   *
   * @param zoneId the zone id
   * @return the record sets, in Route 53's order
   */
  public List<LocalRecord> records(String zoneId) {
    synchronized (engine) {
      return engine.zones.list(zoneId);
    }
  }

  /**
   * The ids of every health check, in creation order.
   *
   * @return the ids
   */
  public List<String> healthCheckIds() {
    synchronized (engine) {
      return List.copyOf(engine.checks.checks.keySet());
    }
  }

  /**
   * A health check's configuration fields as Route 53 holds them (Type, Port, ...).
   *
   * @param id the health check id
   * @return the fields and their values
   */
  public Map<String, String> healthCheckConfig(String id) {
    synchronized (engine) {
      return Map.copyOf(check(id).config);
    }
  }

  /**
   * A health check's tags.
   *
   * @param id the health check id
   * @return the tags
   */
  public Map<String, String> tags(String id) {
    synchronized (engine) {
      return Map.copyOf(check(id).tags);
    }
  }

  /**
   * A health check's status and each checker's last probe.
   *
   * @param id the health check id
   * @return the status now
   */
  public HealthCheckStatus status(String id) {
    synchronized (engine) {
      return check(id).checkers.status();
    }
  }

  /**
   * What the DNS server answers for a name now.
   *
   * @param name the name
   * @param type the record type, e.g. {@code CNAME}
   * @return the values, or empty if the name has no such records being served
   */
  public Optional<List<String>> answer(String name, String type) {
    String absolute = LocalRecord.absolute(name);
    synchronized (engine) {
      for (Zones.Zone zone : engine.zones.zones.values()) {
        LocalRecord chosen =
            DnsAnswers.choose(DnsAnswers.group(zone.served, absolute, type), engine::healthy);
        if (chosen != null) {
          return Optional.of(chosen.values());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Calls a listener with every later event, in order, on one delivery thread.
   *
   * @param listener the listener
   */
  public void addListener(Consumer<Route53Event> listener) {
    engine.listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Every event so far, in order.
   *
   * @return a copy
   */
  public List<Route53Event> events() {
    synchronized (engine.events) {
      return List.copyOf(engine.events);
    }
  }

  /**
   * Makes the next calls of an API operation fail, e.g. to rehearse Throttling.
   *
   * @param operation the operation, e.g. {@code ChangeResourceRecordSets}
   * @param status the HTTP status, e.g. 400
   * @param code Route 53's error code, e.g. {@code Throttling}
   * @param times how many calls fail
   */
  public void failNext(String operation, int status, String code, int times) {
    synchronized (engine) {
      engine.api.failNext(operation, status, code, times);
    }
  }

  /**
   * The API operations called so far, in order (ListHealthChecks, CreateHealthCheck, ...).
   *
   * @return a copy
   */
  public List<String> operations() {
    synchronized (engine) {
      return engine.api.operations();
    }
  }

  /** Forgets the operations called so far. */
  public void clearOperations() {
    synchronized (engine) {
      engine.api.clearOperations();
    }
  }

  private HealthCheckStore.Check check(String id) {
    return engine.checks.get(id);
  }

  /** Stops the API, the checkers and, if this server opened it, the DNS server. */
  @Override
  public void close() {
    front.close();
    engine.close();
    if (ownsDns) {
      dns.close();
    }
  }

  /** Builds and starts a {@link LocalRoute53}. */
  public static final class Builder {
    private double timeFactor = 1;
    private int checkers;
    private Duration changeDelay = DEFAULT_CHANGE_DELAY;
    private final Map<String, InetAddress> hosts = new HashMap<>();
    private Clock clock = Clock.systemUTC();
    private LocalDnsServer dns;

    private Builder() {}

    /**
     * Multiplies Route 53's request intervals and probe timeouts (4 s connect and 2 s response for
     * HTTP and HTTPS, 10 s connect for TCP), for fast tests.
     *
     * @param factor more than 0 and at most 1; 1 (the default) is Route 53's own timing
     * @return this builder
     */
    public Builder timeFactor(double factor) {
      if (!(factor > 0 && factor <= 1)) {
        throw new IllegalArgumentException(
            "timeFactor must be more than 0 and at most 1, e.g. 0.05 for 10 s -> 0.5 s: " + factor);
      }
      this.timeFactor = factor;
      return this;
    }

    /**
     * Sets how many checkers probe each health check, whatever its Regions.
     *
     * @param count 1-64; by default one checker per checker region of the check (8 unless the check
     *     names fewer)
     * @return this builder
     */
    public Builder checkers(int count) {
      if (count < 1 || count > 64) {
        throw new IllegalArgumentException("checkers must be 1-64: " + count);
      }
      this.checkers = count;
      return this;
    }

    /**
     * Sets how long a change stays PENDING before it reaches the DNS server and turns INSYNC.
     *
     * @param delay zero or more; 500 ms by default
     * @return this builder
     */
    public Builder changeDelay(Duration delay) {
      if (delay == null || delay.isNegative()) {
        throw new IllegalArgumentException("changeDelay must be zero or more: " + delay);
      }
      this.changeDelay = delay;
      return this;
    }

    /**
     * Makes the checkers reach a host name at an address (every name reaches 127.0.0.1 otherwise).
     *
     * @param name a health check's FullyQualifiedDomainName
     * @param address an IP literal
     * @return this builder
     */
    public Builder host(String name, String address) {
      try {
        hosts.put(name.toLowerCase(Locale.ROOT), InetAddress.getByName(address));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("host " + name + ": " + address + " is not an IP", e);
      }
      return this;
    }

    /**
     * Serves the zones through this DNS server (which the caller closes) instead of a new one.
     *
     * @param server a running server
     * @return this builder
     */
    public Builder dns(LocalDnsServer server) {
      this.dns = Objects.requireNonNull(server, "server");
      return this;
    }

    /**
     * Sets the clock of event and observation times.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Starts the server.
     *
     * @return the running server
     */
    public LocalRoute53 start() {
      return new LocalRoute53(this);
    }
  }
}
