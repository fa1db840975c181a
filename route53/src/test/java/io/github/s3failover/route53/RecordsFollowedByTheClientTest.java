package io.github.s3failover.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.regions.Region;

/**
 * End to end with the DNS side: the failover records this module would write, served the way Route
 * 53 serves a failover pair (the PRIMARY answer while its check is healthy, the SECONDARY one
 * otherwise), are read by {@code FailoverS3Client}'s DNS preference as the right regions.
 */
@LocalRegions(count = 2)
@Timeout(30)
class RecordsFollowedByTheClientTest {

  @Test
  void theClientPrefersTheRegionOfWhicheverFailoverRecordRoute53Answers(TestRegions regions) {
    FailoverSpec spec = Fixtures.spec().ttl(1).build();
    List<FailoverRecord> records = spec.records();
    FailoverRecord primary = role(records, FailoverRole.PRIMARY);
    FailoverRecord secondary = role(records, FailoverRole.SECONDARY);
    assertThat(primary.type()).isEqualTo("CNAME");
    assertThat(primary.ttl()).isEqualTo(1);

    try (LocalDnsServer dns = LocalDnsServer.open()) {
      dns.setCname(primary.name(), primary.target(), Duration.ofSeconds(primary.ttl()));
      try (FailoverS3Client client =
          FailoverS3Client.builder()
              .addRegion(region(regions.primary(), spec.primary()))
              .addRegion(region(regions.secondary(), spec.secondary()))
              .preference(
                  DnsRegionPreference.builder(spec.recordName()).servers(dns.hostPort()).build())
              .minimumDwell(Duration.ZERO)
              .build()) {
        client.headBucket(b -> b.bucket("data"));
        assertThat(client.status().preferredRegion()).isEqualTo("us-east-1");

        // The primary's health check fails: Route 53 answers with the SECONDARY record.
        dns.setCname(secondary.name(), secondary.target(), Duration.ofSeconds(secondary.ttl()));
        await()
            .atMost(Duration.ofSeconds(3))
            .until(() -> "eu-west-1".equals(client.status().preferredRegion()));
        client.headBucket(b -> b.bucket("data"));
        assertThat(client.status().activeRegion()).isEqualTo("eu-west-1");
      }
    }
  }

  private static FailoverRecord role(List<FailoverRecord> records, FailoverRole role) {
    return records.stream().filter(r -> r.failover() == role).findFirst().orElseThrow();
  }

  /** A client region named after the spec's AWS region, known by the host its record targets. */
  private static FailoverRegion region(TestRegion local, RegionSpec spec) {
    local.region().createBucket(spec.bucket());
    return FailoverRegion.builder(spec.awsRegion())
        .awsRegion(Region.of(spec.awsRegion()))
        .endpointOverride(local.endpoint())
        .credentialsProvider(local.credentials())
        .forcePathStyle(true)
        .bucket("data", spec.bucket())
        .hostNames(spec.endpoint())
        .build();
  }
}
