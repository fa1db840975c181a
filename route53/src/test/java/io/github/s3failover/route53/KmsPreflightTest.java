package io.github.s3failover.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.github.s3failover.route53.PreflightFixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.s3failover.route53.Finding.Severity;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegions;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bucket whose default encryption is SSE-KMS: S3 serves KMS objects only to signed requests, so
 * an anonymously probed health object must be SSE-S3. s3proxy has no KMS: WireMock in front of it
 * answers GetBucketEncryption and the health object's HEAD as S3 does for such a bucket.
 */
@LocalRegions(count = 2, sharedCredentials = true)
class KmsPreflightTest {

  private static final String KMS_DEFAULT =
      "<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>"
          + "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
          + "<KMSMasterKeyID>arn:aws:kms:us-east-1:123456789012:key/k</KMSMasterKeyID>"
          + "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled>"
          + "</Rule></ServerSideEncryptionConfiguration>";

  private WireMockServer front;

  @AfterEach
  void stop() {
    if (front != null) {
      front.stop();
    }
  }

  /** A spec whose primary bucket is reached through WireMock, which plays a KMS-default bucket. */
  private FailoverSpec spec(TestRegions regions, String primary, String secondary) {
    regions.primary().region().createBucket(primary);
    regions.secondary().region().createBucket(secondary);
    front = PreflightFixtures.s3Front(regions.primary().region().endpoint());
    front.stubFor(
        get(urlMatching("/" + primary + "\\?encryption=?"))
            .atPriority(1)
            .willReturn(
                aResponse().withHeader("Content-Type", "application/xml").withBody(KMS_DEFAULT)));
    return PreflightFixtures.spec(
        primary, URI.create(front.baseUrl()), secondary, regions.secondary().region().endpoint());
  }

  @Test
  void aKmsEncryptedHealthObjectIsAnErrorAndTheKmsDefaultIsNamed(TestRegions regions) {
    FailoverSpec spec = spec(regions, "kms-primary-1", "kms-secondary-1");
    regions.primary().region().putObject("kms-primary-1", "s3-failover-health.txt", new byte[2]);
    front.stubFor(
        head(urlEqualTo("/kms-primary-1/s3-failover-health.txt"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Length", "2")
                    .withHeader("x-amz-server-side-encryption", "aws:kms")
                    .withHeader(
                        "x-amz-server-side-encryption-aws-kms-key-id",
                        "arn:aws:kms:us-east-1:123456789012:key/k")));

    PreflightReport report;
    try (BucketPreflight preflight =
        BucketPreflight.create(spec, regions.primary().credentials())) {
      report = preflight.check();
    }

    Finding object = finding(report, FailoverRole.PRIMARY, "health object");
    assertThat(object.severity()).as(report.render()).isEqualTo(Severity.ERROR);
    assertThat(object.message()).contains("aws:kms").contains("anonymous GETs");
    assertThat(object.fix()).get().asString().contains("--put-health-object").contains("AES256");
    Finding encryption = finding(report, FailoverRole.PRIMARY, "encryption");
    assertThat(encryption.severity()).isEqualTo(Severity.WARNING);
    assertThat(encryption.message()).contains("aws:kms by default");
    assertThat(encryption.fix()).get().asString().contains("SseKmsEncryptedObjects");
    assertThat(report.findings())
        .filteredOn(f -> f.role() == FailoverRole.SECONDARY)
        .extracting(Finding::check)
        .doesNotContain("encryption");
  }

  @Test
  void theHealthObjectIsUploadedWithSseS3WhateverTheBucketDefault(TestRegions regions) {
    FailoverSpec spec = spec(regions, "kms-primary-2", "kms-secondary-2");

    try (BucketPreflight preflight =
        BucketPreflight.create(spec, regions.primary().credentials())) {
      preflight.putHealthObject(false);
    }

    front.verify(
        1,
        putRequestedFor(urlEqualTo("/kms-primary-2/s3-failover-health.txt"))
            .withHeader("x-amz-server-side-encryption", equalTo("AES256")));
    assertThat(regions.primary().region().readObject("kms-primary-2", "s3-failover-health.txt"))
        .isPresent();
  }
}
