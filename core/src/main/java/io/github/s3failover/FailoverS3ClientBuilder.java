package io.github.s3failover;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.s3failover.internal.Durations;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.RuntimeContext;
import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.RoutingCore;
import io.github.s3failover.internal.run.AsyncRegionalClientFactory;
import io.github.s3failover.internal.run.RegionalClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds a {@link FailoverS3Client}. Every setter checks its argument; {@link #build()} checks that
 * the settings fit together and fails with a message that names the problem and the fix.
 */
public final class FailoverS3ClientBuilder {
  /** Minimum time on a healthy region before moving to another one: 30 s. */
  public static final Duration DEFAULT_MINIMUM_DWELL = Duration.ofSeconds(30);

  /** TCP connect timeout of library-built clients: 2 s (S3 connects in milliseconds). */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Read (socket) timeout of library-built clients: 5 s without a byte means a dead region. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

  /** Attempts per call and region of library-built clients (retries throttling and 500/503). */
  public static final int DEFAULT_MAX_ATTEMPTS_PER_REGION = 2;

  /** Lifetime of a pooled connection of library-built clients, so endpoints are re-resolved. */
  public static final Duration DEFAULT_CONNECTION_TIME_TO_LIVE = Duration.ofSeconds(60);

  /** Prefix of the circuit breaker names, followed by the region id. */
  public static final String BREAKER_NAME_PREFIX = "s3-failover-";

  private final List<FailoverRegion> regions = new ArrayList<>();
  private List<String> priority;
  private RegionPreference preference = RegionPreference.priorityOrder();
  private WritePolicy writePolicy = WritePolicy.PRIMARY_ONLY;
  private CircuitBreakerConfig breakerConfig;
  private CircuitBreakerRegistry breakerRegistry;
  private Duration minimumDwell = DEFAULT_MINIMUM_DWELL;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration readTimeout = DEFAULT_READ_TIMEOUT;
  private int maxAttemptsPerRegion = DEFAULT_MAX_ATTEMPTS_PER_REGION;
  private Duration connectionTimeToLive = DEFAULT_CONNECTION_TIME_TO_LIVE;
  private Duration attemptTimeout;
  private Clock clock = Clock.systemUTC();
  private HealthProbes healthProbes = HealthProbes.defaults();
  private HedgedReads hedgedReads = HedgedReads.defaults();
  private final List<FailoverListener> listeners = new ArrayList<>();

  FailoverS3ClientBuilder() {}

  /**
   * The circuit breaker settings used when none are given: a count-based window of the last 10
   * calls, opened by 50 % regional failures once 3 calls were seen; open for 5 s, then 2 probe
   * calls decide.
   *
   * @param clock the clock of the breaker
   * @return the default configuration
   */
  public static CircuitBreakerConfig defaultCircuitBreakerConfig(Clock clock) {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(10)
        .minimumNumberOfCalls(3)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(5))
        .permittedNumberOfCallsInHalfOpenState(2)
        // A long upload is not a failing region: resilience4j's default would open the breaker
        // after three calls of more than 60 s.
        .slowCallRateThreshold(100)
        .slowCallDurationThreshold(Duration.ofDays(365))
        .clock(clock)
        .build();
  }

  /**
   * Adds a region. Unless {@link #priority(String...)} says otherwise, regions are used in the
   * order they are added.
   *
   * @param region the region
   * @return this builder
   */
  public FailoverS3ClientBuilder addRegion(FailoverRegion region) {
    if (region == null) {
      throw new IllegalArgumentException("addRegion(null): pass a FailoverRegion");
    }
    regions.add(region);
    return this;
  }

  /**
   * Sets the priority order of the regions by id, when it differs from the order they were added.
   *
   * @param regionIds every configured region id, once, most preferred first
   * @return this builder
   */
  public FailoverS3ClientBuilder priority(String... regionIds) {
    this.priority = List.of(regionIds);
    return this;
  }

  /**
   * Sets what says which region is preferred now (default: priority order).
   *
   * @param preference the preference, started by {@link #build()} and closed with the client
   * @return this builder
   */
  public FailoverS3ClientBuilder preference(RegionPreference preference) {
    if (preference == null) {
      throw new IllegalArgumentException(
          "preference(null): use RegionPreference.priorityOrder() for no preference");
    }
    this.preference = preference;
    return this;
  }

  /**
   * Sets what happens to writes when the preferred region cannot take them (default {@link
   * WritePolicy#PRIMARY_ONLY}).
   *
   * @param writePolicy the policy
   * @return this builder
   */
  public FailoverS3ClientBuilder writePolicy(WritePolicy writePolicy) {
    if (writePolicy == null) {
      throw new IllegalArgumentException("writePolicy(null): choose PRIMARY_ONLY or FAILOVER");
    }
    this.writePolicy = writePolicy;
    return this;
  }

  /**
   * Sets the configuration of the per-region circuit breakers (default {@link
   * #defaultCircuitBreakerConfig(Clock)}). The client reports only regional failures as errors; the
   * configuration's exception predicates then apply to those. Mind resilience4j's slow-call
   * defaults (calls over 60 s count as slow, and 100 % slow calls open the breaker): a long upload
   * would open it. The default configuration turns slow-call detection off.
   *
   * @param config the configuration
   * @return this builder
   */
  public FailoverS3ClientBuilder circuitBreakerConfig(CircuitBreakerConfig config) {
    this.breakerConfig = config;
    return this;
  }

  /**
   * Takes the per-region circuit breakers from an existing registry (named {@value
   * #BREAKER_NAME_PREFIX} followed by the region id), so they show in its metrics.
   *
   * @param registry the registry
   * @return this builder
   */
  public FailoverS3ClientBuilder circuitBreakerRegistry(CircuitBreakerRegistry registry) {
    this.breakerRegistry = registry;
    return this;
  }

  /**
   * Sets the minimum time the client stays on a healthy region before it moves to another one
   * (failback, or a preference change), so it does not flap. A region whose breaker opens is left
   * at once. Default {@link #DEFAULT_MINIMUM_DWELL}.
   *
   * @param dwell zero or more
   * @return this builder
   */
  public FailoverS3ClientBuilder minimumDwell(Duration dwell) {
    this.minimumDwell = Durations.nonNegative(dwell, "minimumDwell");
    return this;
  }

  /**
   * Sets the TCP connect timeout of the clients the library builds.
   *
   * @param timeout more than zero
   * @return this builder
   */
  public FailoverS3ClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = Durations.positive(timeout, "connectTimeout");
    return this;
  }

  /**
   * Sets the read timeout of the clients the library builds: how long a call waits for a byte
   * before its region counts as failing. A black-holed region costs one such timeout per call until
   * its breaker opens.
   *
   * @param timeout more than zero
   * @return this builder
   */
  public FailoverS3ClientBuilder readTimeout(Duration timeout) {
    this.readTimeout = Durations.positive(timeout, "readTimeout");
    return this;
  }

  /**
   * Sets the attempts per call in one region of the clients the library builds; only throttling and
   * 500/503 answers are retried in place.
   *
   * @param attempts 1 to 10
   * @return this builder
   */
  public FailoverS3ClientBuilder maxAttemptsPerRegion(int attempts) {
    if (attempts < 1 || attempts > 10) {
      throw new IllegalArgumentException(
          "maxAttemptsPerRegion is " + attempts + "; use 1 (no retry in region) to 10");
    }
    this.maxAttemptsPerRegion = attempts;
    return this;
  }

  /**
   * Sets how long the clients the library builds reuse a pooled connection.
   *
   * @param ttl more than zero
   * @return this builder
   */
  public FailoverS3ClientBuilder connectionTimeToLive(Duration ttl) {
    this.connectionTimeToLive = Durations.positive(ttl, "connectionTimeToLive");
    return this;
  }

  /**
   * Sets a limit on one attempt of the sync clients the library builds, for regions that answer too
   * slowly rather than not at all (the read timeout only catches silence). Off by default: it also
   * bounds the upload of a large body, so choose it above your largest upload's duration. Streaming
   * downloads are not bounded by it once the response is handed over. An async client built from
   * these settings or this client does not take it over (its Transfer Manager parts are uploads of
   * 8 MiB and more): give it its own with {@link FailoverS3AsyncClientBuilder#attemptTimeout}.
   *
   * @param timeout more than zero
   * @return this builder
   */
  public FailoverS3ClientBuilder attemptTimeout(Duration timeout) {
    this.attemptTimeout = Durations.positive(timeout, "attemptTimeout");
    return this;
  }

  /**
   * Sets the background health probes (default {@link HealthProbes#defaults()}: on). Pass {@link
   * HealthProbes#disabled()} to turn them off; breakers then recover through half-open application
   * calls.
   *
   * @param probes the probe settings
   * @return this builder
   */
  public FailoverS3ClientBuilder healthProbes(HealthProbes probes) {
    if (probes == null) {
      throw new IllegalArgumentException(
          "healthProbes(null): pass HealthProbes.defaults() or HealthProbes.disabled()");
    }
    this.healthProbes = probes;
    return this;
  }

  /**
   * Sets hedged reads (default {@link HedgedReads#defaults()}: on). Pass {@link
   * HedgedReads#disabled()} to turn them off.
   *
   * @param hedging the hedging settings
   * @return this builder
   */
  public FailoverS3ClientBuilder hedgedReads(HedgedReads hedging) {
    if (hedging == null) {
      throw new IllegalArgumentException(
          "hedgedReads(null): pass HedgedReads.defaults() or HedgedReads.disabled()");
    }
    this.hedgedReads = hedging;
    return this;
  }

  /**
   * Sets the clock used for dwell times, events and the default breakers (tests).
   *
   * @param clock the clock
   * @return this builder
   */
  public FailoverS3ClientBuilder clock(Clock clock) {
    if (clock == null) {
      throw new IllegalArgumentException("clock(null): use Clock.systemUTC()");
    }
    this.clock = clock;
    return this;
  }

  /**
   * Adds a listener for the client's events.
   *
   * @param listener the listener
   * @return this builder
   */
  public FailoverS3ClientBuilder addListener(FailoverListener listener) {
    if (listener == null) {
      throw new IllegalArgumentException("addListener(null)");
    }
    listeners.add(listener);
    return this;
  }

  /**
   * Checks the settings, builds the regional clients and starts the preference.
   *
   * @return the client
   * @throws IllegalArgumentException naming what is wrong and how to fix it
   */
  public FailoverS3Client build() {
    List<FailoverRegion> ordered = checkedRegions();
    RegionalClientFactory factory =
        new RegionalClientFactory(
            connectTimeout,
            readTimeout,
            maxAttemptsPerRegion,
            connectionTimeToLive,
            attemptTimeout);
    Map<String, S3Client> clients = new LinkedHashMap<>();
    List<S3Client> owned = new ArrayList<>();
    RoutingCore core;
    try {
      for (FailoverRegion region : ordered) {
        S3Client client = region.client().orElse(null);
        if (client == null) {
          client = factory.build(region);
          owned.add(client);
        }
        clients.put(region.id(), client);
      }
      core = routingCore(ordered);
    } catch (RuntimeException e) {
      owned.forEach(S3Client::close);
      throw e;
    }
    return FailoverS3Client.create(
        core,
        clients,
        owned,
        asyncClientFactory(false),
        probeBucket(ordered),
        healthProbes,
        hedgedReads);
  }

  /** Checks the settings and returns the regions in priority order. */
  List<FailoverRegion> checkedRegions() {
    return ClientSettingsCheck.checkedRegions(regions, priority, breakerConfig, breakerRegistry);
  }

  /**
   * The routing rules of these settings, with the preference started: what every front door (the
   * sync client, an async client built from these settings) routes by.
   */
  RoutingCore routingCore(List<FailoverRegion> ordered) {
    Events events = new Events(listeners, clock);
    List<RegionState> states = RegionStates.of(ordered, breakerConfig, breakerRegistry, clock);
    preference.start(new RuntimeContext(ordered, events));
    return new RoutingCore(states, preference, writePolicy, minimumDwell, events);
  }

  /**
   * Builds async regional clients with the same connect and read timeouts, retry budget and
   * connection life as the sync ones, but no attempt timeout: that one bounds a whole body's
   * transfer, and the async client carries the Transfer Manager's multipart parts, which a limit
   * chosen for sync calls does not fit (decision 0025). An async front door sets its own.
   */
  AsyncRegionalClientFactory asyncClientFactory(boolean crt) {
    return new AsyncRegionalClientFactory(
        connectTimeout, readTimeout, maxAttemptsPerRegion, connectionTimeToLive, null, crt);
  }

  /** The hedged-read settings. */
  HedgedReads hedgedReads() {
    return hedgedReads;
  }

  /** The probe settings. */
  HealthProbes healthProbes() {
    return healthProbes;
  }

  /** The logical bucket that holds the health object, or null when probes are off. */
  String probeBucket(List<FailoverRegion> regions) {
    return ClientSettingsCheck.probeBucket(healthProbes, regions);
  }
}
