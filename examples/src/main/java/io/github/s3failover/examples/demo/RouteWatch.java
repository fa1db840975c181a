package io.github.s3failover.examples.demo;

import io.github.s3failover.route53.ApplyResult;
import io.github.s3failover.route53.FailoverRecord;
import io.github.s3failover.route53.FailoverSpec;
import io.github.s3failover.route53.Provisioner;
import io.github.s3failover.route53.Route53Clients;
import io.github.s3failover.testkit.route53.LocalRoute53;
import io.github.s3failover.testkit.route53.Route53Event;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The Route 53 side of the demo: provisions the failover record with the route53 module's {@link
 * Provisioner} against a {@link LocalRoute53}, then turns what its checkers and its DNS server do
 * into timeline lines ("checkers declared primary unhealthy", "answer changed: DNS -> secondary").
 */
final class RouteWatch {

  /** Checkers per health check: one per Route 53 checker region. */
  static final int CHECKERS = 8;

  private final Map<String, String> roleOfCheck = new HashMap<>();
  private final Map<String, String> roleOfTarget = new HashMap<>();
  private final Queue<String> lines = new ConcurrentLinkedQueue<>();
  private volatile Instant start = Instant.now();

  private RouteWatch(List<FailoverRecord> records) {
    for (FailoverRecord record : records) {
      String role = record.failover().name().toLowerCase(Locale.ROOT);
      record.healthCheckId().ifPresent(id -> roleOfCheck.put(id, role));
      roleOfTarget.put(strip(record.target()), role);
    }
  }

  /** Applies the spec through the Route 53 API and starts watching; progress goes to console. */
  static RouteWatch provision(LocalRoute53 route53, FailoverSpec spec, PrintStream console) {
    ApplyResult applied;
    try (Route53Client client =
        Route53Clients.create(
            route53.endpoint(),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIALOCAL", "local")))) {
      applied =
          Provisioner.builder()
              .spec(spec)
              .route53(client)
              .progress(line -> console.println("route53: " + line))
              .pollInterval(Duration.ofMillis(50))
              .changeTimeout(Duration.ofSeconds(30))
              .build()
              .apply();
    }
    RouteWatch watch = new RouteWatch(applied.records());
    route53.addListener(watch::on);
    return watch;
  }

  /** Times the lines from now on: second 0 of the timeline. */
  void startClock() {
    start = Instant.now();
  }

  /** " (12.3 s)": when something happened, in seconds since {@link #startClock()}. */
  String stamp(Instant when) {
    return String.format(" (%.1f s)", Duration.between(start, when).toMillis() / 1000.0);
  }

  private void on(Route53Event event) {
    String at = stamp(event.at());
    if (event instanceof Route53Event.HealthChanged h) {
      lines.add(
          "checkers declared "
              + roleOfCheck.getOrDefault(h.healthCheckId(), h.healthCheckId())
              + (h.healthy() ? " healthy" : " unhealthy")
              + at);
    } else if (event instanceof Route53Event.AnswerChanged a && !a.after().isEmpty()) {
      String target = strip(a.after().get(0));
      lines.add("answer changed: DNS -> " + roleOfTarget.getOrDefault(target, target) + at);
    }
  }

  /** The lines since the last call. */
  List<String> drain() {
    List<String> out = new ArrayList<>();
    for (String line = lines.poll(); line != null; line = lines.poll()) {
      out.add(line);
    }
    return out;
  }

  /** Whether these lines say the answer moved to a region. */
  static boolean movedTo(List<String> lines, String region) {
    return lines.stream().anyMatch(l -> l.startsWith("answer changed: DNS -> " + region + " "));
  }

  static String join(String scripted, List<String> events) {
    List<String> all = new ArrayList<>();
    if (!scripted.isEmpty()) {
      all.add(scripted);
    }
    all.addAll(events);
    return String.join("; ", all);
  }

  private static String strip(String host) {
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }
}
