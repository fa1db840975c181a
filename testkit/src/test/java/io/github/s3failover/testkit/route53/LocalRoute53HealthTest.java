package io.github.s3failover.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.testkit.FaultProxy;
import io.github.s3failover.testkit.LocalRegion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Health checkers that really probe two local regions through fault proxies, and the failover
 * answer they decide, read over UDP from the DNS server. Time factor 0.02: Route 53's 10 s interval
 * is 0.2 s here, its 2 s response timeout 40 ms.
 */
class LocalRoute53HealthTest {

  private static final double FACTOR = 0.02;
  private static final String NAME = "app.example.com";
  private static final String HEALTH = "health.txt";

  private LocalRegion primary;
  private LocalRegion secondary;
  private FaultProxy primaryProxy;
  private FaultProxy secondaryProxy;
  private LocalRoute53 route53;
  private String zoneId;

  @BeforeEach
  void start() {
    primary = region("primary");
    secondary = region("secondary");
    primaryProxy = FaultProxy.start(primary.endpoint());
    secondaryProxy = FaultProxy.start(secondary.endpoint());
    route53 =
        LocalRoute53.builder().timeFactor(FACTOR).checkers(4).changeDelay(Duration.ZERO).start();
    zoneId = route53.addZone("example.com");
  }

  private static LocalRegion region(String name) {
    LocalRegion region = LocalRegion.start(name);
    region.createBucket(name);
    region.putObject(name, HEALTH, "ok".getBytes(StandardCharsets.UTF_8));
    region.makePublic(name, HEALTH);
    return region;
  }

  @AfterEach
  void stop() {
    route53.close();
    primaryProxy.close();
    secondaryProxy.close();
    primary.close();
    secondary.close();
  }

  private String check(String bucket, FaultProxy proxy) {
    return route53.createHealthCheck(
        LocalHealthCheck.http(bucket + ".s3.test", proxy.port(), "/" + bucket + "/" + HEALTH)
            .every(10, 3));
  }

  private String[] provisionPair() {
    String p = check("primary", primaryProxy);
    String s = check("secondary", secondaryProxy);
    route53.upsert(
        zoneId,
        LocalRecord.failoverCname(NAME, "PRIMARY", "primary.s3.test", 7, p),
        LocalRecord.failoverCname(NAME, "SECONDARY", "secondary.s3.test", 7, s));
    return new String[] {p, s};
  }

