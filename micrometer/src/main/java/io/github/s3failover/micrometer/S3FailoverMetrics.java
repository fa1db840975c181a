package io.github.s3failover.micrometer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.FailoverListener;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverStatus;
import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.event.CallCompletedEvent;
import io.github.s3failover.event.CallFailedOverEvent;
import io.github.s3failover.event.DnsAnswerChangedEvent;
import io.github.s3failover.event.DnsFailureEvent;
import io.github.s3failover.event.FailoverEvent;
import io.github.s3failover.event.ReadHedgedEvent;
import io.github.s3failover.event.RegionProbedEvent;
import io.github.s3failover.event.RegionSwitchedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Micrometer meters of the failover client, fed by its events:
 *
 * <ul>
 *   <li>{@value #CALLS} (timer): each call, tags {@code region} (the one that answered last),
 *       {@code operation} ({@code GetObject}...), {@code outcome} ({@code success}, {@code
 *       client_error}, {@code failure});
 *   <li>{@value #FAILOVERS} (counter): a call that went on in another region, tags {@code from},
 *       {@code to}, {@code operation};
 *   <li>{@value #SWITCHES} (counter): the client moved its traffic, tags {@code from}, {@code to},
 *       {@code reason};
 *   <li>{@value #BREAKER_STATE} (gauge): 1 for each region's current breaker state, 0 for the
 *       others, tags {@code region}, {@code state} (as resilience4j's own gauge);
 *   <li>{@value #DNS_CHANGES} (counter, tag {@code region}) and {@value #DNS_FAILURES} (counter,
 *       tag {@code reason}): what the DNS preference saw; {@value #DNS_ANSWER_AGE} (gauge,
 *       seconds): how long ago its answer in use arrived, NaN while it has none.
 * </ul>
 *
 * <p>Register it twice: as a listener of the client (so it sees the events) and with a registry (so
 * the meters exist). The breaker gauges read the client's {@link FailoverS3Client#status()} when
 * they are read, through a supplier, because the listener must exist before the client:
 *
 * <pre>{@code
 * AtomicReference<FailoverS3Client> client = new AtomicReference<>();
 * S3FailoverMetrics metrics =
 *     S3FailoverMetrics.builder().regions("us-east-1", "eu-west-1").client(client::get).build();
 * client.set(FailoverS3Client.builder()...addListener(metrics).build());
 * metrics.bindTo(registry);
 * }</pre>
 *
 * <p>Events that arrive before {@link #bindTo} are not counted. The meters of one instance belong
 * to the last registry it was bound to; to publish to several, bind it to a composite registry.
 */
public final class S3FailoverMetrics implements FailoverListener, MeterBinder {
  /** Timer of calls. */
  public static final String CALLS = "s3.failover.calls";

  /** Counter of calls that failed over. */
  public static final String FAILOVERS = "s3.failover.failovers";

  /** Counter of region switches. */
  public static final String SWITCHES = "s3.failover.region.switches";

  /** Gauge of breaker states. */
  public static final String BREAKER_STATE = "s3.failover.breaker.state";

  /** Counter of changed DNS answers. */
  public static final String DNS_CHANGES = "s3.failover.dns.answer.changes";

  /** Counter of failed DNS lookups. */
  public static final String DNS_FAILURES = "s3.failover.dns.failures";

  /** Counter of background health probes. */
  public static final String PROBES = "s3.failover.probes";

  /** Counter of hedged reads. */
  public static final String HEDGES = "s3.failover.hedges";

  /** Gauge of the DNS answer's age. */
  public static final String DNS_ANSWER_AGE = "s3.failover.dns.answer.age";

  private final Set<String> regionIds;
  private final Supplier<? extends FailoverS3Client> client;
  private final DnsRegionPreference dns;
  private volatile Meters meters;

  private S3FailoverMetrics(Builder builder) {
    this.regionIds = Set.copyOf(builder.regionIds);
    this.client = builder.client;
    this.dns = builder.dns;
  }

  /**
   * Starts the meters' description.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String region : regionIds) {
      for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
        Gauge.builder(BREAKER_STATE, () -> isInState(region, state))
            .description("1 if the region's circuit breaker is in the state, else 0")
            .tags("region", region, "state", tag(state))
            .register(registry);
      }
    }
    if (dns != null) {
      Gauge.builder(
              DNS_ANSWER_AGE,
              () -> dns.answerAge().map(a -> a.toMillis() / 1000.0).orElse(Double.NaN))
          .description("Time since the DNS answer in use arrived")
          .baseUnit("seconds")
          .register(registry);
    }
    meters = new Meters(registry);
  }

  private double isInState(String region, CircuitBreaker.State state) {
    FailoverS3Client c = client.get();
    if (c == null) {
      return Double.NaN;
    }
    FailoverStatus status = c.status();
    return status.breakers().get(region) == state ? 1 : 0;
  }

  @Override
  public void onEvent(FailoverEvent event) {
    Meters m = meters;
    if (m == null) {
      return;
    }
    if (event instanceof CallCompletedEvent) {
      CallCompletedEvent e = (CallCompletedEvent) event;
      m.calls
          .withTags("region", e.region(), "operation", e.operation(), "outcome", tag(e.outcome()))
          .record(e.duration());
    } else if (event instanceof CallFailedOverEvent) {
      CallFailedOverEvent e = (CallFailedOverEvent) event;
      m.failovers
          .withTags("from", e.fromRegion(), "to", e.toRegion(), "operation", e.operation())
          .increment();
    } else if (event instanceof RegionSwitchedEvent) {
      RegionSwitchedEvent e = (RegionSwitchedEvent) event;
      m.switches
          .withTags(
              Tags.of(
                  "from",
                  e.fromRegion() == null ? "none" : e.fromRegion(),
                  "to",
                  e.toRegion(),
                  "reason",
                  tag(e.reason())))
          .increment();
    } else if (event instanceof DnsAnswerChangedEvent) {
      m.dnsChanges.withTags("region", ((DnsAnswerChangedEvent) event).newRegion()).increment();
    } else if (event instanceof DnsFailureEvent) {
      m.dnsFailures.withTags("reason", tag(((DnsFailureEvent) event).reason())).increment();
    } else if (event instanceof RegionProbedEvent) {
      RegionProbedEvent e = (RegionProbedEvent) event;
      m.probes.withTags("region", e.region(), "healthy", String.valueOf(e.healthy())).increment();
    } else if (event instanceof ReadHedgedEvent) {
      ReadHedgedEvent e = (ReadHedgedEvent) event;
      m.hedges
          .withTags(
              "from", e.firstRegion(), "to", e.hedgeRegion(), "won", String.valueOf(e.hedgeWon()))
          .increment();
    }
  }

  /** Micrometer's convention for tag values: lower case, words joined by underscores. */
  private static String tag(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The meter families of one registry; each {@code withTags} finds or makes the meter. */
  private static final class Meters {
    final Meter.MeterProvider<Timer> calls;
    final Meter.MeterProvider<Counter> failovers;
    final Meter.MeterProvider<Counter> switches;
    final Meter.MeterProvider<Counter> dnsChanges;
    final Meter.MeterProvider<Counter> dnsFailures;
    final Meter.MeterProvider<Counter> probes;
    final Meter.MeterProvider<Counter> hedges;

    Meters(MeterRegistry registry) {
      calls =
          Timer.builder(CALLS)
              .description("Calls through the S3 failover client")
              .withRegistry(registry);
      failovers =
          Counter.builder(FAILOVERS)
              .description("Calls that failed in one region and went on in another")
              .withRegistry(registry);
      switches =
          Counter.builder(SWITCHES)
              .description("Moves of the client's traffic to another region")
              .withRegistry(registry);
      dnsChanges =
          Counter.builder(DNS_CHANGES)
              .description("DNS answers that named another region")
              .withRegistry(registry);
      dnsFailures =
          Counter.builder(DNS_FAILURES)
              .description("DNS lookups that gave no usable answer")
              .withRegistry(registry);
      probes =
          Counter.builder(PROBES)
              .description("Background health probes of a region, by result")
              .withRegistry(registry);
      hedges =
          Counter.builder(HEDGES)
              .description("Reads also sent to another region because the first was slow")
              .withRegistry(registry);
    }
  }

  /** What {@link S3FailoverMetrics} measures: the regions, the client, the DNS preference. */
  public static final class Builder {
    private Set<String> regionIds = Set.of();
    private Supplier<? extends FailoverS3Client> client;
    private DnsRegionPreference dns;

    private Builder() {}

    /**
     * Sets the regions that get a breaker gauge: the ids given to {@code FailoverRegion.builder}.
     *
     * @param regionIds the region ids
     * @return this builder
     */
    public Builder regions(Collection<String> regionIds) {
      this.regionIds = Set.copyOf(Objects.requireNonNull(regionIds, "regionIds"));
      return this;
    }

    /**
     * Sets the regions that get a breaker gauge: the ids given to {@code FailoverRegion.builder}.
     *
     * @param regionIds the region ids
     * @return this builder
     */
    public Builder regions(String... regionIds) {
      return regions(List.of(regionIds));
    }

    /**
     * Sets where the breaker gauges find the client; asked each time a gauge is read, and may
     * answer null while there is no client (the gauges then read NaN). Required.
     *
     * @param client the client, looked up when read
     * @return this builder
     */
    public Builder client(Supplier<? extends FailoverS3Client> client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Adds the gauge {@value #DNS_ANSWER_AGE} for this preference. Optional.
     *
     * @param dns the client's DNS preference, or null for none
     * @return this builder
     */
    public Builder dnsPreference(DnsRegionPreference dns) {
      this.dns = dns;
      return this;
    }

    /**
     * Creates the meters' source.
     *
     * @return the meters' source, to add as a listener and bind to a registry
     * @throws IllegalStateException without {@link #client}
     */
    public S3FailoverMetrics build() {
      if (client == null) {
        throw new IllegalStateException(
            "S3FailoverMetrics: client(...) is not set; the breaker gauges read the client's"
                + " status. Pass a supplier of the FailoverS3Client, for example"
                + " AtomicReference::get, set once the client is built.");
      }
      return new S3FailoverMetrics(this);
    }
  }

  @Override
  public String toString() {
    return "S3FailoverMetrics" + List.copyOf(regionIds);
  }
}
