package io.github.s3failover.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bucket policy that lets only Route 53's health checkers read the health object, generated from
 * an ip-ranges.json (a small sample here), merged into the bucket's policy and verified with
 * GetBucketPolicyStatus. s3proxy has no bucket policies: WireMock answers them as S3 does.
 */
@LocalRegions(count = 2, sharedCredentials = true)
class CheckerPolicyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private final List<WireMockServer> fronts = new ArrayList<>();

  @AfterEach
  void stop() {
    fronts.forEach(WireMockServer::stop);
  }

  private static Path sample() throws URISyntaxException {
    return Path.of(CheckerPolicyTest.class.getResource("/ip-ranges.sample.json").toURI());
  }

  private WireMockServer front(URI target, String bucket, boolean reportsPublic) {
    WireMockServer server = PreflightFixtures.s3Front(target);
    fronts.add(server);
    server.stubFor(
        get(urlMatching("/" + bucket + "\\?policy=?"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecure\","
                            + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                            + "\"Resource\":\"arn:aws:s3:::"
                            + bucket
                            + "/*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}")));
    server.stubFor(
        put(urlMatching("/" + bucket + "\\?policy=?"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(204)));
    server.stubFor(
        get(urlMatching("/" + bucket + "\\?policyStatus=?"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/xml")
                    .withBody(
                        "<PolicyStatus><IsPublic>"
                            + reportsPublic
                            + "</IsPublic></PolicyStatus>")));
    return server;
  }

  private record Setup(FailoverSpec spec, WireMockServer primary) {}

  private Setup setup(TestRegions regions, boolean reportsPublic) {
    int n = BUCKETS.incrementAndGet();
    String p = "policy-primary-" + n;
    String s = "policy-secondary-" + n;
    regions.primary().region().createBucket(p);
    regions.secondary().region().createBucket(s);
    WireMockServer pf = front(regions.primary().region().endpoint(), p, reportsPublic);
    FailoverSpec spec =
        Fixtures.spec()
            .primary(
                PreflightFixtures.region(FailoverRole.PRIMARY, p, URI.create(pf.baseUrl())).build())
            .secondary(
                PreflightFixtures.region(
                        FailoverRole.SECONDARY, s, regions.secondary().region().endpoint())
                    .healthCheck(HealthCheckSpec.builder().type(HealthCheckType.TCP).build())
                    .build())
            .build();
    return new Setup(spec, pf);
  }

  @Test
  void thePolicyAllowsOnlyTheHealthObjectAndOnlyFromTheHealthCheckerRanges(TestRegions regions)
      throws Exception {
    Setup setup = setup(regions, false);
    String policy;
    try (BucketPreflight preflight =
        BucketPreflight.create(setup.spec(), regions.primary().credentials())) {
      policy = preflight.checkerPolicies(sample()).get(FailoverRole.PRIMARY);
      assertThat(preflight.checkerPolicies(sample())).doesNotContainKey(FailoverRole.SECONDARY);
    }

    JsonNode statement = JSON.readTree(policy).get("Statement").get(0);
    assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
    assertThat(statement.get("Action").asText()).isEqualTo("s3:GetObject");
    assertThat(statement.get("Resource").asText())
        .isEqualTo("arn:aws:s3:::" + setup.spec().primary().bucket() + "/s3-failover-health.txt");
    List<String> cidrs = new ArrayList<>();
    statement
        .get("Condition")
        .get("IpAddress")
        .get("aws:SourceIp")
        .forEach(c -> cidrs.add(c.asText()));
    // Only ROUTE53_HEALTHCHECKS entries (v4 and v6), each once; not AMAZON, S3 or ROUTE53 ones.
    assertThat(cidrs)
        .containsExactly(
            "54.243.31.192/26", "54.183.255.128/26", "54.228.16.0/26", "2600:1f1e:7fff:f800::/56");
  }

  @Test
  void puttingItKeepsTheOtherStatementsAndS3DoesNotCountItPublic(TestRegions regions)
      throws Exception {
    Setup setup = setup(regions, false);
    List<String> progress = new ArrayList<>();
    try (BucketPreflight preflight =
        BucketPreflight.create(setup.spec(), regions.primary().credentials(), progress::add)) {
      preflight.putCheckerPolicy(sample());
    }

    var puts = setup.primary().findAll(putRequestedFor(urlMatching(".*\\?policy=?")));
    assertThat(puts).hasSize(1);
    JsonNode statements = JSON.readTree(puts.get(0).getBodyAsString()).get("Statement");
    List<String> sids = new ArrayList<>();
    statements.forEach(s -> sids.add(s.get("Sid").asText()));
    assertThat(sids).containsExactly("DenyInsecure", "S3FailoverRoute53HealthCheckers");
    assertThat(progress)
        .anyMatch(l -> l.contains("4 Route 53 health-checker ranges") && l.contains("not public"));
  }

  @Test
  void aPolicyThatS3CountsAsPublicIsAnError(TestRegions regions) {
    Setup setup = setup(regions, true);
    try (BucketPreflight preflight =
        BucketPreflight.create(setup.spec(), regions.primary().credentials())) {
      assertThatThrownBy(() -> preflight.putCheckerPolicy(sample()))
          .isInstanceOf(ProvisioningException.class)
          .hasMessageContaining("counts the policy of " + setup.spec().primary().bucket())
          .hasMessageContaining("as public");
    }
  }
}
