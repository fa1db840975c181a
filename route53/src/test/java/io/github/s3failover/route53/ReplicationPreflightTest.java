package io.github.s3failover.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.s3failover.route53.Finding.Severity;
import io.github.s3failover.testkit.LocalRegion;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replication "both ways" means every new object, and setting it up must keep a bucket's other
 * rules. s3proxy has no replication API: WireMock in front of each region answers
 * Get/PutBucketReplication as S3 does and proxies everything else.
 */
@LocalRegions(count = 2, sharedCredentials = true)
class ReplicationPreflightTest {

  private static final String ROLE = "arn:aws:iam::123456789012:role/replicate";
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static final String NOT_FOUND =
      "<Error><Code>ReplicationConfigurationNotFoundError</Code><Message>The replication"
          + " configuration was not found</Message></Error>";

  private final List<WireMockServer> fronts = new ArrayList<>();

  @AfterEach
  void stop() {
    fronts.forEach(WireMockServer::stop);
  }

  private WireMockServer front(LocalRegion region, String bucket, int status, String config) {
    WireMockServer server = PreflightFixtures.s3Front(region.endpoint());
    fronts.add(server);
    server.stubFor(
        get(urlMatching("/" + bucket + "\\?replication=?"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/xml")
                    .withBody(config)));
    server.stubFor(
        put(urlMatching("/" + bucket + "\\?replication=?"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(200)));
    return server;
  }

  private static String rule(String id, int priority, String prefix, String destination) {
    return "<Rule><ID>"
        + id
        + "</ID><Priority>"
        + priority
        + "</Priority><Status>Enabled</Status><Filter><Prefix>"
        + prefix
        + "</Prefix></Filter><DeleteMarkerReplication><Status>Enabled</Status>"
        + "</DeleteMarkerReplication><Destination><Bucket>arn:aws:s3:::"
        + destination
        + "</Bucket></Destination></Rule>";
  }

  private static String config(String role, String... rules) {
    return "<ReplicationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Role>"
        + role
        + "</Role>"
        + String.join("", rules)
        + "</ReplicationConfiguration>";
  }

  private record Pair(FailoverSpec spec, WireMockServer primary, WireMockServer secondary) {}

  private Pair pair(TestRegions regions, String primaryConfig, String secondaryConfig) {
    int n = BUCKETS.incrementAndGet();
    String p = "repl-primary-" + n;
    String s = "repl-secondary-" + n;
    regions.primary().region().createBucket(p);
    regions.secondary().region().createBucket(s);
    WireMockServer pf =
        front(
            regions.primary().region(),
            p,
            primaryConfig == null ? 404 : 200,
            primaryConfig == null ? NOT_FOUND : primaryConfig.replace("DEST", s));
    WireMockServer sf =
        front(
            regions.secondary().region(),
            s,
            secondaryConfig == null ? 404 : 200,
            secondaryConfig == null ? NOT_FOUND : secondaryConfig.replace("DEST", p));
    FailoverSpec spec =
        PreflightFixtures.spec(p, URI.create(pf.baseUrl()), s, URI.create(sf.baseUrl()));
    return new Pair(spec, pf, sf);
  }

  private static String putBody(WireMockServer server) {
    List<LoggedRequest> puts =
        server.findAll(putRequestedFor(urlMatching("/[^/]+\\?replication=?")));
    assertThat(puts).hasSize(1);
    return puts.get(0).getBodyAsString();
  }

  @Test
  void addingOurRuleKeepsTheBucketsOtherRules(TestRegions regions) {
    Pair pair = pair(regions, config(ROLE, rule("backup-to-dr", 5, "", "dr-bucket")), null);

    try (BucketPreflight preflight =
        BucketPreflight.create(pair.spec(), regions.primary().credentials())) {
      preflight.putReplication(ROLE);
    }

    String primary = putBody(pair.primary());
    assertThat(primary)
        .contains("<ID>backup-to-dr</ID>")
        .contains("arn:aws:s3:::dr-bucket")
        .contains("<ID>s3-failover-to-" + pair.spec().secondary().bucket() + "</ID>")
        .contains("<Priority>6</Priority>")
        .contains("<Role>" + ROLE + "</Role>");
    String secondary = putBody(pair.secondary());
    assertThat(secondary)
        .contains("<ID>s3-failover-to-" + pair.spec().primary().bucket() + "</ID>")
        .doesNotContain("backup-to-dr");
  }

  @Test
  void aBucketThatReplicatesThroughAnotherRoleIsNotRewritten(TestRegions regions) {
    Pair pair =
        pair(
            regions,
            config("arn:aws:iam::123456789012:role/other", rule("backup", 1, "", "dr")),
            null);

    try (BucketPreflight preflight =
        BucketPreflight.create(pair.spec(), regions.primary().credentials())) {
      assertThatThrownBy(() -> preflight.putReplication(ROLE))
          .isInstanceOf(ProvisioningException.class)
          .hasMessageContaining("already replicates through role")
          .hasMessageContaining("role/other");
    }
    assertThat(pair.primary().findAll(putRequestedFor(urlMatching(".*replication.*")))).isEmpty();
  }

  @Test
  void aRuleForOnlyAPrefixIsNotReplicationOfEveryObject(TestRegions regions) {
    Pair pair =
        pair(
            regions,
            config(ROLE, rule("logs-only", 1, "logs/", "DEST")),
            config(ROLE, rule("all", 1, "", "DEST")));

    PreflightReport report;
    try (BucketPreflight preflight =
        BucketPreflight.create(pair.spec(), regions.primary().credentials())) {
      report = preflight.check();
    }

    Finding primary = PreflightFixtures.finding(report, FailoverRole.PRIMARY, "replication");
    assertThat(primary.severity()).as(report.render()).isEqualTo(Severity.WARNING);
    assertThat(primary.message()).contains("covers only keys under 'logs/'");
    Finding secondary = PreflightFixtures.finding(report, FailoverRole.SECONDARY, "replication");
    assertThat(secondary.severity()).isEqualTo(Severity.OK);
    assertThat(secondary.message()).contains("S3 Batch Replication");
  }
}
