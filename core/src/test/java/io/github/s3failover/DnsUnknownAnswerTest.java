package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.event.DnsAnswerIgnoredEvent;
import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DNS may only choose among configured regions: an answer naming another one moves nothing. */
@LocalRegions(count = 3)
@Timeout(60)
class DnsUnknownAnswerTest {

  @Test
  void anAnswerNamingARegionTheClientDoesNotConfigureReceivesNoTraffic(TestRegions regions)
      throws Exception {
    byte[] content = Fixture.bytes("everywhere");
    Fixture.seed(regions, "unknown", content);
    TestRegion unconfigured = regions.tertiary();
    Fixture fixture = new Fixture();

    try (LocalDnsServer dns = LocalDnsServer.open()) {
      dns.setCname("app.example.test", Fixture.hostName(unconfigured), Duration.ofSeconds(1));
      DnsRegionPreference preference =
          DnsRegionPreference.builder("app.example.test").servers(dns.hostPort()).build();
      try (FailoverS3Client client =
          fixture
              .builder(List.of(regions.primary(), regions.secondary()), TestRegion::endpoint)
              .preference(preference)
              .build()) {
        for (int i = 0; i < 20; i++) {
          assertThat(
                  client
                      .getObjectAsBytes(b -> b.bucket(Fixture.BUCKET).key("unknown"))
                      .asByteArray())
              .isEqualTo(content);
        }
        await()
            .atMost(Duration.ofSeconds(3))
            .until(() -> fixture.events(DnsAnswerIgnoredEvent.class).size() >= 2);

        assertThat(unconfigured.region().requestCount()).isZero();
        assertThat(regions.primary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(20);
        assertThat(client.status().preferredRegion()).isEqualTo("primary");
        assertThat(fixture.events(DnsAnswerIgnoredEvent.class).get(0).answer())
            .contains(Fixture.hostName(unconfigured));
      }
    }
  }
}
