package io.github.s3failover.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.s3failover.testkit.Operation;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The async overhead benchmark's state works without JMH's runner, and its tear-down check (no
 * measured call left the primary) is not tripped by the health probes, which reach the secondary by
 * design every 2 s: the state lives past a probe before it is torn down.
 */
class AsyncOverheadBenchmarkTest {
  @Test
  void everyMeasuredCallStaysInThePrimaryWhileProbesReachTheSecondary() throws Exception {
    AsyncOverheadBenchmark benchmark = new AsyncOverheadBenchmark();
    benchmark.inFlight = 4;
    benchmark.setUp();
    try {
      benchmark.getObjectFailover();
      benchmark.getObjectPlain();
      benchmark.putObjectFailover();
      benchmark.putObjectPlain();
      // Past the first probe of each region. The first probes are spread over one interval (2 s),
      // so the secondary's may start nearly 2 s after set-up, and its HEAD reach the region later
      // still on a loaded machine: waited for, not slept past.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (benchmark.secondary().requestCount(Operation.HEAD_OBJECT) == 0
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(benchmark.secondary().requestCount(Operation.HEAD_OBJECT)).isPositive();
    } finally {
      assertThatCode(benchmark::tearDown).doesNotThrowAnyException();
    }
  }
}
