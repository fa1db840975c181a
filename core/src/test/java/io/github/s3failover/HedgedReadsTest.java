package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.s3failover.event.ReadHedgedEvent;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;

/** Reads that their first region is slow to answer are hedged in the next region. */
@LocalRegions(count = 2)
@Timeout(60)
class HedgedReadsTest {

  @Test
  void aPrimaryAnsweringEveryRequestInThreeSecondsIsReadFromTheSecondaryWellUnderThreeSeconds(
      TestRegions regions) {
    Fixture.seed(regions, "slow", Fixture.bytes("tortoise"));
    Fixture fixture = new Fixture();
    try (FailoverS3Client client =
        fixture
            .builder(regions, r -> r.http().endpoint())
            .readTimeout(Duration.ofSeconds(10))
            .hedgedReads(HedgedReads.defaults())
            .build()) {
      client.getObjectAsBytes(b -> b.bucket("data").key("slow")); // a cold start may hedge too
      regions.primary().http().slowResponses(Duration.ofSeconds(3));
      fixture.events.clear();

      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        long start = System.nanoTime();
        byte[] read = client.getObjectAsBytes(b -> b.bucket("data").key("slow")).asByteArray();
        millis.add((System.nanoTime() - start) / 1_000_000);
        assertThat(new String(read)).isEqualTo("tortoise");
      }

      assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(1500));
      assertThat(fixture.events(ReadHedgedEvent.class))
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.winner()).isEqualTo("secondary"));
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT))
          .isGreaterThanOrEqualTo(8);
    }
  }

  @Test
  void withBothRegionsHealthyFewerThanOnePercentOfReadsAreHedged(TestRegions regions) {
    Fixture.seed(regions, "steady", Fixture.bytes("steady"));
    Fixture fixture = new Fixture();
    try (FailoverS3Client client =
        fixture.builder(regions).hedgedReads(HedgedReads.defaults()).build()) {
      int reads = 500;
      for (int i = 0; i < reads; i++) {
        client.getObjectAsBytes(b -> b.bucket("data").key("steady"));
      }
      assertThat(fixture.events(ReadHedgedEvent.class)).hasSizeLessThan(reads / 100);
    }
  }

  @Test
  void noHedgedGetObjectEverReturnsBytesOfTwoObjectVersions(TestRegions regions) throws Exception {
    int size = 256 * 1024;
    Fixture.seed(regions, "v", version(0, size));
    Fixture fixture = new Fixture();
    // Every read is hedged: the primary's bytes come late, the budget is unlimited.
    HedgedReads always =
        HedgedReads.builder()
            .minDelay(Duration.ofMillis(5))
            .maxDelay(Duration.ofMillis(5))
            .budgetPercent(100)
            .burst(1000)
            .build();
    regions.primary().tcp().latency(Duration.ofMillis(5));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    AtomicBoolean writing = new AtomicBoolean(true);
    // Breakers that never open, so that reads keep racing although the primary is outrun.
    CircuitBreakerConfig neverOpen =
        CircuitBreakerConfig.from(
                FailoverS3ClientBuilder.defaultCircuitBreakerConfig(Clock.systemUTC()))
            .slidingWindowSize(1000)
            .minimumNumberOfCalls(1000)
            .build();
    try (FailoverS3Client client =
        fixture
            .builder(regions)
            .readTimeout(Duration.ofSeconds(5))
            .circuitBreakerConfig(neverOpen)
            .hedgedReads(always)
            .build()) {
      Future<?> writer =
          pool.submit(
              () -> {
                // Each region gets the versions at its own time, as replication would.
                for (int v = 1; writing.get(); v++) {
                  for (TestRegion region : regions.all()) {
                    region.region().putObject(Fixture.physical(region), "v", version(v, size));
                  }
                }
                return null;
              });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        boolean streams = r == 0;
        readers.add(
            pool.submit(
                () -> {
                  int checked = 0;
                  for (int i = 0; i < 40; i++) {
                    byte[] bytes;
                    if (streams) {
                      try (InputStream in = client.getObject(b -> b.bucket("data").key("v"))) {
                        bytes = in.readAllBytes();
                      }
                    } else {
                      bytes = client.getObjectAsBytes(b -> b.bucket("data").key("v")).asByteArray();
                    }
                    assertOneVersion(bytes, size);
                    checked++;
                  }
                  return checked;
                }));
      }
      for (Future<Integer> reader : readers) {
        assertThat(reader.get()).isEqualTo(40);
      }
      writing.set(false);
      writer.get();
      List<ReadHedgedEvent> hedged = fixture.events(ReadHedgedEvent.class);
      assertThat(hedged).hasSizeGreaterThan(10);
      assertThat(hedged).anyMatch(ReadHedgedEvent::hedgeWon);
    } finally {
      writing.set(false);
      pool.shutdownNow();
    }
  }

  @Test
  void writesAreNeverHedged(TestRegions regions) {
    Fixture.seed(regions, "w", Fixture.bytes("w"));
    Fixture fixture = new Fixture();
    regions.primary().tcp().latency(Duration.ofMillis(300));
    try (FailoverS3Client client =
        fixture
            .builder(regions)
            .readTimeout(Duration.ofSeconds(5))
            .hedgedReads(
                HedgedReads.builder()
                    .minDelay(Duration.ofMillis(5))
                    .maxDelay(Duration.ofMillis(5))
                    .build())
            .build()) {
      client.putObject(b -> b.bucket("data").key("w"), RequestBody.fromString("slow write"));

      assertThat(fixture.events(ReadHedgedEvent.class)).isEmpty();
      assertThat(regions.secondary().region().requestCount(Operation.PUT_OBJECT)).isZero();
    }
  }

  /** A body whose every byte names its version. */
  private static byte[] version(int v, int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) ('A' + v % 26));
    return bytes;
  }

  private static void assertOneVersion(byte[] bytes, int size) {
    assertThat(bytes).hasSize(size);
    for (byte b : bytes) {
      if (b != bytes[0]) {
        throw new AssertionError("a read mixed versions " + (char) bytes[0] + " and " + (char) b);
      }
    }
  }
}
