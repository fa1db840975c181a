package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The breakers are the operator's and resilience4j's: a forced-open region gets no traffic, even in
 * panic mode, and only calls that held a permit report results.
 */
@Timeout(30)
class OperatorAndPermitTest {

  @Test
  @LocalRegions(count = 2)
  void aForcedOpenRegionGetsNoTrafficEvenWhenEveryOtherBreakerIsOpen(TestRegions regions) {
    Fixture fixture = new Fixture();
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    try (FailoverS3Client client = fixture.builder(regions).build()) {
      client.circuitBreaker("primary").transitionToForcedOpenState();
      regions.secondary().tcp().refuse();
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(() -> client.headObject(b -> b.bucket(Fixture.BUCKET).key("seed")))
            .isInstanceOf(S3FailoverException.class);
      }
      assertThat(client.circuitBreaker("secondary").getState())
          .isEqualTo(CircuitBreaker.State.OPEN);
    }
    assertThat(regions.primary().region().requestCount(Operation.HEAD_OBJECT)).isZero();
  }

  /**
   * A panic-mode call holds no permit. If the breaker half-opens while it runs (another thread's
   * probe took the only permit), its late failure must not land in the probe window: the probe
   * alone decides.
   */
  @Test
  void aPanicCallThatHeldNoPermitRecordsNothing() {
    MutableClock clock = new MutableClock();
    CircuitBreakerConfig breakers =
        CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(2)
            .minimumNumberOfCalls(2)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofSeconds(5))
            .permittedNumberOfCallsInHalfOpenState(1)
            .clock(clock)
            .build();
    AtomicReference<Consumer<FailoverS3Client>> duringPrimaryCall = new AtomicReference<>(c -> {});
    AtomicReference<FailoverS3Client> self = new AtomicReference<>();
    S3Client primary =
        new FailingClient(
            () -> {
              duringPrimaryCall.get().accept(self.get());
            });
    S3Client secondary = new FailingClient(() -> {});
    try (FailoverS3Client client =
        FailoverS3Client.builder()
            .clock(clock)
            .circuitBreakerConfig(breakers)
            .addRegion(
                FailoverRegion.builder("primary")
                    .awsRegion(Region.US_EAST_1)
                    .client(primary)
                    .build())
            .addRegion(
                FailoverRegion.builder("secondary")
                    .awsRegion(Region.EU_WEST_1)
                    .client(secondary)
                    .build())
            .build()) {
      self.set(client);
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> client.headObject(b -> b.bucket("b").key("k")))
            .isInstanceOf(AllRegionsFailedException.class);
      }
      CircuitBreaker breaker = client.circuitBreaker("primary");
      assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
      assertThat(client.circuitBreaker("secondary").getState())
          .isEqualTo(CircuitBreaker.State.OPEN);

      // Panic: every breaker is open, the preferred region is tried anyway. While that call is
      // under way the open wait ends and another thread's probe takes the one half-open permit.
      AtomicReference<Boolean> probePermitted = new AtomicReference<>();
      duringPrimaryCall.set(
          c -> {
            duringPrimaryCall.set(x -> {});
            clock.advance(Duration.ofSeconds(6));
            probePermitted.set(breaker.tryAcquirePermission());
          });
      assertThatThrownBy(() -> client.headObject(b -> b.bucket("b").key("k")))
          .isInstanceOf(S3FailoverException.class);

      assertThat(probePermitted.get()).isTrue();
      assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
      // The probe's own success closes the breaker.
      breaker.onSuccess(1, java.util.concurrent.TimeUnit.MILLISECONDS);
      assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
  }

  /** A regional client whose every HeadObject fails as a dead region's does. */
  private static final class FailingClient implements S3Client {
    private final Runnable during;

    FailingClient(Runnable during) {
      this.during = during;
    }

    @Override
    public HeadObjectResponse headObject(HeadObjectRequest request) {
      during.run();
      throw SdkClientException.create("connect timed out", new IOException("connect timed out"));
    }

    @Override
    public String serviceName() {
      return "s3";
    }

    @Override
    public void close() {}
  }

  /** A clock a test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
