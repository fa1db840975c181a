package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.event.DnsAnswerChangedEvent;
import io.github.s3failover.event.DnsFailureEvent;
import io.github.s3failover.event.RegionSwitchedEvent;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Type;

/**
 * Interop with a real DNS server: BIND 9 serves the failover record, an RFC 2136 update signed with
 * TSIG flips it as Route 53 would flip its answer, and the client follows.
 */
@LocalRegions(count = 2)
@Timeout(60)
class DnsBind9InteropTest {
  static final String NAME = "app.failover.test";
  static final Duration TTL = Duration.ofSeconds(1);

  @Test
  void aCnameFlippedByDynamicUpdateIsFollowedWithinTheTtlAndFlippedBack(TestRegions regions)
      throws Exception {
    byte[] content = Fixture.bytes("served from BIND's choice");
    Fixture.seed(regions, "bind", content);
    Fixture fixture = new Fixture();

    try (Bind9 bind = Bind9.start("app 1 IN CNAME " + Fixture.hostName(regions.primary()) + ".");
        FailoverS3Client client =
            fixture
                .builder(regions)
                .preference(DnsRegionPreference.builder(NAME).servers(bind.hostPort()).build())
                .build();
        BackgroundReads reads = new BackgroundReads(client, "bind", content, 3)) {
      assertThat(client.status().preferredRegion()).isEqualTo("primary");
      assertThat(fixture.events(DnsAnswerChangedEvent.class))
          .singleElement()
          .satisfies(e -> assertThat(e.ttl()).isEqualTo(TTL));
      Thread.sleep(Fixture.DWELL.toMillis());

      bind.replace("app", Type.CNAME, TTL, Fixture.hostName(regions.secondary()) + ".");
      long flipped = System.nanoTime();
      await()
          .atMost(TTL.plusSeconds(1))
          .until(() -> "secondary".equals(client.status().activeRegion()));
      assertThat(Duration.ofNanos(System.nanoTime() - flipped)).isLessThan(TTL.plusSeconds(1));

      bind.replace("app", Type.CNAME, TTL, Fixture.hostName(regions.primary()) + ".");
      await()
          .atMost(TTL.plus(Fixture.DWELL).plusSeconds(1))
          .until(() -> "primary".equals(client.status().activeRegion()));
      reads.stop();

      assertThat(reads.errors()).isEmpty();
      assertThat(fixture.events(RegionSwitchedEvent.class))
          .extracting(RegionSwitchedEvent::toRegion)
          .containsSubsequence("primary", "secondary", "primary");
    }
  }

  @Test
  void theTxtFormIsFollowedWhenItsRegionIdChanges(TestRegions regions) throws Exception {
    Fixture fixture = new Fixture();
    try (Bind9 bind = Bind9.start("app 1 IN TXT \"region=secondary\"");
        FailoverS3Client client =
            fixture
                .builder(regions)
                .preference(
                    DnsRegionPreference.builder(NAME)
                        .servers(bind.hostPort())
                        .queryType("TXT")
                        .build())
                .build()) {
      assertThat(client.status().preferredRegion()).isEqualTo("secondary");

      bind.replace("app", Type.TXT, TTL, "\"region=primary\"");

      await()
          .atMost(TTL.plusSeconds(1))
          .until(() -> "primary".equals(client.status().preferredRegion()));
    }
  }

  /**
   * The validator can vouch only for records in signed zones, so the record itself is asked for
   * (CNAME): an A query would follow the CNAME into the target's zone, unsigned here as S3's is.
   */
  @Test
  void aDnssecSignedAnswerIsValidatedAgainstTheZonesKeyAndAWrongAnchorIsRejected(
      TestRegions regions) throws Exception {
    try (Bind9 bind =
        Bind9.start(true, "app 1 IN CNAME " + Fixture.hostName(regions.secondary()) + ".")) {
      Fixture valid = new Fixture();
      try (FailoverS3Client client =
          valid
              .builder(regions)
              .preference(
                  DnsRegionPreference.builder(NAME)
                      .servers(bind.hostPort())
                      .queryType("CNAME")
                      .dnssecTrustAnchors(bind.dnskeys())
                      .build())
              .build()) {
        assertThat(client.status().preferredRegion()).isEqualTo("secondary");
        assertThat(valid.events(DnsFailureEvent.class)).isEmpty();
      }

      // A key the zone is not signed with: every answer is bogus, so DNS chooses nothing.
      String wrongAnchor =
          "failover.test. 3600 IN DS 12345 13 2"
              + " 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";
      Fixture bogus = new Fixture();
      try (FailoverS3Client client =
          bogus
              .builder(regions)
              .preference(
                  DnsRegionPreference.builder(NAME)
                      .servers(bind.hostPort())
                      .queryType("CNAME")
                      .dnssecTrustAnchors(wrongAnchor)
                      .build())
              .build()) {
        assertThat(client.status().preferredRegion()).isEqualTo("primary");
        assertThat(bogus.events(DnsFailureEvent.class))
            .first()
            .extracting(DnsFailureEvent::reason)
            .isEqualTo(DnsFailureEvent.Reason.DNSSEC_INVALID);
      }
    }
  }
}
