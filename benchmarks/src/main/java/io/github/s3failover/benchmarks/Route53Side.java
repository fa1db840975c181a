package io.github.s3failover.benchmarks;

import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import io.github.s3failover.testkit.route53.LocalHealthCheck;
import io.github.s3failover.testkit.route53.LocalRecord;
import io.github.s3failover.testkit.route53.LocalRoute53;
import io.github.s3failover.testkit.route53.Route53Event;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Route 53's part of the DNS-only baseline, measured rather than modelled: a {@link LocalRoute53}
 * at real time (time factor 1) whose checkers probe each region's public health object through the
 * same endpoint the scenario's fault hits, a failover pair for the DNS-only client's name with the
 * spec's TTL, and a caching resolver standing in for the application's recursive resolver: it asks
 * the local DNS server, keeps the answer for its TTL, then asks again, and writes the answer's
 * address into the JVM's hosts file (whose own cache, {@code networkaddress.cache.ttl}, then
 * applies as it does to any application).
 */
final class Route53Side implements AutoCloseable {

  static final String ZONE = "bench.test";
  static final String HEALTH_KEY = "s3-failover-health.txt";

  private final LocalRoute53 route53;
  private final String name;
  private final JvmHostsFile hosts;
  private final Thread resolver;
  private final String primaryHost;
  private volatile long movedNanos;
  private volatile boolean running = true;

  private Route53Side(LocalRoute53 route53, String name, JvmHostsFile hosts, String primaryHost) {
    this.route53 = route53;
    this.name = name;
    this.hosts = hosts;
    this.primaryHost = primaryHost;
    this.resolver = new Thread(this::resolve, "benchmark-caching-resolver");
    resolver.setDaemon(true);
    resolver.start();
  }

  static Route53Side provision(
      Settings settings, Scenario scenario, TestRegions regions, String name, JvmHostsFile hosts) {
    LocalRoute53 route53 = LocalRoute53.builder().changeDelay(Duration.ZERO).start();
    String zone = route53.addZone(ZONE);
    String[] checks = new String[2];
    for (int i = 0; i < 2; i++) {
      TestRegion region = regions.get(i);
      region
          .region()
          .putObject(
              FailoverTimeBenchmark.DNS_ONLY_BUCKET,
              HEALTH_KEY,
              "ok".getBytes(StandardCharsets.UTF_8));
      region.region().makePublic(FailoverTimeBenchmark.DNS_ONLY_BUCKET, HEALTH_KEY);
      URI endpoint = scenario.endpoint.apply(region);
      checks[i] =
          route53.createHealthCheck(
              LocalHealthCheck.http(
                      FailoverTimeBenchmark.hostName(region),
                      endpoint.getPort(),
                      "/" + FailoverTimeBenchmark.DNS_ONLY_BUCKET + "/" + HEALTH_KEY)
                  .every(
                      (int) settings.healthCheckInterval().toSeconds(),
                      settings.healthCheckThreshold()));
    }
    long ttl = settings.recordTtl().toSeconds();
    route53.upsert(
        zone,
        LocalRecord.failoverCname(
            name, "PRIMARY", FailoverTimeBenchmark.hostName(regions.primary()), ttl, checks[0]),
        LocalRecord.failoverCname(
            name,
            "SECONDARY",
            FailoverTimeBenchmark.hostName(regions.secondary()),
            ttl,
            checks[1]));
    return new Route53Side(
        route53, name, hosts, FailoverTimeBenchmark.hostName(regions.primary()) + ".");
  }

  /** Asks, keeps the answer for its TTL, asks again; moves the hosts file when it changes. */
  private void resolve() {
    String current = primaryHost;
    while (running) {
      long sleep = 1000;
      try {
        SimpleResolver dns = new SimpleResolver("127.0.0.1");
        dns.setPort(route53.dns().port());
        Message answer =
            dns.send(
                Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.CNAME, 1)));
        List<Record> records = answer.getSection(Section.ANSWER);
        if (!records.isEmpty() && records.get(0) instanceof CNAMERecord cname) {
          String target = cname.getTarget().toString();
          if (!target.equals(current)) {
            current = target;
            boolean primary = target.equals(primaryHost);
            hosts.set(
                name,
                primary
                    ? FailoverTimeBenchmark.PRIMARY_ADDRESS
                    : FailoverTimeBenchmark.SECONDARY_ADDRESS);
            movedNanos = System.nanoTime();
          }
          sleep = Math.max(1, cname.getTTL()) * 1000;
        }
      } catch (Exception e) {
        // No answer this time: ask again in a second, as a resolver retries.
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** When the checkers turned the primary unhealthy and the resolver moved, after the fault. */
  String summary(long faultNanos, long faultEpochMillis) {
    String declared =
        route53.events().stream()
            .filter(e -> e instanceof Route53Event.HealthChanged h && !h.healthy())
            .findFirst()
            .map(e -> seconds(e.at().toEpochMilli() - faultEpochMillis))
            .orElse("never");
    long moved = movedNanos;
    String resolverMoved = moved > faultNanos ? seconds((moved - faultNanos) / 1_000_000) : "never";
    return "checkers declared the primary unhealthy after "
        + declared
        + ", the caching resolver's answer moved after "
        + resolverMoved;
  }

  private static String seconds(long millis) {
    return String.format("%.1f s", millis / 1000.0);
  }

  @Override
  public void close() {
    running = false;
    resolver.interrupt();
    route53.close();
  }
}
