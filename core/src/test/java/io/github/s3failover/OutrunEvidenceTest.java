package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.event.BreakerStateChangedEvent;
import io.github.s3failover.event.ReadHedgedEvent;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hedge that outruns the first region counts against that region only on real evidence: a healthy
 * region with short latency blips (a busy machine, cold connections) is never opened by outruns,
 * and a dark region is still left within about a second.
 */
@LocalRegions(count = 2)
@Timeout(60)
class OutrunEvidenceTest {
  private static final int READERS = 4;

  /** A read timeout no read of these tests may wait out: what opens a breaker here is outruns. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  @Test
  void aPrimaryWithShortLatencyBlipsIsNeverOpenedByOutruns(TestRegions regions) throws Exception {
    Fixture fixture = new Fixture();
    try (FailoverS3Client client = client(fixture, regions);
        Readers readers = new Readers(client, "blips")) {
      fixture.events.clear();
      readers.start();
      // Eight blips: 300 ms of latency on everything the primary sends or receives, for 100 ms,
      // then 400 ms of normal service. The secondary stays fast all along.
      for (int i = 0; i < 8; i++) {
        regions.primary().tcp().latency(Duration.ofMillis(300));
        Thread.sleep(100);
        regions.primary().tcp().pass();
        Thread.sleep(400);
      }
      readers.stop();

      assertThat(readers.failed.get()).as("failed reads").isZero();
      long outrun =
          fixture.events(ReadHedgedEvent.class).stream()
              .filter(e -> "secondary".equals(e.winner()))
              .count();
      assertThat(outrun)
          .as("reads whose hedge outran the primary (the test's premise)")
          .isPositive();
      assertThat(opened(fixture, "primary"))
          .as("the primary's breaker opened by %d outruns of %d reads", outrun, readers.reads.get())
          .isEmpty();
    }
  }

  @Test
  void aBlackHoledPrimaryIsStillLeftByOutrunsWithinAboutASecond(TestRegions regions)
      throws Exception {
    Fixture fixture = new Fixture();
    try (FailoverS3Client client = client(fixture, regions);
        Readers readers = new Readers(client, "dark")) {
      fixture.events.clear();
      regions.primary().tcp().blackHole();
      readers.start();
      Thread.sleep(3000);
      readers.stop();

      assertThat(readers.failed.get()).as("failed reads").isZero();
      assertThat(opened(fixture, "primary")).as("the primary's breaker opened").isNotEmpty();
      // The outrun floor (1 s of silence) plus the hedge delay and the secondary's own latency,
      // with room for a loaded machine; never the 10 s read timeout.
      assertThat(readers.slowestMillis.get()).as("slowest read, ms").isLessThan(2500);
    }
  }

  private static FailoverS3Client client(Fixture fixture, TestRegions regions) {
    Fixture.seed(regions, "blips", Fixture.bytes("blips"));
    Fixture.seed(regions, "dark", Fixture.bytes("dark"));
    FailoverS3Client client =
        fixture
            .builder(regions)
            .readTimeout(READ_TIMEOUT)
            .circuitBreakerConfig(
                FailoverS3ClientBuilder.defaultCircuitBreakerConfig(Clock.systemUTC()))
            .hedgedReads(HedgedReads.defaults())
            .build();
    // Warm: connections set up, and the primary's hedge delay learnt from its own answers.
    for (int i = 0; i < 64; i++) {
      String key = i % 2 == 0 ? "blips" : "dark";
      client.getObjectAsBytes(b -> b.bucket(Fixture.BUCKET).key(key));
    }
    return client;
  }

  private static List<BreakerStateChangedEvent> opened(Fixture fixture, String region) {
    return fixture.events(BreakerStateChangedEvent.class).stream()
        .filter(e -> e.region().equals(region) && e.toState() == CircuitBreaker.State.OPEN)
        .toList();
  }

  /** Application threads reading one small object in a loop. */
  private static final class Readers implements AutoCloseable {
    final AtomicLong reads = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong slowestMillis = new AtomicLong();
    private final FailoverS3Client client;
    private final String key;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService threads = Executors.newFixedThreadPool(READERS);
    private final List<Future<?>> futures = new ArrayList<>();

    Readers(FailoverS3Client client, String key) {
      this.client = client;
      this.key = key;
    }

    void start() {
      for (int i = 0; i < READERS; i++) {
        futures.add(threads.submit(this::loop));
      }
    }

    private void loop() {
      while (running.get()) {
        long start = System.nanoTime();
        try {
          client.getObjectAsBytes(b -> b.bucket(Fixture.BUCKET).key(key));
        } catch (RuntimeException e) {
          failed.incrementAndGet();
        }
        slowestMillis.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
        reads.incrementAndGet();
      }
    }

    void stop() throws Exception {
      running.set(false);
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    }

    @Override
    public void close() {
      running.set(false);
      threads.shutdownNow();
    }
  }
}
