package io.github.s3failover.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns the reads of a scenario into numbers, and the numbers into a table, CSV, JSON and an SVG
 * chart.
 *
 * <p>Measured, per client: the time from the fault to the end of the first read served by the
 * secondary; reads that failed from the fault to the end of the run; read latency (p50, p99, max)
 * of reads started during the fault; the time from the heal to the end of the first read served by
 * the primary again. For {@code dns-only}, Route 53's part is modelled, not waited for: health
 * check interval x failure threshold (a DNS flip alone skips it), then the record's TTL, added to
 * the measured part (JVM address cache, pooled connections, retries), which starts at the flip.
 */
final class ScenarioReport {
  private ScenarioReport() {}

  /** One client in one scenario. Times in milliseconds; NaN where it never happened. */
  record Row(
      Scenario scenario,
      String client,
      double measuredFailoverMs,
      double modelledMs,
      long reads,
      long failedReads,
      double p50Ms,
      double p99Ms,
      double maxMs,
      double failbackMs,
      double windowMs) {

    /** The time to the secondary, Route 53's modelled part included. */
    double failoverMs() {
      return measuredFailoverMs + modelledMs;
    }

    static Row of(Scenario scenario, Reads loop, double faultAt, double healAt, Settings settings) {
      List<ReadLoop.Sample> samples = loop.samples();
      double failover = Double.NaN;
      double failback = Double.NaN;
      long reads = 0;
      long failed = 0;
      List<Double> latencies = new ArrayList<>();
      for (ReadLoop.Sample s : samples) {
        if (s.endMs() >= faultAt) {
          reads++;
          failed += s.failed() ? 1 : 0;
          if ("secondary".equals(s.region()) && Double.isNaN(failover)) {
            failover = s.endMs() - faultAt;
          }
        }
        if (s.startMs() >= faultAt && s.startMs() < healAt) {
          latencies.add(s.latencyMs());
        }
        if (s.startMs() >= healAt && "primary".equals(s.region()) && Double.isNaN(failback)) {
          failback = s.endMs() - healAt;
        }
      }
      double modelled = 0;
      if (loop.name().equals("dns-only") && !settings.localRoute53()) {
        modelled =
            (scenario.isRegionFault() ? settings.route53Delay() : settings.recordTtl()).toMillis();
      }
      double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return new Row(
          scenario,
          loop.name(),
          failover,
          modelled,
          reads,
          failed,
          percentile(sorted, 0.50),
          percentile(sorted, 0.99),
          sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1],
          failback,
          healAt - faultAt);
    }
  }

  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static String table(List<Row> rows, Settings settings) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| scenario | client | to secondary (s) | failed reads | p50 / p99 / max (ms) | back to primary"
            + " (s) |\n");
    out.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
    for (Row r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d of %d | %s / %s / %s | %s |%n",
              r.scenario().slug(),
              r.client(),
              failoverCell(r),
              r.failedReads(),
              r.reads(),
              ms(r.p50Ms()),
              ms(r.p99Ms()),
              ms(r.maxMs()),
              seconds(r.failbackMs())));
    }
    out.append('\n').append(goals(rows, settings));
    return out.toString();
  }

  private static String failoverCell(Row r) {
    if (r.client().equals("plain")) {
      return "n/a (no failover)";
    }
    if (Double.isNaN(r.measuredFailoverMs())) {
      String never = "never in " + seconds(r.windowMs()) + " s";
      return r.modelledMs() > 0
          ? "> " + seconds(r.modelledMs() + r.windowMs()) + " (" + never + ")"
          : never;
    }
    if (r.modelledMs() > 0) {
      return seconds(r.failoverMs())
          + " ("
          + seconds(r.modelledMs())
          + " modelled + "
          + seconds(r.measuredFailoverMs())
          + ")";
    }
    return seconds(r.failoverMs());
  }

  /** The goals, each marked met or missed, from the rows as measured. */
  private static String goals(List<Row> rows, Settings settings) {
    StringBuilder out = new StringBuilder("Goals:\n");
    double limit = settings.attemptTimeout().toMillis() + 100;
    for (Row f : rows) {
      if (!f.client().startsWith("failover") || !f.scenario().isRegionFault()) {
        continue;
      }
      boolean fast = f.measuredFailoverMs() <= limit;
      out.append(
          String.format(
              Locale.ROOT,
              "- %s, %s: to secondary %s s (goal <= %s s): %s",
              f.scenario().slug(),
              f.client(),
              seconds(f.measuredFailoverMs()),
              seconds(limit),
              fast ? "met" : "MISSED"));
      if (f.scenario() != Scenario.BLACK_HOLE && f.scenario() != Scenario.SLOW_RESPONSES) {
        out.append(
            String.format(
                Locale.ROOT,
                "; failed reads %d (goal 0): %s",
                f.failedReads(),
                f.failedReads() == 0 ? "met" : "MISSED"));
      }
      for (Row d : rows) {
        if (d.scenario() == f.scenario() && d.client().equals("dns-only")) {
          double dnsMs =
              Double.isNaN(d.measuredFailoverMs()) ? d.modelledMs() + d.windowMs() : d.failoverMs();
          double ratio = dnsMs / f.measuredFailoverMs();
          out.append(
              String.format(
                  Locale.ROOT,
                  "; %s%.0fx faster than DNS-only (goal >= 30x): %s",
                  Double.isNaN(d.measuredFailoverMs()) ? "> " : "",
                  ratio,
                  ratio >= 30 ? "met" : "MISSED"));
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  static void write(List<Row> rows, Settings settings) throws IOException {
    StringBuilder csv =
        new StringBuilder(
            "scenario,client,to_secondary_ms,route53_modelled_ms,measured_ms,reads,failed_reads,"
                + "p50_ms,p99_ms,max_ms,back_to_primary_ms\n");
    StringBuilder json = new StringBuilder("{\n  \"settings\": ").append(settingsJson(settings));
    json.append(",\n  \"rows\": [\n");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      List<String> values =
          Arrays.asList(
              num(r.failoverMs()),
              num(r.modelledMs()),
              num(r.measuredFailoverMs()),
              Long.toString(r.reads()),
              Long.toString(r.failedReads()),
              num(r.p50Ms()),
              num(r.p99Ms()),
              num(r.maxMs()),
              num(r.failbackMs()));
      csv.append(r.scenario().slug()).append(',').append(r.client()).append(',');
      csv.append(String.join(",", values)).append('\n');
      json.append(
          String.format(
              Locale.ROOT,
              "    {\"scenario\": \"%s\", \"client\": \"%s\", \"toSecondaryMs\": %s,"
                  + " \"route53ModelledMs\": %s, \"measuredMs\": %s, \"reads\": %s,"
                  + " \"failedReads\": %s, \"p50Ms\": %s, \"p99Ms\": %s, \"maxMs\": %s,"
                  + " \"backToPrimaryMs\": %s}%s%n",
              r.scenario().slug(),
              r.client(),
              values.get(0),
              values.get(1),
              values.get(2),
              values.get(3),
              values.get(4),
              values.get(5),
              values.get(6),
              values.get(7),
              values.get(8),
              i + 1 < rows.size() ? "," : ""));
    }
    json.append("  ]\n}\n");
    Files.writeString(settings.out().resolve("failover-time.csv"), csv);
    Files.writeString(settings.out().resolve("failover-time.json"), json);
    Files.writeString(settings.out().resolve("failover-time.svg"), FailoverChart.svg(rows));
  }

  private static String settingsJson(Settings s) {
    return String.format(
        Locale.ROOT,
        "{\"faultWindowS\": %d, \"recoveryWindowS\": %d, \"attemptTimeoutMs\": %d,"
            + " \"dwellMs\": %d, \"jvmDnsCacheTtlS\": %d, \"healthCheckIntervalS\": %d,"
            + " \"healthCheckThreshold\": %d, \"recordTtlS\": %d}",
        s.faultWindow().toSeconds(),
        s.recoveryWindow().toSeconds(),
        s.attemptTimeout().toMillis(),
        s.dwell().toMillis(),
        s.jvmDnsTtl(),
        s.healthCheckInterval().toSeconds(),
        s.healthCheckThreshold(),
        s.recordTtl().toSeconds());
  }

  static String seconds(double ms) {
    return Double.isNaN(ms) ? "never" : String.format(Locale.ROOT, "%.2f", ms / 1000);
  }

  private static String ms(double ms) {
    return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.0f", ms);
  }

  private static String num(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f", value) : "";
  }
}
