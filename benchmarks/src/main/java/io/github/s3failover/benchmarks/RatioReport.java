package io.github.s3failover.benchmarks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link OverheadBenchmark} at each thread count, then prints, for GetObject and PutObject,
 * the throughput of the plain and the failover client and their ratio, and writes the same table as
 * JSON ({@code overhead.json} next to the benchmarks jar, i.e. in {@code benchmarks/target}).
 *
 * <p>A ratio of 1.00 means the wrapper costs nothing measurable; 0.95 means the failover client
 * does 5 % fewer calls per millisecond. Its error combines both scores' JMH errors (99.9 %
 * confidence intervals) in quadrature.
 *
 * <p>Settings, as system properties ({@code java -Dbench.forks=2 -cp benchmarks.jar ...}):
 *
 * <ul>
 *   <li>{@code bench.threads}: comma-separated thread counts, default {@code 1,16}
 *   <li>{@code bench.forks}: JVM forks per benchmark, default 1
 *   <li>{@code bench.warmupIterations} and {@code bench.warmupSeconds}: default 3 x 2 s
 *   <li>{@code bench.measurementIterations} and {@code bench.measurementSeconds}: default 5 x 2 s
 *   <li>{@code bench.out}: the JSON file to write
 * </ul>
 */
public final class RatioReport {
  private static final String FAILOVER = "Failover";
  private static final String PLAIN = "Plain";

  private RatioReport() {}

  /** One operation at one thread count: both clients' results. */
  private record Row(String operation, int threads, Result<?> plain, Result<?> failover) {
    double ratio() {
      return failover.getScore() / plain.getScore();
    }

    /** Relative errors add in quadrature for a quotient. */
    double ratioError() {
      double plainRel = plain.getScoreError() / plain.getScore();
      double failoverRel = failover.getScoreError() / failover.getScore();
      return ratio() * Math.sqrt(plainRel * plainRel + failoverRel * failoverRel);
    }
  }

  /**
   * Runs the benchmarks and prints the table.
   *
   * @param args ignored; settings are system properties
   * @throws RunnerException if JMH fails, or a benchmark fails
   * @throws IOException if the JSON file cannot be written
   */
  public static void main(String[] args) throws RunnerException, IOException {
    int[] threadCounts =
        Arrays.stream(System.getProperty("bench.threads", "1,16").split(","))
            .map(String::trim)
            .mapToInt(Integer::parseInt)
            .toArray();
    int forks = Integer.getInteger("bench.forks", 1);
    int warmupIterations = Integer.getInteger("bench.warmupIterations", 3);
    int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 2);
    int measurementIterations = Integer.getInteger("bench.measurementIterations", 5);
    int measurementSeconds = Integer.getInteger("bench.measurementSeconds", 2);
    Path out =
        Path.of(
            System.getProperty("bench.out", outputDirectory().resolve("overhead.json").toString()));
    Files.createDirectories(out.toAbsolutePath().getParent());

    List<Row> rows = new ArrayList<>();
    for (int threads : threadCounts) {
      Options options =
          new OptionsBuilder()
              .include(Pattern.quote(OverheadBenchmark.class.getName()) + "\\.")
              .threads(threads)
              .forks(forks)
              .warmupIterations(warmupIterations)
              .warmupTime(TimeValue.seconds(warmupSeconds))
              .measurementIterations(measurementIterations)
              .measurementTime(TimeValue.seconds(measurementSeconds))
              .shouldFailOnError(true)
              .resultFormat(ResultFormatType.JSON)
              .result(out.resolveSibling("jmh-overhead-t" + threads + ".json").toString())
              .build();
      rows.addAll(pair(threads, new Runner(options).run()));
    }

    String table = table(rows);
    System.out.println();
    System.out.print(table);
    String settings =
        String.format(
            Locale.ROOT,
            "forks %d, warmup %d x %d s, measurement %d x %d s, %d cores, Java %s",
            forks,
            warmupIterations,
            warmupSeconds,
            measurementIterations,
            measurementSeconds,
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"));
    System.out.println(settings);
    Files.writeString(out, json(rows, settings), StandardCharsets.UTF_8);
    System.out.println("written: " + out);
  }

  /** Matches each failover result with the plain result of the same operation. */
  private static List<Row> pair(int threads, Iterable<RunResult> results) {
    Map<String, Result<?>> plain = new TreeMap<>();
    Map<String, Result<?>> failover = new TreeMap<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      if (method.endsWith(FAILOVER)) {
        failover.put(
            method.substring(0, method.length() - FAILOVER.length()), result.getPrimaryResult());
      } else if (method.endsWith(PLAIN)) {
        plain.put(method.substring(0, method.length() - PLAIN.length()), result.getPrimaryResult());
      }
    }
    if (!plain.keySet().equals(failover.keySet()) || plain.isEmpty()) {
      throw new IllegalStateException(
          "unpaired results at "
              + threads
              + " threads: plain "
              + plain.keySet()
              + ", failover "
              + failover.keySet());
    }
    List<Row> rows = new ArrayList<>();
    plain.forEach(
        (operation, result) ->
            rows.add(new Row(operation, threads, result, failover.get(operation))));
    return rows;
  }

  private static String table(List<Row> rows) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%-10s %7s  %-18s %-18s %-15s%n",
            "benchmark",
            "threads",
            "plain ops/ms",
            "failover ops/ms",
            "failover/plain"));
    for (Row row : rows) {
      text.append(
          String.format(
              Locale.ROOT,
              "%-10s %7d  %-18s %-18s %-15s%n",
              row.operation(),
              row.threads(),
              withError(row.plain().getScore(), row.plain().getScoreError(), "%.3f"),
              withError(row.failover().getScore(), row.failover().getScoreError(), "%.3f"),
              withError(row.ratio(), row.ratioError(), "%.3f")));
    }
    return text.toString();
  }

  private static String withError(double value, double error, String format) {
    String shown = String.format(Locale.ROOT, format, value);
    return Double.isNaN(error) ? shown : shown + " ± " + String.format(Locale.ROOT, format, error);
  }

  private static String json(List<Row> rows, String settings) {
    StringBuilder json = new StringBuilder();
    json.append("{\n  \"settings\": \"").append(settings).append("\",\n  \"unit\": \"ops/ms\",\n");
    json.append("  \"results\": [\n");
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      json.append("    {\"benchmark\": \"")
          .append(row.operation())
          .append("\", \"threads\": ")
          .append(row.threads())
          .append(", \"plain\": ")
          .append(number(row.plain().getScore()))
          .append(", \"plainError\": ")
          .append(number(row.plain().getScoreError()))
          .append(", \"failover\": ")
          .append(number(row.failover().getScore()))
          .append(", \"failoverError\": ")
          .append(number(row.failover().getScoreError()))
          .append(", \"ratio\": ")
          .append(number(row.ratio()))
          .append(", \"ratioError\": ")
          .append(number(row.ratioError()))
          .append(i + 1 < rows.size() ? "},\n" : "}\n");
    }
    return json.append("  ]\n}\n").toString();
  }

  private static String number(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "null";
  }

  /**
   * The directory of the jar (or class directory) this class was loaded from: {@code
   * benchmarks/target} for the shaded jar and for {@code target/classes} alike, whatever the
   * working directory.
   */
  private static Path outputDirectory() {
    try {
      Path location =
          Path.of(RatioReport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path parent = location.toAbsolutePath().getParent();
      return parent == null ? Path.of(".") : parent;
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of(".");
    }
  }
}
