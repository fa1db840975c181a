package io.github.s3failover.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.testkit.Operation;
import org.junit.jupiter.api.Test;

/**
 * The Transfer Manager benchmark's state works without JMH's runner, on a small object: both
 * downloads complete with the object's length, and tear-down's byte check and its check that no GET
 * reached the secondary pass.
 */
class TransferManagerBenchmarkTest {
  @Test
  void bothTransferManagersDownloadTheWholeObjectFromThePrimary() throws Exception {
    TransferManagerBenchmark benchmark = new TransferManagerBenchmark();
    benchmark.mebibytes = 12;
    benchmark.setUp();
    try {
      long before = benchmark.primary().requestCount(Operation.GET_OBJECT);
      assertThat(benchmark.downloadFailover().response().contentLength()).isEqualTo(12L << 20);
      long failoverGets = benchmark.primary().requestCount(Operation.GET_OBJECT) - before;
      assertThat(benchmark.downloadPlain().response().contentLength()).isEqualTo(12L << 20);
      long plainGets =
          benchmark.primary().requestCount(Operation.GET_OBJECT) - before - failoverGets;
      // How each Transfer Manager split the download (the ratio means little if they differ).
      System.out.printf(
          "12 MiB download: %d GETs through the failover client, %d through the plain one%n",
          failoverGets, plainGets);
      assertThat(failoverGets).isPositive();
      assertThat(plainGets).isPositive();
    } finally {
      benchmark.tearDown();
    }
  }
}
