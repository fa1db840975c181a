package io.github.s3failover.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.github.s3failover.route53.PreflightFixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.s3failover.route53.Finding.Severity;
import io.github.s3failover.testkit.LocalRegion;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bucket preflight against real S3-compatible servers (s3proxy regions from the testkit). */
@LocalRegions(count = 2, sharedCredentials = true)
class BucketPreflightTest {

  private static final AtomicInteger BUCKETS = new AtomicInteger();

  /** A spec whose buckets live in the local regions, under fresh names. */
  private static FailoverSpec spec(TestRegions regions) {
    int n = BUCKETS.incrementAndGet();
    return PreflightFixtures.spec(
        "primary-bucket-" + n,
        regions.primary().region().endpoint(),
        "secondary-bucket-" + n,
        regions.secondary().region().endpoint());
  }

  private static void createBuckets(TestRegions regions, FailoverSpec spec) {
    regions.primary().region().createBucket(spec.primary().bucket());
    regions.secondary().region().createBucket(spec.secondary().bucket());
  }

  private static PreflightReport check(TestRegions regions, FailoverSpec spec) {
    try (BucketPreflight preflight =
        BucketPreflight.create(spec, regions.primary().credentials())) {
      return preflight.check();
    }
  }

  @Test
  void aMissingBucketIsAnErrorAndItsOtherChecksAreSkipped(TestRegions regions) {
    FailoverSpec spec = spec(regions);
    regions.secondary().region().createBucket(spec.secondary().bucket());

    PreflightReport report = check(regions, spec);

    assertThat(report.passed()).isFalse();
    assertThat(finding(report, FailoverRole.PRIMARY, "bucket").message())
        .contains("does not exist");
    assertThat(report.findings()).filteredOn(f -> f.role() == FailoverRole.PRIMARY).hasSize(1);
  }

  @Test
  void freshBucketsLackVersioningAndTheHealthObject(TestRegions regions) {
    FailoverSpec spec = spec(regions);
    createBuckets(regions, spec);

    PreflightReport report = check(regions, spec);

    assertThat(report.passed()).isFalse();
    Finding versioning = finding(report, FailoverRole.SECONDARY, "versioning");
    assertThat(versioning.severity()).isEqualTo(Severity.ERROR);
    assertThat(versioning.fix()).get().asString().contains("--enable-versioning");
    Finding object = finding(report, FailoverRole.PRIMARY, "health object");
    assertThat(object.severity()).isEqualTo(Severity.ERROR);
    assertThat(object.message()).contains("s3-failover-health.txt is missing");
    // s3proxy does not implement GetBucketReplication: a warning that names the fix, not a pass.
    Finding replication = finding(report, FailoverRole.SECONDARY, "replication");
    assertThat(replication.severity()).isEqualTo(Severity.WARNING);
    assertThat(replication.message()).contains("could not be verified").contains("NotImplemented");
    assertThat(replication.fix()).get().asString().contains("--replication-role");
  }

  @Test
  void aPrivateHealthObjectFailsTheAnonymousGetWithTheBucketPolicyFix(TestRegions regions) {
    FailoverSpec spec = spec(regions);
    createBuckets(regions, spec);
    for (var region : spec.regions()) {
      LocalRegion server =
          region.role() == FailoverRole.PRIMARY
              ? regions.primary().region()
              : regions.secondary().region();
      server.setBucketVersioning(region.bucket(), true);
      server.putObject(
          region.bucket(),
          region.healthCheck().healthObjectKey(),
          "ok".getBytes(StandardCharsets.UTF_8));
    }

    PreflightReport report = check(regions, spec);

    assertThat(finding(report, FailoverRole.PRIMARY, "versioning").severity())
        .isEqualTo(Severity.OK);
    assertThat(finding(report, FailoverRole.PRIMARY, "health object").severity())
        .isEqualTo(Severity.OK);
    Finding get = finding(report, FailoverRole.PRIMARY, "anonymous GET");
    assertThat(get.severity()).isEqualTo(Severity.ERROR);
    assertThat(get.message()).contains("answered 403").contains("unsigned requests");
    assertThat(get.fix())
        .get()
        .asString()
        .contains("\"Principal\":\"*\"")
        .contains("Block Public Access");
  }

