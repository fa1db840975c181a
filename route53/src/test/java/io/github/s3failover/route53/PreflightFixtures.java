package io.github.s3failover.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;

/**
 * What the bucket preflight tests share: specs of buckets in the local regions, WireMock in front
 * of a region for what s3proxy cannot answer, and a finding of the report.
 */
final class PreflightFixtures {

  private PreflightFixtures() {}

  /**
   * A spec of two buckets in local regions, each reached at the given S3 endpoint: the region's
   * s3proxy, or a {@link #s3Front} of it.
   */
  static FailoverSpec spec(String primary, URI primaryS3, String secondary, URI secondaryS3) {
    return Fixtures.spec()
        .primary(region(FailoverRole.PRIMARY, primary, primaryS3).build())
        .secondary(region(FailoverRole.SECONDARY, secondary, secondaryS3).build())
        .build();
  }

  /** One region of {@link #spec}, for a test that sets more of it. */
  static RegionSpec.Builder region(FailoverRole role, String bucket, URI s3Endpoint) {
    return RegionSpec.builder(role)
        .awsRegion(role == FailoverRole.PRIMARY ? "us-east-1" : "eu-west-1")
        .bucket(bucket)
        .s3Endpoint(s3Endpoint);
  }

  /**
   * WireMock in front of an S3 endpoint, started: it passes every request through (priority 10); a
   * test stubs at priority 1 what S3 answers and s3proxy cannot. The caller stops it.
   */
  static WireMockServer s3Front(URI target) {
    WireMockServer server =
        new WireMockServer(
            WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .preserveHostHeader(true));
    server.start();
    server.stubFor(
        any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(target.toString())));
    return server;
  }

  /** The report's finding of one check for one region; an assertion error shows the report. */
  static Finding finding(PreflightReport report, FailoverRole role, String check) {
    return report.findings().stream()
        .filter(f -> f.role() == role && f.check().equals(check))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no " + check + " finding for " + role + ": " + report.render()));
  }
}
