package io.github.s3failover.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One short scenario of the failover-time benchmark runs end to end: the failover clients (sync and
 * async) reach the secondary, and the table, CSV, JSON and SVG come out.
 */
class FailoverTimeBenchmarkTest {

  @Test
  @Timeout(30)
  void aShortRefusedScenarioFailsOverAndWritesEveryFile(@TempDir Path out) throws Exception {
    Settings settings =
        Settings.parse(
            "--only=connection-refused",
            "--async",
            "--fault-seconds=3",
            "--recovery-seconds=2",
            "--jvm-dns-ttl=1",
            "--out=" + out);
    // The surefire JVM starts with -Djdk.net.hosts.file (see the pom): it has resolved names
    // before this test, so setting the property here would come too late.
    JvmHostsFile hosts = JvmHostsFile.install(out.resolve("hosts"), settings.jvmDnsTtl());
    hosts.set("probe.bench.test", FailoverTimeBenchmark.PRIMARY_ADDRESS);
    hosts.verify("probe.bench.test", FailoverTimeBenchmark.PRIMARY_ADDRESS);

    List<ScenarioReport.Row> rows = FailoverTimeBenchmark.run(settings, hosts);
    ScenarioReport.write(rows, settings);

    assertThat(rows)
        .extracting(ScenarioReport.Row::client)
        .containsExactly("failover", FailoverTimeBenchmark.ASYNC, "plain", "dns-only");
    // Bounds well inside the 3 s fault window, so that a client that never left the primary
    // during the window cannot pass: a refused primary is left at the first call (the breaker
    // then keeps calls away), and a DNS-only client follows within its 1 s JVM cache (the entry
    // may have expired before the flip: measured 174 ms).
    for (ScenarioReport.Row failover : rows.subList(0, 2)) {
      assertThat(failover.measuredFailoverMs()).as(failover.client()).isLessThan(500);
      assertThat(failover.failedReads()).as(failover.client()).isZero();
      assertThat(failover.reads()).as(failover.client()).isGreaterThan(10);
    }
    assertThat(rows.get(2).failedReads()).as("the plain client fails").isPositive();
    assertThat(rows.get(2).measuredFailoverMs()).as("the plain client never moves").isNaN();
    assertThat(rows.get(3).measuredFailoverMs()).as("dns-only, 1 s JVM cache").isLessThan(1_500);
    assertThat(ScenarioReport.table(rows, settings)).contains("connection-refused");
    assertThat(Files.readString(out.resolve("failover-time.svg"))).startsWith("<svg");
    assertThat(Files.readString(out.resolve("failover-time.json")))
        .contains("\"failover\"")
        .contains("\"failover-async\"");
    assertThat(Files.readString(out.resolve("failover-time.csv"))).contains("dns-only");
  }
}
