package io.github.s3failover.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
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
    front = PreflightFixtures.s3Front(regions.primary().region().endpoint());
    front.stubFor(
        get(urlEqualTo("/" + primary + "/s3-failover-health.txt"))
            .withHeader("Authorization", absent())
            .atPriority(1)
            .willReturn(answer));
    FailoverSpec spec =
        PreflightFixtures.spec(
            primary,
            URI.create(front.baseUrl()),
            secondary,
            regions.secondary().region().endpoint());
    PreflightReport report;
    try (BucketPreflight preflight =
        BucketPreflight.create(spec, regions.primary().credentials())) {
      report = preflight.check();
    }
    return PreflightFixtures.finding(report, FailoverRole.PRIMARY, "anonymous GET");
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
