package io.github.s3failover.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.testkit.Operation;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The benchmark state works without JMH's runner: every call reaches the primary region, and no
 * write and at most the cold first read (hedged) reach the secondary.
 */
class OverheadBenchmarkTest {
  // JMH's guard against creating a Blackhole outside the runner, which is fine in a unit test.
  private static final String BLACKHOLE_PASSWORD =
      "Today's password is swordfish. I understand instantiating Blackholes directly is"
          + " dangerous.";

  @Test
  void everyBenchmarkCallIsServedByThePrimaryRegion() {
    OverheadBenchmark benchmark = new OverheadBenchmark();
    OverheadBenchmark.Writer writer = new OverheadBenchmark.Writer();
    Blackhole blackhole = new Blackhole(BLACKHOLE_PASSWORD);
    benchmark.setUp();
    try {
      writer.prepare(0);
      benchmark.getObjectFailover(blackhole);
      benchmark.getObjectPlain(blackhole);
      benchmark.putObjectFailover(writer, blackhole);
      benchmark.putObjectPlain(writer, blackhole);

      // Set-up reads once through each client, too.
      assertThat(benchmark.primary().requestCount(Operation.GET_OBJECT)).isEqualTo(4);
      assertThat(benchmark.primary().requestCount(Operation.PUT_OBJECT)).isEqualTo(2);
      assertThat(benchmark.primary().objectExists(OverheadBenchmark.PRIMARY_BUCKET, "bench/put-0"))
          .isTrue();
      // Writes never leave the primary. A read may be hedged to the secondary (hedged reads are on,
      // as a user gets them): only the first, cold one on a loaded machine can take the 1 s a
      // region without answers waits before hedging.
      assertThat(benchmark.secondary().requestCount(Operation.PUT_OBJECT)).isZero();
      assertThat(benchmark.secondary().requestCount(Operation.GET_OBJECT)).isLessThanOrEqualTo(1);
    } finally {
      benchmark.tearDown();
    }
  }
}
