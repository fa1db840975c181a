package io.github.s3failover.examples.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverS3ClientBuilder;
import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.route53.LocalFailover;
import io.github.s3failover.testkit.route53.LocalRoute53Failover;
import io.github.s3failover.testkit.route53.Route53Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.regions.Region;

/**
 * A regional outage rehearsed with {@link LocalRoute53Failover}: two regions, a local Route 53 with
 * a provisioned failover pair and its DNS server, in one annotation. The test black-holes the
 * primary; the health checkers (10 s x 0.05 = 0.5 s interval, threshold 3) move the answer; the
 * client follows.
 */
@LocalRoute53Failover
@Timeout(60)
class OutageRehearsalTest {

  @Test
  void theClientFollowsTheAnswerTheHealthCheckersMove(LocalFailover failover) {
    for (TestRegion region : failover.regions().all()) {
      region.region().putObject(failover.bucket(region), "k", bytes(region.name()));
    }
    try (FailoverS3Client s3 = client(failover).build()) {
      assertThat(read(s3)).isEqualTo("primary");

      failover.primary().tcp().blackHole();

      failover.awaitAnswer(failover.secondary(), Duration.ofSeconds(15));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> "secondary".equals(s3.status().preferredRegion()));
      assertThat(read(s3)).isEqualTo("secondary");
      String check = failover.healthCheckId(failover.primary());
      assertThat(failover.route53().events())
          .anySatisfy(
              e ->
                  assertThat(e)
                      .isEqualTo(
                          new Route53Event.HealthChanged(
                              e.at(),
                              check,
                              false,
                              0,
                              failover.route53().status(check).checkers())));
    }
  }

  @Test
  void eachTestStartsWithTheFaultsLiftedAndTheAnswerOnThePrimary(LocalFailover failover) {
    assertThat(failover.answer()).contains("primary");
    assertThat(failover.primary().tcp().mode().kind()).hasToString("PASS");
  }

  static FailoverS3ClientBuilder client(LocalFailover failover) {
    FailoverS3ClientBuilder builder =
        FailoverS3Client.builder()
            .preference(
                DnsRegionPreference.builder(LocalFailover.RECORD)
                    .servers(failover.dns().hostPort())
                    .build())
            .readTimeout(Duration.ofMillis(500));
    for (TestRegion region : failover.regions().all()) {
      builder.addRegion(
          FailoverRegion.builder(region.name())
              .awsRegion(Region.US_EAST_1)
              .endpointOverride(region.endpoint())
              .credentialsProvider(region.credentials())
              .forcePathStyle(true)
              .bucket(LocalFailover.BUCKET, failover.bucket(region))
              .hostNames(failover.host(region))
              .build());
    }
    return builder;
  }

  private static String read(FailoverS3Client s3) {
    return s3.getObjectAsBytes(b -> b.bucket(LocalFailover.BUCKET).key("k")).asUtf8String();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
