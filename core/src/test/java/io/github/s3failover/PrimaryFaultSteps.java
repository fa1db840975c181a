package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.event.CallCompletedEvent;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The steps {@link RegionalFaultTest} and {@link AsyncRegionalFaultTest} take with their client
 * (sync or async) under a {@link PrimaryFault}: read through the fault, read straight from the
 * secondary while the breaker is open, heal and wait for the failback. Each test asserts what is
 * its own between the steps.
 */
final class PrimaryFaultSteps {
  final Fixture fixture = new Fixture();
  final TestRegion primary;
  final TestRegion secondary;
  private final TestRegions regions;
  private final PrimaryFault fault;
  private final String key;
  private final byte[] content;
  private Function<String, byte[]> read;
  private Function<String, CircuitBreaker> breakers;
  private Supplier<String> activeRegion;

  /** Seeds a 64 KiB object of {@code fill} bytes under {@code key} in every region. */
  PrimaryFaultSteps(TestRegions regions, PrimaryFault fault, String key, char fill) {
    this.regions = regions;
    this.fault = fault;
    this.key = key;
    this.primary = regions.primary();
    this.secondary = regions.secondary();
    content = new byte[64 * 1024];
    Arrays.fill(content, (byte) fill);
    Fixture.seed(regions, key, content);
  }

  /** The fixture's client settings, every region reached where the fault needs it. */
  FailoverS3ClientBuilder builder() {
    return fixture.builder(regions, fault.endpoint);
  }

  /** The client the steps use: how it reads a key, its breakers and its active region. */
  void use(
      Function<String, byte[]> read,
      Function<String, CircuitBreaker> breakers,
      Supplier<String> activeRegion) {
    this.read = read;
    this.breakers = breakers;
    this.activeRegion = activeRegion;
  }

  /** Reads the object, as the test's client does. */
  byte[] read() {
    return read.apply(key);
  }

  byte[] content() {
    return content;
  }

  /**
   * One read at the healthy primary; then the fault, ten reads that all succeed, and the primary's
   * breaker open.
   */
  void readThroughTheFault() {
    assertThat(read()).isEqualTo(content);
    assertThat(primary.region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);

    fault.inject.accept(primary);
    for (int i = 0; i < 10; i++) {
      assertThat(read()).as("read %d during the fault", i).isEqualTo(content);
    }
    assertThat(breakers.apply("primary").getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  /** While the breaker is open, calls go straight to the secondary: one attempt each. */
  void readStraightFromTheSecondary() {
    // Restart the breaker's wait, so that a slow machine cannot let it half-open (and admit a
    // probe) in the middle of the next five calls.
    breakers.apply("primary").transitionToOpenState();
    fixture.events.clear();
    long servedBefore = secondary.region().requestCount(Operation.GET_OBJECT);
    for (int i = 0; i < 5; i++) {
      assertThat(read()).isEqualTo(content);
    }
    assertThat(secondary.region().requestCount(Operation.GET_OBJECT) - servedBefore).isEqualTo(5);
    assertThat(fixture.events(CallCompletedEvent.class))
        .hasSize(5)
        .allMatch(e -> e.region().equals("secondary") && e.attempts() == 1);
  }

  /** Heals the primary and reads until the client is back at it. */
  void healAndAwaitTheFailback() {
    fault.heal.accept(primary);
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              assertThat(read()).isEqualTo(content);
              return "primary".equals(activeRegion.get());
            });
  }
}
