package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.s3failover.RegionBoundException.BoundBy;
import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.event.DnsFailureEvent;
import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * When DNS has been unreachable for longer than the stale time, reads follow the priority order,
 * but PRIMARY_ONLY writes fail fast: this instance no longer knows where Route 53 sends the others.
 */
@LocalRegions(count = 2)
@Timeout(30)
class DnsLostAnswerWriteTest {
  static final String NAME = "lost.example.test";

  @Test
  void primaryOnlyWritesFailFastWhileTheDnsAnswerIsLostAndResumeWhenItIsBack(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    Fixture fixture = new Fixture();
    try (LocalDnsServer dns = LocalDnsServer.open()) {
      dns.setCname(NAME, Fixture.hostName(regions.secondary()), Duration.ofSeconds(1));
      DnsRegionPreference preference =
          DnsRegionPreference.builder(NAME)
              .servers(dns.hostPort())
              .queryTimeout(Duration.ofMillis(200))
              .maxTtl(Duration.ofSeconds(1))
              .staleTime(Duration.ofSeconds(1))
              .build();
      try (FailoverS3Client client = fixture.builder(regions).preference(preference).build()) {
        put(client, "while-known");
        assertThat(regions.secondary().region().objectExists("data-secondary", "while-known"))
            .isTrue();

        dns.stop();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    fixture.events(DnsFailureEvent.class).stream()
                        .anyMatch(e -> e.reason() == DnsFailureEvent.Reason.STALE_ANSWER_EXPIRED));
        long putsBefore =
            regions.primary().region().requestCount(Operation.PUT_OBJECT)
                + regions.secondary().region().requestCount(Operation.PUT_OBJECT);

        assertThatThrownBy(() -> put(client, "while-lost"))
            .isInstanceOfSatisfying(
                RegionBoundException.class,
                e -> {
                  assertThat(e.boundBy()).isEqualTo(BoundBy.WRITE_POLICY);
                  assertThat(e.getMessage()).contains("lost its answer", "stale time");
                });
        assertThat(
                regions.primary().region().requestCount(Operation.PUT_OBJECT)
                    + regions.secondary().region().requestCount(Operation.PUT_OBJECT))
            .isEqualTo(putsBefore);
        // Reads do not wait for DNS: they follow the priority order.
        assertThat(client.getObjectAsBytes(b -> b.bucket("data").key("seed")).asByteArray())
            .isEqualTo(Fixture.bytes("s"));

        dns.start();
        await()
            .atMost(Duration.ofSeconds(10))
            .ignoreExceptions()
            .until(
                () -> {
                  put(client, "when-back");
                  return true;
                });
        assertThat(regions.secondary().region().objectExists("data-secondary", "when-back"))
            .isTrue();
      }
    }
  }

  private static void put(FailoverS3Client client, String key) {
    client.putObject(b -> b.bucket("data").key(key), RequestBody.fromString(key));
  }
}
