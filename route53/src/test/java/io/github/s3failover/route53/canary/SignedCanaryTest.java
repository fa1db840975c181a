package io.github.s3failover.route53.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The canary's logic against a local S3 region, and the metric it computes. CloudWatch itself is
 * not played here: the SDK's CloudWatch client speaks a binary protocol that the project's WireMock
 * fakes do not model, so the datum handed to the publisher is what is asserted.
 */
@LocalRegions(count = 1, sharedCredentials = true)
class SignedCanaryTest {

  private static S3Client client(TestRegions regions) {
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(regions.primary().endpoint())
        .forcePathStyle(true)
        .credentialsProvider(regions.primary().credentials())
        .httpClientBuilder(Apache5HttpClient.builder())
        .build();
  }

  @Test
  void aRegionThatServesASignedPutAndGetPublishesOne(TestRegions regions) {
    regions.primary().region().createBucket("canary-ok");
    List<MetricDatum> published = new ArrayList<>();
    try (S3Client s3 = client(regions)) {
      CanaryProbe probe = new CanaryProbe(s3, "canary-ok", "canary.txt", Clock.systemUTC());

      String line = SignedCanary.round(probe, "us-east-1", "canary-ok", published::add);

      assertThat(line).contains("OK").contains("CanarySuccess=1.0");
    }
    assertThat(published).hasSize(1);
    MetricDatum datum = published.get(0);
    assertThat(datum.metricName()).isEqualTo("CanarySuccess");
    assertThat(datum.value()).isEqualTo(1.0);
    assertThat(datum.storageResolution()).isEqualTo(60);
    assertThat(datum.dimensions())
        .extracting(d -> d.name() + "=" + d.value())
        .containsExactly("Region=us-east-1", "Bucket=canary-ok");
    assertThat(regions.primary().region().readObject("canary-ok", "canary.txt")).isPresent();
  }

  @Test
  void aBucketTheRoleCannotWriteToPublishesZero(TestRegions regions) {
    List<MetricDatum> published = new ArrayList<>();
    try (S3Client s3 = client(regions)) {
      CanaryProbe probe = new CanaryProbe(s3, "canary-missing", "canary.txt", Clock.systemUTC());

      String line = SignedCanary.round(probe, "us-east-1", "canary-missing", published::add);

      assertThat(line).contains("FAILED");
    }
    assertThat(published).singleElement().satisfies(d -> assertThat(d.value()).isEqualTo(0.0));
  }

  @Test
  void theDatumIsStandardResolutionAtTheRoundsTime() {
    Instant at = Instant.parse("2026-11-30T10:00:00Z");
    MetricDatum datum =
        CanaryMetric.datum(
            new CanaryProbe.Result(false, java.time.Duration.ofMillis(5), "x"),
            "eu-west-1",
            "b",
            at);

    assertThat(datum.value()).isZero();
    assertThat(datum.timestamp()).isEqualTo(at);
    assertThat(datum.storageResolution()).isEqualTo(CanaryMetric.STORAGE_RESOLUTION);
  }
}
