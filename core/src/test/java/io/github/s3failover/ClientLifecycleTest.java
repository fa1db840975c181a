package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;

/** Closing is exception-safe; settings that would hurt failover are called out at build(). */
@LocalRegions(count = 2)
@Timeout(30)
class ClientLifecycleTest {
  private final Fixture fixture = new Fixture();

  @Test
  void closeClosesEveryRegionalClientEvenWhenThePreferenceFailsToClose(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    FailoverS3Client client = fixture.builder(regions).preference(new FailingToClose()).build();
    client.headObject(b -> b.bucket(Fixture.BUCKET).key("seed"));

    assertThatThrownBy(client::close).hasMessageContaining("preference failed to close");

    for (String region : new String[] {"primary", "secondary"}) {
      assertThatThrownBy(
              () ->
                  client
                      .regionClient(region)
                      .headObject(b -> b.bucket(Fixture.physical(regions.primary())).key("seed")))
          .as("region %s's client is closed", region)
          .isInstanceOf(IllegalStateException.class);
    }
  }

  /**
   * Closing the async client while a call waits on a silent region ends that call at once, counted
   * against no region; a call made after close fails at once. (The call's future used to never
   * complete: its regional client closed under it and handed its end to event loops already gone.)
   */
  @Test
  void closingTheAsyncClientEndsACallInFlight(TestRegions regions) throws Exception {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    FailoverS3AsyncClient client =
        FailoverS3AsyncClient.builder(
                fixture
                    .builder(regions)
                    .readTimeout(Duration.ofSeconds(20))
                    .hedgedReads(HedgedReads.disabled()))
            .build();
    regions.primary().tcp().blackHole();
    CompletableFuture<?> read =
        client.getObject(
            b -> b.bucket(Fixture.BUCKET).key("seed"), AsyncResponseTransformer.toBytes());
    Fixture.awaitTrue(() -> regions.primary().tcp().bytesSwallowed() > 0, 5_000);

    client.close();

    assertThatThrownBy(() -> read.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FailoverS3AsyncClient was closed");
    assertThat(client.circuitBreaker("primary").getMetrics().getNumberOfFailedCalls())
        .as("ended by the application's close, not by the region")
        .isZero();
    assertThatThrownBy(
            () ->
                client
                    .headObject(b -> b.bucket(Fixture.BUCKET).key("seed"))
                    .get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FailoverS3AsyncClient was closed");
  }

  @Test
  void aRegistryWithResilience4jsSlowCallDefaultsIsCalledOutAtBuild(TestRegions regions) {
    // slf4j-simple looks System.err up on every line.
    PrintStream original = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    try (FailoverS3Client client =
        fixture
            .builder(regions)
            .circuitBreakerConfig(null)
            .circuitBreakerRegistry(CircuitBreakerRegistry.of(CircuitBreakerConfig.ofDefaults()))
            .build()) {
      assertThat(
              client.circuitBreaker("primary").getCircuitBreakerConfig().getSlowCallRateThreshold())
          .isEqualTo(100f);
    } finally {
      System.setErr(original);
    }
    assertThat(logs.toString(StandardCharsets.UTF_8))
        .contains("WARN")
        .contains("slow")
        .contains("s3-failover-primary")
        .contains("defaultCircuitBreakerConfig");
  }

  /** A preference that fails when closed. */
  private static final class FailingToClose implements RegionPreference {
    @Override
    public Optional<String> preferredRegion() {
      return Optional.empty();
    }

    @Override
    public void close() {
      throw new IllegalStateException("preference failed to close");
    }
  }
}
