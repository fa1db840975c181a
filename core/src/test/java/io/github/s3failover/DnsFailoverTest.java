package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.event.DnsFailureEvent;
import io.github.s3failover.event.RegionSwitchedEvent;
import io.github.s3failover.event.SwitchReason;
import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client whose preference follows a DNS record served by a server in the JVM, as it would follow
 * a Route 53 failover record: flips, failback, TTL clamps, an unreachable DNS server.
 */
@LocalRegions(count = 2)
@Timeout(60)
class DnsFailoverTest {
  static final String NAME = "app.example.test";
  static final Duration TTL = Duration.ofSeconds(1);
  static final byte[] CONTENT = Fixture.bytes("replicated in both regions");

  /**
   * How late after the moment a switch is due (the cached answer expired, or the dwell ran out) the
   * client may make it: one refresh query and the next call. Far shorter than the awaits before the
   * checks, which only keep a broken client from hanging the test.
   */
  static final long SLACK_MILLIS = 300;

  private final LocalDnsServer dns = LocalDnsServer.open();
  private final Fixture fixture = new Fixture();

  @AfterEach
  void stopDns() {
    dns.close();
  }

  private DnsRegionPreference.Builder preference() {
    return DnsRegionPreference.builder(NAME)
        .servers(dns.hostPort())
        .queryTimeout(Duration.ofMillis(300));
  }

  private static long gets(TestRegion region) {
    return region.region().requestCount(Operation.GET_OBJECT);
  }

  @Test
  void followsAFlippedRecordWithinTheTtlWithoutAnErrorAndFailsBackAfterTtlAndDwell(
      TestRegions regions) throws Exception {
    Fixture.seed(regions, "flip", CONTENT);
    dns.setCname(NAME, Fixture.hostName(regions.primary()), TTL);

    try (FailoverS3Client client =
            fixture.builder(regions).preference(preference().build()).build();
        BackgroundReads reads = new BackgroundReads(client, "flip", CONTENT, 4)) {
      await().until(() -> gets(regions.primary()) > 20);
      Thread.sleep(Fixture.DWELL.toMillis()); // the first region has had its dwell time

      dns.setCname(NAME, Fixture.hostName(regions.secondary()), TTL);
      long flipped = System.currentTimeMillis();
      awaitSwitchTo(client, "secondary", 0, TTL.plusSeconds(5));
      RegionSwitchedEvent away = lastSwitchTo("secondary");
      assertThat(away.reason()).isEqualTo(SwitchReason.PREFERENCE_CHANGED);
      // The old answer was cached for at most one TTL: the flip is followed by then.
      assertThat(away.time().toEpochMilli() - flipped)
          .as("flip followed after (TTL %d ms)", TTL.toMillis())
          .isLessThanOrEqualTo(TTL.toMillis() + SLACK_MILLIS);
      long primaryAfterSwitch = gets(regions.primary());
      long secondaryAfterSwitch = gets(regions.secondary());
      Thread.sleep(500);
      // On the secondary now: the primary sees at most the calls that were in flight.
      assertThat(gets(regions.primary()) - primaryAfterSwitch).isLessThanOrEqualTo(4);
      assertThat(gets(regions.secondary())).isGreaterThan(secondaryAfterSwitch + 20);

      long backBefore = switchesTo("primary");
      dns.setCname(NAME, Fixture.hostName(regions.primary()), TTL);
      long flippedBack = System.currentTimeMillis();
      awaitSwitchTo(client, "primary", backBefore, TTL.plus(Fixture.DWELL).plusSeconds(5));
      RegionSwitchedEvent back = lastSwitchTo("primary");

      // Not before the dwell time on the secondary, nor later than the moment it was due: the
      // flip seen (one TTL) and the dwell over, whichever comes last.
      long awayAt = away.time().toEpochMilli();
      assertThat(back.time().toEpochMilli() - awayAt)
          .isGreaterThanOrEqualTo(Fixture.DWELL.toMillis());
      long due = Math.max(flippedBack + TTL.toMillis(), awayAt + Fixture.DWELL.toMillis());
      assertThat(back.time().toEpochMilli() - due)
          .as(
              "failback after it was due (TTL %d ms, dwell %d ms)",
              TTL.toMillis(), Fixture.DWELL.toMillis())
          .isLessThanOrEqualTo(SLACK_MILLIS);
      Thread.sleep(200);
      reads.stop();
      assertThat(reads.errors()).isEmpty();
      assertThat(reads.successes()).isGreaterThan(100);
    }
  }