  @Test
  void theFixUpsMakeThePreflightPassWithOnlyTheReplicationWarning(TestRegions regions) {
    FailoverSpec spec = spec(regions);
    createBuckets(regions, spec);
    try (BucketPreflight preflight =
        BucketPreflight.create(spec, regions.primary().credentials())) {
      preflight.enableVersioning();
      preflight.putHealthObject(true);

      PreflightReport report = preflight.check();

      assertThat(report.passed()).as(report.render()).isTrue();
      assertThat(report.findings(Severity.WARNING))
          .extracting(Finding::check)
          .containsOnly("replication");
      assertThat(finding(report, FailoverRole.SECONDARY, "anonymous GET").message())
          .contains("answered 200");
    }
    assertThat(
            regions
                .secondary()
                .region()
                .readObject(spec.secondary().bucket(), "s3-failover-health.txt"))
        .get()
        .isEqualTo(BucketPreflight.HEALTH_OBJECT_BODY.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void replicationConfiguredBothWaysLeavesNothingToWarnAbout(TestRegions regions) {
    FailoverSpec local = spec(regions);
    createBuckets(regions, local);
    // s3proxy has no replication API: WireMock answers GetBucketReplication, the rest is proxied.
    WireMockServer primary =
        replicating(
            regions.primary().region().endpoint(),
            local.primary().bucket(),
            local.secondary().bucket());
    WireMockServer secondary =
        replicating(
            regions.secondary().region().endpoint(),
            local.secondary().bucket(),
            local.primary().bucket());
    try {
      FailoverSpec spec =
          PreflightFixtures.spec(
              local.primary().bucket(),
              URI.create(primary.baseUrl()),
              local.secondary().bucket(),
              URI.create(secondary.baseUrl()));
      try (BucketPreflight preflight =
          BucketPreflight.create(spec, regions.primary().credentials())) {
        preflight.enableVersioning();
        preflight.putHealthObject(true);

        PreflightReport report = preflight.check();

        assertThat(report.findings())
            .as(report.render())
            .allMatch(f -> f.severity() == Severity.OK);
        assertThat(finding(report, FailoverRole.SECONDARY, "replication").message())
            .startsWith(
                "to " + local.primary().bucket() + " (for failback); objects written before");
      }
    } finally {
      primary.stop();
      secondary.stop();
    }
  }

  private static WireMockServer replicating(URI target, String bucket, String destination) {
    WireMockServer server = PreflightFixtures.s3Front(target);
    server.stubFor(
        get(urlMatching("/" + bucket + "\\?replication=?"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/xml")
                    .withBody(
                        "<ReplicationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                            + "<Role>arn:aws:iam::123456789012:role/replicate</Role><Rule>"
                            + "<ID>s3-failover-to-"
                            + destination
                            + "</ID><Priority>1</Priority>"
                            + "<Status>Enabled</Status><Filter><Prefix></Prefix></Filter>"
                            + "<DeleteMarkerReplication><Status>Enabled</Status></DeleteMarkerReplication>"
                            + "<Destination><Bucket>arn:aws:s3:::"
                            + destination
                            + "</Bucket></Destination>"
                            + "</Rule></ReplicationConfiguration>")));
    return server;
  }

  @Test
  void puttingReplicationWhereS3RefusesSaysWhatFailed(TestRegions regions) {
    FailoverSpec spec = spec(regions);
    createBuckets(regions, spec);
    try (BucketPreflight preflight =
        BucketPreflight.create(spec, regions.primary().credentials())) {
      assertThatThrownBy(() -> preflight.putReplication("arn:aws:iam::123456789012:role/replicate"))
          .isInstanceOf(ProvisioningException.class)
          .hasMessageContaining("putting replication on " + spec.primary().bucket() + " failed")
          .hasMessageContaining("NotImplemented");
      assertThatThrownBy(() -> preflight.putReplication("not-an-arn"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("IAM role ARN");
    }
  }
}
