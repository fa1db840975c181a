package io.github.s3failover.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.s3failover.route53.Finding.Severity;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegions;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The preflight's anonymous GET judges the answer as one Route 53 health checker does (2xx and 3xx
 * succeed, 2 s for the status after connecting) and says what it cannot prove. WireMock in front of
 * the primary's s3proxy answers the unsigned GET of the health object.
 */
@LocalRegions(count = 2, sharedCredentials = true)
class CheckerLikeGetTest {

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private WireMockServer front;

  @AfterEach
  void stop() {
    if (front != null) {
      front.stop();
    }
  }

  private Finding anonymousGet(TestRegions regions, ResponseDefinitionBuilder answer) {
    int n = BUCKETS.incrementAndGet();
    String primary = "get-primary-" + n;
    String secondary = "get-secondary-" + n;
    regions.primary().region().createBucket(primary);
    regions.secondary().region().createBucket(secondary);
    regions.primary().region().putObject(primary, "s3-failover-health.txt", new byte[] {'o', 'k'});
    front =
        new WireMockServer(
            WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .preserveHostHeader(true));
    front.start();
    front.stubFor(
        any(anyUrl())
            .atPriority(10)
            .willReturn(aResponse().proxiedFrom(regions.primary().region().endpoint().toString())));
    front.stubFor(
        get(urlEqualTo("/" + primary + "/s3-failover-health.txt"))
            .withHeader("Authorization", absent())
            .atPriority(1)
            .willReturn(answer));
    FailoverSpec spec =
        Fixtures.spec()
            .primary(
                RegionSpec.builder(FailoverRole.PRIMARY)
                    .awsRegion("us-east-1")
                    .bucket(primary)
                    .s3Endpoint(URI.create(front.baseUrl()))
                    .build())
            .secondary(
                RegionSpec.builder(FailoverRole.SECONDARY)
                    .awsRegion("eu-west-1")
                    .bucket(secondary)
                    .s3Endpoint(regions.secondary().region().endpoint())
                    .build())
            .build();
    PreflightReport report;
    try (BucketPreflight preflight =
        BucketPreflight.create(spec, regions.primary().credentials())) {
      report = preflight.check();
    }
    return report.findings().stream()
        .filter(f -> f.role() == FailoverRole.PRIMARY && f.check().equals("anonymous GET"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(report.render()));
  }

  @Test
  void aRedirectSucceedsAsItDoesForRoute53sCheckersAndTheLimitsAreSaid(TestRegions regions) {
    Finding get =
        anonymousGet(
            regions,
            aResponse().withStatus(302).withHeader("Location", "http://127.0.0.1:9/elsewhere"));

    assertThat(get.severity()).as(get.message()).isEqualTo(Severity.OK);
    assertThat(get.message())
        .contains("answered 302")
        .contains("not from Route 53's health-checker ranges")
        .contains("aws:SourceIp")
        .contains("do not validate certificates");
  }

  @Test
  void aStatusLaterThanTwoSecondsIsAFailureAsItIsForTheCheckers(TestRegions regions) {
    Finding get = anonymousGet(regions, aResponse().withStatus(200).withFixedDelay(2_600));

    assertThat(get.severity()).as(get.message()).isEqualTo(Severity.ERROR);
    assertThat(get.message()).contains("no HTTP status within 2 s");
    assertThat(get.fix()).get().asString().contains("health-checker ranges");
  }
}