  @Test
  void aStoppedDnsServerLeavesTheStaleAnswerForTheStaleTimeThenPriorityOrderUntilItIsBack(
      TestRegions regions) throws Exception {
    Fixture.seed(regions, "stale", CONTENT);
    dns.setCname(NAME, Fixture.hostName(regions.secondary()), TTL);
    Duration staleTime = Duration.ofSeconds(2);

    try (FailoverS3Client client =
            fixture
                .builder(regions)
                .preference(preference().staleTime(staleTime).maxTtl(TTL).build())
                .build();
        BackgroundReads reads = new BackgroundReads(client, "stale", CONTENT, 2)) {
      await().until(() -> "secondary".equals(client.status().activeRegion()));

      dns.stop();
      long stopped = System.currentTimeMillis();
      await()
          .atMost(TTL.plus(staleTime).plusSeconds(2))
          .until(() -> "primary".equals(client.status().preferredRegion()));
      long givenUp = System.currentTimeMillis() - stopped;
      assertThat(givenUp).isGreaterThanOrEqualTo(staleTime.toMillis());
      assertThat(fixture.events(DnsFailureEvent.class))
          .anyMatch(DnsFailureEvent::staleAnswerKept)
          .anyMatch(e -> e.reason() == DnsFailureEvent.Reason.STALE_ANSWER_EXPIRED);
      await()
          .atMost(Fixture.DWELL.plusSeconds(1))
          .until(() -> "primary".equals(client.status().activeRegion()));

      dns.start();
      await()
          .atMost(TTL.plus(Fixture.DWELL).plusSeconds(2))
          .until(() -> "secondary".equals(client.status().activeRegion()));
      reads.stop();
      assertThat(reads.errors()).isEmpty();
    }
  }

  @Test
  void inSteadyStateDnsIsAskedOncePerTtlNotOncePerRequest(TestRegions regions) throws Exception {
    Fixture.seed(regions, "steady", CONTENT);
    dns.setCname(NAME, Fixture.hostName(regions.primary()), TTL);

    try (FailoverS3Client client =
            fixture.builder(regions).preference(preference().build()).build();
        BackgroundReads reads = new BackgroundReads(client, "steady", CONTENT, 2)) {
      dns.resetCounters();
      long before = reads.successes();
      Thread.sleep(3_000);
      long requests = reads.successes() - before;
      long queries = dns.queryCount();
      reads.stop();

      assertThat(requests).isGreaterThan(100);
      assertThat(queries).isBetween(2L, 4L);
      assertThat(reads.errors()).isEmpty();
    }
  }

  @Test
  void aTtlOfZeroIsRaisedToMinTtlSoHeavyTrafficCausesNoQueryStorm(TestRegions regions)
      throws Exception {
    Fixture.seed(regions, "ttl0", CONTENT);
    dns.setCname(NAME, Fixture.hostName(regions.primary()), Duration.ZERO);

    try (FailoverS3Client client =
            fixture
                .builder(regions)
                .preference(preference().minTtl(Duration.ofMillis(500)).build())
                .build();
        BackgroundReads reads = new BackgroundReads(client, "ttl0", CONTENT, 2)) {
      dns.resetCounters();
      long before = reads.successes();
      Thread.sleep(2_000);
      long requests = reads.successes() - before;
      long queries = dns.queryCount();
      reads.stop();

      assertThat(requests).isGreaterThan(100);
      assertThat(queries).as("one query per minTtl").isBetween(3L, 5L);
      assertThat(reads.errors()).isEmpty();
    }
  }

  @Test
  void aTtlOfOneDayIsCappedAtMaxTtlSoAFlipIsStillFollowed(TestRegions regions) throws Exception {
    Fixture.seed(regions, "ttl-day", CONTENT);
    dns.setCname(NAME, Fixture.hostName(regions.primary()), Duration.ofDays(1));
    Duration maxTtl = Duration.ofSeconds(1);

    try (FailoverS3Client client =
            fixture.builder(regions).preference(preference().maxTtl(maxTtl).build()).build();
        BackgroundReads reads = new BackgroundReads(client, "ttl-day", CONTENT, 2)) {
      awaitSwitchTo(client, "primary", 0, Duration.ofSeconds(10));

      long started = lastSwitchTo("primary").time().toEpochMilli();

      dns.setCname(NAME, Fixture.hostName(regions.secondary()), Duration.ofDays(1));
      long flipped = System.currentTimeMillis();

      awaitSwitchTo(client, "secondary", 0, maxTtl.plus(Fixture.DWELL).plusSeconds(5));
      // A day-long TTL would hold the old answer for a day; capped, it holds it for maxTtl (and the
      // dwell since the first switch, if that is later).
      long due = Math.max(flipped + maxTtl.toMillis(), started + Fixture.DWELL.toMillis());
      assertThat(lastSwitchTo("secondary").time().toEpochMilli() - due)
          .as("flip followed after it was due (maxTtl %d ms)", maxTtl.toMillis())
          .isLessThanOrEqualTo(SLACK_MILLIS);
      reads.stop();
      assertThat(reads.errors()).isEmpty();
    }
  }

  /**
   * Waits until calls go to {@code region} and the switch there has been told to the listeners: the
   * router moves first and the calling thread publishes the event a moment later, so the active
   * region alone does not mean that the event is in the list yet.
   *
   * @param before the switches to {@code region} seen before the change that moves calls there
   */
  private void awaitSwitchTo(FailoverS3Client client, String region, long before, Duration atMost) {
    await()
        .atMost(atMost)
        .until(() -> region.equals(client.status().activeRegion()) && switchesTo(region) > before);
  }

  private long switchesTo(String region) {
    return fixture.events(RegionSwitchedEvent.class).stream()
        .filter(e -> e.toRegion().equals(region))
        .count();
  }

  private RegionSwitchedEvent lastSwitchTo(String region) {
    List<RegionSwitchedEvent> switches = fixture.events(RegionSwitchedEvent.class);
    for (int i = switches.size() - 1; i >= 0; i--) {
      if (switches.get(i).toRegion().equals(region)) {
        return switches.get(i);
      }
    }
    throw new AssertionError("no switch to " + region + " in " + switches);
  }
}
