package io.github.s3failover.benchmarks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link OverheadBenchmark} (1 thread) and {@link ContendedOverheadBenchmark} (16 threads),
 * then prints, for GetObject and PutObject, the throughput of the plain and the failover client and
 * their ratio, and writes the same table as JSON ({@code overhead.json} next to the benchmarks jar,
 * i.e. in {@code benchmarks/target}).
 *
 * <p>A ratio of 1.00 means the wrapper costs nothing measurable; 0.95 means the failover client
 * does 5 % fewer calls per millisecond. Its error combines both scores' JMH errors (99.9 %
 * confidence intervals) in quadrature.
 *
 * <p>Settings, as system properties ({@code java -Dbench.forks=2 -cp benchmarks.jar ...}); the
 * defaults are the annotations of {@link OverheadBenchmark} (1 thread) and {@link
 * ContendedOverheadBenchmark} (16 threads), and a property applies to both:
 *
 * <ul>
 *   <li>{@code bench.forks}: JVM forks per benchmark
 *   <li>{@code bench.warmupIterations} and {@code bench.warmupSeconds}
 *   <li>{@code bench.measurementIterations} and {@code bench.measurementSeconds}
 *   <li>{@code bench.out}: the JSON file to write; JMH's own results go next to it, in {@code
 *       jmh-overhead.json}
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
    Path out =
        Path.of(
            System.getProperty("bench.out", outputDirectory().resolve("overhead.json").toString()));
    Files.createDirectories(out.toAbsolutePath().getParent());

    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(Pattern.quote(OverheadBenchmark.class.getName()) + "\\.")
            .include(Pattern.quote(ContendedOverheadBenchmark.class.getName()) + "\\.")
            .shouldFailOnError(true)
            .resultFormat(ResultFormatType.JSON)
            .result(out.resolveSibling("jmh-overhead.json").toString());
    // Unset properties leave the benchmark classes' own annotations in charge.
    ifSet("bench.forks", options::forks);
    ifSet("bench.warmupIterations", options::warmupIterations);
    ifSet("bench.warmupSeconds", s -> options.warmupTime(TimeValue.seconds(s)));
    ifSet("bench.measurementIterations", options::measurementIterations);
    ifSet("bench.measurementSeconds", s -> options.measurementTime(TimeValue.seconds(s)));
    Collection<RunResult> results = new Runner(options.build()).run();

    List<Row> rows = pair(results);
    StringBuilder settings = new StringBuilder();
    Map<Integer, BenchmarkParams> byThreads = new TreeMap<>();
    results.forEach(r -> byThreads.putIfAbsent(r.getParams().getThreads(), r.getParams()));
    byThreads.forEach(
        (threads, params) ->
            settings.append(
                String.format(
                    Locale.ROOT,
                    "threads %d: forks %d, warmup %d x %s, measurement %d x %s; ",
                    threads,
                    params.getForks(),
                    params.getWarmup().getCount(),
                    params.getWarmup().getTime(),
                    params.getMeasurement().getCount(),
                    params.getMeasurement().getTime())));
    settings.append(
        String.format(
            Locale.ROOT,
            "%d cores, Java %s",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version")));
    System.out.println();
    System.out.print(table(rows));
    System.out.println(settings);
    Files.writeString(out, json(rows, settings.toString()), StandardCharsets.UTF_8);
    System.out.println("written: " + out);
  }

  private static void ifSet(String property, IntConsumer setter) {
    Integer value = Integer.getInteger(property);
    if (value != null) {
      setter.accept(value);
    }
  }

  /**
   * Matches each failover result with the plain result of the same operation and thread count,
   * ordered by thread count, then operation.
   */
  private static List<Row> pair(Collection<RunResult> results) {
    Map<String, Result<?>> plain = new TreeMap<>();
    Map<String, Result<?>> failover = new TreeMap<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      int threads = result.getParams().getThreads();
      if (method.endsWith(FAILOVER)) {
        failover.put(key(threads, method, FAILOVER), result.getPrimaryResult());
      } else if (method.endsWith(PLAIN)) {
        plain.put(key(threads, method, PLAIN), result.getPrimaryResult());
      }
    }
    if (plain.isEmpty() || !plain.keySet().equals(failover.keySet())) {
      throw new IllegalStateException(
          "unpaired results: plain " + plain.keySet() + ", failover " + failover.keySet());
    }
    List<Row> rows = new ArrayList<>();
    plain.forEach(
        (key, result) -> {
          int slash = key.indexOf('/');
          rows.add(
              new Row(
                  key.substring(slash + 1),
                  Integer.parseInt(key.substring(0, slash)),
                  result,
                  failover.get(key)));
        });
    return rows;
  }

  /** Sorts by thread count, then operation: {@code "00016/getObject"}. */
  private static String key(int threads, String method, String suffix) {
    return String.format(
        Locale.ROOT, "%05d/%s", threads, method.substring(0, method.length() - suffix.length()));
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
