package io.github.s3failover.testkit.route53;

import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A provisioned failover pair on this machine: two regions (primary and secondary, one key pair)
 * behind TCP fault proxies, a {@link LocalRoute53} whose HTTP health checks GET a public health
 * object in each region through its proxy, and a PRIMARY/SECONDARY pair of CNAME records served by
 * its DNS server. Black-hole the primary's proxy and the checkers, not the test, flip the answer.
 * Injected by {@link LocalFailoverExtension}; {@link #start(LocalRoute53Failover)} for use without
 * JUnit.
 *
 * <p>Each region holds bucket {@code data-REGION} ({@link #bucket(TestRegion)}), known to clients
 * by the host {@code data-REGION.s3.REGION.failover.test} ({@link #host(TestRegion)}), which is
 * what the record {@link #RECORD} answers.
 */
public final class LocalFailover implements AutoCloseable {

  /** The hosted zone. */
  public static final String ZONE = "failover.test";

  /** The failover record's name. */
  public static final String RECORD = "s3." + ZONE;

  /** The logical bucket name; each region's physical bucket is {@code data-REGION}. */
  public static final String BUCKET = "data";

  /** The public object the health checks GET, in each region's bucket. */
  public static final String HEALTH_KEY = "s3-failover-health.txt";

  private final TestRegions regions;
  private final LocalRoute53 route53;
  private final String zoneId;
  private final List<String> checkIds;

  private LocalFailover(TestRegions regions, LocalRoute53 route53, LocalRoute53Failover settings) {
    this.regions = regions;
    this.route53 = route53;
    this.zoneId = route53.addZone(ZONE);
    this.checkIds =
        regions.all().stream()
            .map(
                region -> {
                  region.region().createBucket(bucket(region));
                  region
                      .region()
                      .putObject(bucket(region), HEALTH_KEY, "ok".getBytes(StandardCharsets.UTF_8));
                  region.region().makePublic(bucket(region), HEALTH_KEY);
                  return route53.createHealthCheck(
                      LocalHealthCheck.http(
                              host(region),
                              region.tcp().port(),
                              "/" + bucket(region) + "/" + HEALTH_KEY)
                          .every(settings.requestInterval(), settings.failureThreshold()));
                })
            .toList();
    route53.upsert(
        zoneId,
        LocalRecord.failoverCname(
            RECORD, "PRIMARY", host(primary()), settings.ttl(), checkIds.get(0)),
        LocalRecord.failoverCname(
            RECORD, "SECONDARY", host(secondary()), settings.ttl(), checkIds.get(1)));
  }

  /**
   * Starts regions, the local Route 53 and the pair, as the annotation says.
   *
   * @param settings the settings, e.g. from a test class's annotation
   * @return the running pair
   */
  public static LocalFailover start(LocalRoute53Failover settings) {
    TestRegions regions = TestRegions.start(2, true);
    LocalRoute53 route53 = null;
    try {
      route53 =
          LocalRoute53.builder()
              .timeFactor(settings.timeFactor())
              .checkers(settings.checkers())
              .changeDelay(Duration.ZERO)
              .start();
      return new LocalFailover(regions, route53, settings);
    } catch (RuntimeException e) {
      if (route53 != null) {
        route53.close();
      }
      regions.close();
      throw e;
    }
  }

  /**
   * Both regions.
   *
   * @return the regions
   */
  public TestRegions regions() {
    return regions;
  }

  /**
   * The region the PRIMARY record points at.
   *
   * @return the primary
   */
  public TestRegion primary() {
    return regions.primary();
  }

  /**
   * The region the SECONDARY record points at.
   *
   * @return the secondary
   */
  public TestRegion secondary() {
    return regions.secondary();
  }

  /**
   * The local Route 53.
   *
   * @return the server, e.g. for its events or its API endpoint
   */
  public LocalRoute53 route53() {
    return route53;
  }

  /**
   * The DNS server answering {@link #RECORD}.
   *
   * @return the server; give a resolver its {@code hostPort()}
   */
  public LocalDnsServer dns() {
    return route53.dns();
  }

  /**
   * The hosted zone's id.
   *
   * @return the id
   */
  public String zoneId() {
    return zoneId;
  }

  /**
   * A region's physical bucket.
   *
   * @param region a region of this pair
   * @return {@code data-REGION}
   */
  public String bucket(TestRegion region) {
    return BUCKET + "-" + region.name();
  }

  /**
   * The host a region is known by: its record's CNAME target.
   *
   * @param region a region of this pair
   * @return {@code data-REGION.s3.REGION.failover.test}
   */
  public String host(TestRegion region) {
    return bucket(region) + ".s3." + region.name() + "." + ZONE;
  }

  /**
   * A region's health check id.
   *
   * @param region a region of this pair
   * @return the id
   */
  public String healthCheckId(TestRegion region) {
    return checkIds.get(regions.all().indexOf(region));
  }

  /**
   * The region whose host DNS answers now.
   *
   * @return the region's name, or empty if the record answers nothing of ours
   */
  public Optional<String> answer() {
    Optional<List<String>> values = route53.answer(RECORD, "CNAME");
    return regions.all().stream()
        .filter(r -> values.isPresent() && values.get().contains(host(r)))
        .map(TestRegion::name)
        .findFirst();
  }

  /**
   * Waits until DNS answers a region.
   *
   * @param region the region
   * @param timeout how long to wait at most
   * @throws IllegalStateException if it does not within the timeout
   */
  public void awaitAnswer(TestRegion region, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!answer().equals(Optional.of(region.name()))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "DNS answers " + answer() + ", not " + region.name() + ", after " + timeout);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /**
   * Lifts every fault and waits until both checks are healthy again and DNS answers the primary.
   */
  public void reset() {
    regions.reset();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!checkIds.stream().allMatch(id -> route53.status(id).healthy())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("health checks still unhealthy after a reset");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    awaitAnswer(primary(), Duration.ofSeconds(5));
  }

  /** Stops the local Route 53 and the regions. */
  @Override
  public void close() {
    try {
      route53.close();
    } finally {
      regions.close();
    }
  }
}
