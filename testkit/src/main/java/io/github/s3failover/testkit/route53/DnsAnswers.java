package io.github.s3failover.testkit.route53;

import io.github.s3failover.testkit.LocalDnsServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Chooses what Route 53's name servers answer for each name, and serves it through a {@link
 * LocalDnsServer}.
 *
 * <p>A failover pair answers as the Route 53 API Reference describes the ResourceRecordSet Failover
 * element: the PRIMARY's value while the primary is healthy, whatever the secondary's health; the
 * SECONDARY's while the primary is unhealthy and the secondary healthy; and the PRIMARY's again
 * when the secondary is unhealthy too (the "last resort" of the Developer Guide's "How Amazon Route
 * 53 averts failover problems": when every record is unhealthy, all count as healthy). A record
 * without a health check is healthy. A record whose health check was deleted counts as healthy here
 * (Route 53 says its status then "can't be predicted").
 *
 * <p>Served: CNAME, A and TXT records (one type per name, CNAME first), with the record's TTL.
 */
final class DnsAnswers {

  private record Served(String type, List<String> values, long ttl) {}

  private final LocalDnsServer dns;
  private final Clock clock;
  private final Consumer<Route53Event> events;
  private final Map<String, Served> published = new HashMap<>(); // guarded by the caller's lock

  DnsAnswers(LocalDnsServer dns, Clock clock, Consumer<Route53Event> events) {
    this.dns = dns;
    this.clock = clock;
    this.events = events;
  }

  /** The record a failover (or simple) group answers with, or null if the group is empty. */
  static LocalRecord choose(List<LocalRecord> group, Predicate<String> checkHealthy) {
    if (group.isEmpty()) {
      return null;
    }
    LocalRecord primary = find(group, "PRIMARY");
    LocalRecord secondary = find(group, "SECONDARY");
    if (primary == null && secondary == null) {
      return group.get(0);
    }
    if (primary != null && healthy(primary, checkHealthy)) {
      return primary;
    }
    if (secondary != null && healthy(secondary, checkHealthy)) {
      return secondary;
    }
    return primary != null ? primary : secondary; // last resort: all unhealthy count as healthy
  }

  /** The records of one name and type, from a zone's served records. */
  static List<LocalRecord> group(List<LocalRecord> served, String name, String type) {
    return served.stream().filter(r -> r.name().equals(name) && r.type().equals(type)).toList();
  }

  /** Brings the DNS server to the answers of the served records; emits AnswerChanged events. */
  void publish(List<Zones.Zone> zones, Predicate<String> checkHealthy) {
    Map<String, Served> wanted = new LinkedHashMap<>();
    for (Zones.Zone zone : zones) {
      for (String type : List.of("CNAME", "A", "TXT")) {
        zone.served.stream()
            .filter(r -> r.type().equals(type))
            .map(LocalRecord::name)
            .distinct()
            .filter(name -> !wanted.containsKey(name))
            .forEach(
                name -> {
                  LocalRecord chosen = choose(group(zone.served, name, type), checkHealthy);
                  if (chosen.values().isEmpty()) {
                    return;
                  }
                  long ttl = Objects.requireNonNullElse(chosen.ttl(), 0L);
                  wanted.put(name, new Served(type, chosen.values(), ttl));
                });
      }
    }
    for (Map.Entry<String, Served> e : wanted.entrySet()) {
      Served before = published.get(e.getKey());
      if (!e.getValue().equals(before)) {
        serve(e.getKey(), e.getValue());
        published.put(e.getKey(), e.getValue());
        events.accept(
            new Route53Event.AnswerChanged(
                clock.instant(),
                e.getKey(),
                e.getValue().type(),
                before == null ? List.of() : before.values(),
                e.getValue().values(),
                e.getValue().ttl()));
      }
    }
    for (String name : new ArrayList<>(published.keySet())) {
      if (!wanted.containsKey(name)) {
        Served before = published.remove(name);
        dns.remove(name);
        events.accept(
            new Route53Event.AnswerChanged(
                clock.instant(), name, before.type(), before.values(), List.of(), 0));
      }
    }
  }

  private void serve(String name, Served answer) {
    Duration ttl = Duration.ofSeconds(answer.ttl());
    switch (answer.type()) {
      case "CNAME" -> dns.setCname(name, answer.values().get(0), ttl);
      case "A" -> dns.setA(name, ttl, answer.values().toArray(String[]::new));
      default -> dns.setTxt(name, answer.values().get(0).replaceAll("^\"|\"$", ""), ttl);
    }
  }

  private static LocalRecord find(List<LocalRecord> group, String role) {
    return group.stream().filter(r -> role.equals(r.failover())).findFirst().orElse(null);
  }

  private static boolean healthy(LocalRecord record, Predicate<String> checkHealthy) {
    return record.healthCheckId() == null || checkHealthy.test(record.healthCheckId());
  }
}