  /** The CNAME answered over UDP. */
  private CNAMERecord resolve() throws Exception {
    SimpleResolver resolver = new SimpleResolver("127.0.0.1");
    resolver.setPort(route53.dns().port());
    resolver.setTimeout(Duration.ofSeconds(2));
    Message answer =
        resolver.send(
            Message.newQuery(Record.newRecord(Name.fromString(NAME + "."), Type.CNAME, 1)));
    List<Record> records = answer.getSection(Section.ANSWER);
    assertThat(records).hasSize(1);
    return (CNAMERecord) records.get(0);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private String answer() {
    return route53.answer(NAME, "CNAME").map(v -> v.get(0)).orElse("none");
  }

  /**
   * Waits until {@link LocalRoute53#answer} names {@code target} and the DNS server serves it.
   * answer() follows the checkers' verdict at once; the checker thread then records HealthChanged,
   * gives the DNS server the record and records AnswerChanged, a moment later.
   */
  private void awaitServed(String what, String target, long servedBefore)
      throws InterruptedException {
    await(what, () -> answer().equals(target) && served(target) > servedBefore);
  }

  /** The AnswerChanged events to {@code target}: each one is on the DNS server when recorded. */
  private long served(String target) {
    return route53.events().stream()
        .filter(e -> e instanceof Route53Event.AnswerChanged a && a.after().equals(List.of(target)))
        .count();
  }

  @Test
  void checkersThatSeeThePrimaryGoDarkFlipTheAnswerToTheSecondaryAndBack() throws Exception {
    String[] ids = provisionPair();
    await("probes of the primary", () -> route53.status(ids[0]).observations().size() == 4);

    assertThat(resolve().getTarget().toString()).isEqualTo("primary.s3.test.");
    assertThat(resolve().getTTL()).isEqualTo(7);
    assertThat(route53.status(ids[0]).healthy()).isTrue();
    assertThat(route53.status(ids[0]).observations())
        .anySatisfy(o -> assertThat(o.status()).isEqualTo("Success: HTTP Status Code 200, OK"));

    primaryProxy.blackHole();
    awaitServed("failover", "secondary.s3.test", 0);

    assertThat(resolve().getTarget().toString()).isEqualTo("secondary.s3.test.");
    HealthCheckStatus down = route53.status(ids[0]);
    assertThat(down.healthy()).isFalse();
    assertThat(down.healthyCheckers()).isZero();
    assertThat(down.observations())
        .allSatisfy(o -> assertThat(o.status()).startsWith("Failure: Response timed out"));
    List<Route53Event> events = route53.events();
    int declared = indexOf(events, e -> e instanceof Route53Event.HealthChanged h && !h.healthy());
    int flipped =
        indexOf(
            events,
            e ->
                e instanceof Route53Event.AnswerChanged a
                    && a.after().equals(List.of("secondary.s3.test")));
    assertThat(declared).isNotNegative().isLessThan(flipped);

    long servedBefore = served("primary.s3.test");
    primaryProxy.pass();
    awaitServed("failback", "primary.s3.test", servedBefore);
    assertThat(resolve().getTarget().toString()).isEqualTo("primary.s3.test.");
  }

  @Test
  void whenBothRegionsAreUnhealthyTheAnswerIsThePrimary() throws Exception {
    String[] ids = provisionPair();
    primaryProxy.refuse();
    awaitServed("failover", "secondary.s3.test", 0);

    long servedBefore = served("primary.s3.test");
    secondaryProxy.refuse();
    await("secondary unhealthy", () -> !route53.status(ids[1]).healthy());

    assertThat(route53.status(ids[0]).healthy()).isFalse();
    // The answer follows the statuses a moment later (the served zone is rewritten after them).
    awaitServed("both unhealthy: the primary answers", "primary.s3.test", servedBefore);
    assertThat(resolve().getTarget().toString()).isEqualTo("primary.s3.test.");
  }

  @Test
  void aPrivateHealthObjectIsUnhealthyBecauseCheckersGetForbidden() throws Exception {
    primary.putObject("primary", "private.txt", new byte[] {1});
    String id =
        route53.createHealthCheck(
            LocalHealthCheck.http("primary.s3.test", primaryProxy.port(), "/primary/private.txt")
                .every(10, 1));

    await("unhealthy", () -> !route53.status(id).healthy());

    assertThat(route53.status(id).observations())
        .anySatisfy(o -> assertThat(o.status()).startsWith("Failure: HTTP Status Code 403"))
        .noneSatisfy(o -> assertThat(o.success()).isTrue());
  }

  @Test
  void aNewCheckIsHealthyUntilItsCheckersHaveSeenEnough() {
    primaryProxy.refuse();
    // Route 53's own timing here: the first probes are seconds away.
    try (LocalRoute53 slow = LocalRoute53.start()) {
      String id =
          slow.createHealthCheck(LocalHealthCheck.tcp("primary.s3.test", primaryProxy.port()));

      HealthCheckStatus status = slow.status(id);
      assertThat(status.healthy()).isTrue();
      assertThat(status.checkers()).isEqualTo(8);
      assertThat(status.healthyCheckers()).isEqualTo(8);
    }
  }

  @Test
  void aTcpCheckFailsWhenConnectionsAreRefused() throws Exception {
    String id =
        route53.createHealthCheck(
            LocalHealthCheck.tcp("primary.s3.test", primaryProxy.port()).every(10, 2));
    await("probes", () -> route53.status(id).observations().size() == 4);
    assertThat(route53.status(id).healthy()).isTrue();

    primaryProxy.refuse();
    await("unhealthy", () -> !route53.status(id).healthy());

    assertThat(route53.status(id).observations())
        .allSatisfy(o -> assertThat(o.status()).startsWith("Failure: Connection refused"));
  }

  @Test
  void theCheckIsHealthyOnlyWhenMoreThan18PercentOfCheckersAre() {
    assertThat(Checkers.healthyByShare(2, 8)).isTrue(); // 25 %
    assertThat(Checkers.healthyByShare(1, 8)).isFalse(); // 12.5 %
    assertThat(Checkers.healthyByShare(1, 5)).isTrue(); // 20 %
    assertThat(Checkers.healthyByShare(1, 6)).isFalse(); // 16.7 %
    assertThat(Checkers.healthyByShare(0, 1)).isFalse();
  }

  private static int indexOf(
      List<Route53Event> events, java.util.function.Predicate<Route53Event> p) {
    for (int i = 0; i < events.size(); i++) {
      if (p.test(events.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
