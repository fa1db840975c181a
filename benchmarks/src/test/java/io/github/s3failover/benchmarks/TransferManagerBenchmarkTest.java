package io.github.s3failover.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

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
      assertThat(benchmark.downloadFailover().response().contentLength()).isEqualTo(12L << 20);
      assertThat(benchmark.downloadPlain().response().contentLength()).isEqualTo(12L << 20);
    } finally {
      benchmark.tearDown();
    }
  }
}
