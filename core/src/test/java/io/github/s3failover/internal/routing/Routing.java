package io.github.s3failover.internal.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.s3failover.FailoverRegion;
import io.github.s3failover.RegionPreference;
import io.github.s3failover.WritePolicy;
import io.github.s3failover.event.FailoverEvent;
import io.github.s3failover.internal.Events;
import io.github.s3failover.internal.buckets.BucketMapper;
import io.github.s3failover.internal.health.RegionState;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Two regions' routing rules with no client and no network: a clock and a preference moved by the
 * test, breakers on that clock, events recorded. For unit tests of the decisions alone.
 */
final class Routing {
  static final Duration DWELL = Duration.ofSeconds(30);
  static final Duration OPEN_WAIT = Duration.ofSeconds(5);

  final ManualClock clock = new ManualClock();
  final List<FailoverEvent> events = new CopyOnWriteArrayList<>();
  final TestPreference preference = new TestPreference("primary");
  final RoutingCore core;

  Routing(WritePolicy writePolicy) {
    Events hub = new Events(List.of(events::add), clock);
    RegionState primary = region("primary", Region.US_EAST_1, "data-use1");
    RegionState secondary = region("secondary", Region.EU_WEST_1, "data-euw1");
    this.core = new RoutingCore(List.of(primary, secondary), preference, writePolicy, DWELL, hub);
  }

  private RegionState region(String id, Region awsRegion, String physical) {
    FailoverRegion config =
        FailoverRegion.builder(id).awsRegion(awsRegion).bucket("data", physical).build();
    CircuitBreakerConfig breakers =
        CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(4)
            .minimumNumberOfCalls(2)
            .failureRateThreshold(50)
            .waitDurationInOpenState(OPEN_WAIT)
            .permittedNumberOfCallsInHalfOpenState(1)
            .slowCallRateThreshold(100)
            .slowCallDurationThreshold(Duration.ofDays(365))
            .clock(clock)
            .build();
    return new RegionState(
        config,
        CircuitBreaker.of("s3-failover-" + id, breakers),
        new BucketMapper(config.buckets(), null, Set.of()));
  }

  RegionState primary() {
    return core.region("primary");
  }

  RegionState secondary() {
    return core.region("secondary");
  }

  <E extends FailoverEvent> List<E> events(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  static SdkClientException refused() {
    return SdkClientException.create("connect failed", new IOException("Connection refused"));
  }

  static S3Exception status(int status, String code) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .message(code)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
            .build();
  }

  /** What an attempt saw of the application's side. */
  record Facts(boolean bodyReplayable, boolean responseUntouched, boolean applicationFailed)
      implements AttemptFacts {
    static final Facts CLEAN = new Facts(true, true, false);

    @Override
    public String bodySource() {
      return bodyReplayable ? "Bytes" : "Stream";
    }

    @Override
    public long responseBytesDelivered() {
      return responseUntouched ? 0 : 100;
    }
  }

  /** A preference the test switches, and can make lose its answer. */
  static final class TestPreference implements RegionPreference {
    private volatile String region;
    private volatile boolean lost;

    TestPreference(String region) {
      this.region = region;
    }

    void switchTo(String id) {
      region = id;
    }

    void lose() {
      region = null;
      lost = true;
    }

    @Override
    public Optional<String> preferredRegion() {
      return Optional.ofNullable(region);
    }

    @Override
    public boolean answerLost() {
      return lost;
    }
  }

  /** A clock that moves only when the test says so. */
  static final class ManualClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
