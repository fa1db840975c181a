package io.github.s3failover.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The failover-time benchmark's settings, from {@code --name=value} arguments.
 *
 * @param scenarios the scenarios to run, in order
 * @param warmUp reads before the fault (longer than the dwell, so the first move is not held back)
 * @param faultWindow how long the fault lasts
 * @param recoveryWindow how long the run goes on after the fault heals
 * @param attemptTimeout the failover client's per-attempt timeout
 * @param dwell the failover client's minimum dwell time
 * @param jvmDnsTtl {@code networkaddress.cache.ttl} in seconds (JVM default: 30)
 * @param healthCheckInterval Route 53 health check interval (10 s fast, 30 s standard)
 * @param healthCheckThreshold Route 53 failure threshold (default 3)
 * @param recordTtl the failover record's TTL (Route 53 recommends 60 s or less with health checks)
 * @param localRoute53 whether Route 53's part is measured against a LocalRoute53 (its checkers at
 *     the interval and threshold above, real time) instead of modelled
 * @param out where the CSV, JSON and SVG files go
 * @param libraryDefaults whether the failover client keeps every library default (no attempt
 *     timeout, the default dwell) instead of the attempt timeout and dwell above
 * @param async whether a {@code FailoverS3AsyncClient} built from the same settings reads beside
 *     the other clients (the {@code failover-async} rows)
 */
record Settings(
    List<Scenario> scenarios,
    Duration warmUp,
    Duration faultWindow,
    Duration recoveryWindow,
    Duration attemptTimeout,
    Duration dwell,
    int jvmDnsTtl,
    Duration healthCheckInterval,
    int healthCheckThreshold,
    Duration recordTtl,
    boolean localRoute53,
    Path out,
    boolean libraryDefaults,
    boolean async) {

  /**
   * What Route 53 costs before a DNS-only client can even start to move: modelled, not waited; zero
   * when it is measured against a LocalRoute53.
   */
  Duration route53Delay() {
    return localRoute53
        ? Duration.ZERO
        : healthCheckInterval.multipliedBy(healthCheckThreshold).plus(recordTtl);
  }

  static Settings parse(String... args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    boolean defaults = Arrays.asList(args).contains("--library-defaults");
    boolean async = Arrays.asList(args).contains("--async");
    List<Scenario> scenarios = new ArrayList<>(Arrays.asList(Scenario.values()));
    long fault = quick ? 10 : 30;
    long recovery = quick ? 8 : 10;
    int jvmTtl = quick ? 5 : 30;
    long interval = 10;
    int threshold = 3;
    long recordTtl = 60;
    boolean local = false;
    Path out = Path.of("benchmarks", "target");
    for (String arg : args) {
      if (arg.equals("--quick") || arg.equals("--library-defaults") || arg.equals("--async")) {
        continue;
      }
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("unknown argument " + arg + "; see the README");
      }
      String name = arg.substring(2, eq);
      String value = arg.substring(eq + 1);
      switch (name) {
        case "only":
          scenarios = new ArrayList<>();
          for (String s : value.split(",")) {
            scenarios.add(Scenario.valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
          }
          break;
        case "fault-seconds":
          fault = Long.parseLong(value);
          break;
        case "recovery-seconds":
          recovery = Long.parseLong(value);
          break;
        case "jvm-dns-ttl":
          jvmTtl = Integer.parseInt(value);
          break;
        case "hc-interval":
          interval = Long.parseLong(value);
          break;
        case "hc-threshold":
          threshold = Integer.parseInt(value);
          break;
        case "record-ttl":
          recordTtl = Long.parseLong(value);
          break;
        case "route53":
          if (!value.equals("local") && !value.equals("modelled")) {
            throw new IllegalArgumentException("--route53=" + value + ": use local or modelled");
          }
          local = value.equals("local");
          break;
        case "out":
          out = Path.of(value);
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + arg + "; see the README");
      }
    }
    return new Settings(
        List.copyOf(scenarios),
        Duration.ofSeconds(3),
        Duration.ofSeconds(fault),
        Duration.ofSeconds(recovery),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        jvmTtl,
        Duration.ofSeconds(interval),
        threshold,
        Duration.ofSeconds(recordTtl),
        local,
        out,
        defaults,
        async);
  }
}
