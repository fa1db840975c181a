package io.github.s3failover.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link RoutingCostBenchmark}'s GetObject calls measured in CPU time per call, all threads of the
 * JVM together, rather than in wall-clock time: on a machine shared with other work a thread waits
 * for a core for longer than a stub call takes, so JMH's scores there say more about the load than
 * about the code. CPU time still counts what a hand-off between threads costs (the other thread's
 * work and the wake-ups), and barely depends on how long threads waited. The calls are measured in
 * turns, round after round, so that each sees the same load.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.github.s3failover.benchmarks.RoutingCpuCost [calls] [rounds]
 * }</pre>
 */
public final class RoutingCpuCost {
  private RoutingCpuCost() {}

  /**
   * Runs the measurement and prints microseconds of CPU per call, mean and standard deviation.
   *
   * @param args calls per round to the stubs (default 200000; a hundredth of that to the SDK
   *     clients) and rounds (default 8)
   */
  public static void main(String[] args) {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    RoutingCostBenchmark b = new RoutingCostBenchmark();
    b.setUp();
    Blackhole bh =
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is"
                + " dangerous.");
    Map<String, Runnable> benchmarks = new LinkedHashMap<>();
    benchmarks.put("getObjectPlain", () -> b.getObjectPlain(bh));
    benchmarks.put("getObjectFailover", () -> b.getObjectFailover(bh));
    benchmarks.put("getObjectBuiltPlain", () -> b.getObjectBuiltPlain(bh));
    benchmarks.put("getObjectBuiltFailover", () -> b.getObjectBuiltFailover(bh));
    Map<String, List<Double>> micros = new LinkedHashMap<>();
    try {
      for (int round = -2; round < rounds; round++) { // two rounds of warm-up
        for (Map.Entry<String, Runnable> e : benchmarks.entrySet()) {
          // The SDK clients cost about a hundred times more per call than the stubs.
          int n = e.getKey().contains("Built") ? Math.max(1, calls / 100) : calls;
          long cpu = cpuNanos();
          for (int i = 0; i < n; i++) {
            e.getValue().run();
          }
          double perCall = (cpuNanos() - cpu) / 1000.0 / n;
          if (round >= 0) {
            micros.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(perCall);
          }
        }
      }
    } finally {
      b.tearDown();
    }
    System.out.printf("%-24s %14s%n", "benchmark", "CPU us/call");
    micros.forEach(
        (name, values) -> {
          double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
          double var =
              values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum()
                  / Math.max(1, values.size() - 1);
          System.out.printf("%-24s %8.2f ± %.2f%n", name, mean, Math.sqrt(var));
        });
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
