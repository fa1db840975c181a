package io.github.s3failover.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.matching.MatchesXPathPattern;
import io.github.s3failover.testkit.route53.LocalRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user sees when Route 53 refuses, throttles or is busy, and what goes over the wire. */
class Route53ErrorsTest extends FakeRoute53Test {

  private static final Map<String, String> NS =
      Map.of("r", "https://route53.amazonaws.com/doc/2013-04-01/");

  @Test
  void theChangeBatchUpsertsBothFailoverRecordsWithSetIdsHealthChecksAndTtl() {
    Fixtures.provisioner(Fixtures.spec().ttl(20).build(), client).apply();

    fake.wireMock()
        .verify(
            1,
            postRequestedFor(urlEqualTo("/2013-04-01/hostedzone/" + Fixtures.ZONE_ID + "/rrset/"))
                .withRequestBody(
                    new MatchesXPathPattern(
                        "count(/r:ChangeResourceRecordSetsRequest/r:ChangeBatch/r:Changes"
                            + "/r:Change[r:Action='UPSERT']/r:ResourceRecordSet[r:Type='CNAME'"
                            + " and r:TTL='20' and r:HealthCheckId and r:SetIdentifier])",
                        NS,
                        equalTo("2")))
                .withRequestBody(
                    new MatchesXPathPattern(
                        "//r:ResourceRecordSet[r:Failover='SECONDARY']/r:ResourceRecords"
                            + "/r:ResourceRecord/r:Value/text()",
                        NS,
                        equalTo("app-data-euw1.s3.eu-west-1.amazonaws.com"))));
    fake.wireMock()
        .verify(
            2,
            postRequestedFor(urlEqualTo("/2013-04-01/healthcheck"))
                .withRequestBody(
                    new MatchesXPathPattern(
                        "//r:CallerReference[starts-with(text(), 's3f-')]", NS)));
  }

  @Test
  void throttlingAndPriorRequestNotCompleteAreRetried() {
    fake.failNext("ChangeResourceRecordSets", 400, "Throttling", 2);
    fake.failNext("CreateHealthCheck", 400, "PriorRequestNotComplete", 1);

    ApplyResult result = Fixtures.provisioner(Fixtures.spec().build(), client).apply();

    assertThat(result.records()).hasSize(2);
    assertThat(fake.operations().stream().filter("ChangeResourceRecordSets"::equals)).hasSize(3);
    assertThat(fake.healthCheckIds()).hasSize(2);
  }

  @Test
  void throttlingThatOutlastsTheRetriesSaysToWait() {
    fake.failNext("ListHealthChecks", 400, "Throttling", 20);

    assertThatThrownBy(() -> Fixtures.provisioner(Fixtures.spec().build(), client).plan())
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("throttled")
        .hasMessageContaining("wait and run again");
  }

  @Test
  void aChangeThatStaysPendingTimesOutSayingRoute53WillFinishIt() {
    fake.pendingPolls(1_000);
    Provisioner provisioner =
        Provisioner.builder()
            .spec(Fixtures.spec().build())
            .route53(client)
            .pollInterval(java.time.Duration.ofMillis(5))
            .changeTimeout(java.time.Duration.ofMillis(100))
            .build();

    assertThatThrownBy(provisioner::apply)
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("is still PENDING after")
        .hasMessageContaining("Route 53 will finish it on its own: run status later");
  }

  @Test
  void anUnreachableRoute53IsReportedWithTheStepThatFailed() {
    int port = fake.endpoint().getPort();
    fake.close();

    assertThatThrownBy(() -> Fixtures.provisioner(Fixtures.spec().build(), client).plan())
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("reading Route 53 failed: Route 53 could not be reached")
        .hasMessageContaining(String.valueOf(port));
  }

  @Test
  void anInvalidChangeBatchExplainsTheLikelyCause() {
    fake.failNext("ChangeResourceRecordSets", 400, "InvalidChangeBatch", 1);

    assertThatThrownBy(() -> Fixtures.provisioner(Fixtures.spec().build(), client).apply())
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("Route 53 refused the change batch")
        .hasMessageContaining("run plan again");
  }

  @Test
  void anUnknownZoneIdIsNamedWithWhatToCheck() {
    FailoverSpec spec = Fixtures.spec().hostedZone("Z999NOPE").build();

    assertThatThrownBy(() -> Fixtures.provisioner(spec, client).plan())
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("hosted zone Z999NOPE does not exist")
        .hasMessageContaining("NoSuchHostedZone");
  }

  @Test
  void aZoneGivenByIdIsResolvedToItsName() {
    FailoverSpec spec = Fixtures.spec().hostedZone(Fixtures.ZONE_ID).build();

    assertThat(Fixtures.provisioner(spec, client).plan().title())
        .isEqualTo("Route 53: s3.example.com in zone example.com (" + Fixtures.ZONE_ID + ")");
  }

  @Test
  void aPlainCnameAtTheNameBlocksThePlanWithTheFix() {
    fake.putRecord(
        Fixtures.ZONE_ID,
        new LocalRecord(
            "s3.example.com.", "CNAME", null, null, 300L, List.of("legacy.example.net"), null));

    assertThatThrownBy(() -> Fixtures.provisioner(Fixtures.spec().build(), client).plan())
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("already has a plain CNAME")
        .hasMessageContaining("delete it or choose another recordName");
  }

  @Test
  void weightedCnamesAtTheNameAreNeverDeletedButBlockThePlan() {
    fake.putRecord(
        Fixtures.ZONE_ID,
        new LocalRecord(
            "s3.example.com.", "CNAME", "blue", null, 60L, List.of("blue.example.net"), null));

    assertThatThrownBy(() -> Fixtures.provisioner(Fixtures.spec().build(), client).plan())
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("another routing policy (set blue)");
    assertThat(fake.records(Fixtures.ZONE_ID)).anyMatch(r -> "blue".equals(r.setIdentifier()));
  }

  @Test
  void aRecordAtTheZoneApexIsRefusedOnceTheZoneNameIsKnown() {
    FailoverSpec spec =
        Fixtures.spec().hostedZone(Fixtures.ZONE_ID).recordName("example.com").build();

    assertThatThrownBy(() -> Fixtures.provisioner(spec, client).plan())
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("a CNAME cannot sit at the apex");
  }

  @Test
  void aStaleFailoverRecordWithAnotherSetIdentifierIsDeletedInTheSameBatch() {
    Fixtures.provisioner(Fixtures.spec().build(), client).apply();
    FailoverSpec renamed =
        Fixtures.spec()
            .primary(
                RegionSpec.builder(FailoverRole.PRIMARY)
                    .awsRegion("us-east-1")
                    .bucket("app-data-use1")
                    .setIdentifier("use1")
                    .build())
            .build();

    assertThat(Fixtures.provisioner(renamed, client).plan().render())
        .contains("+   record s3.example.com CNAME use1 PRIMARY")
        .contains("-   record s3.example.com CNAME primary-us-east-1");
    Fixtures.provisioner(renamed, client).apply();

    assertThat(fake.records(Fixtures.ZONE_ID))
        .filteredOn(r -> r.type().equals("CNAME"))
        .extracting(LocalRecord::setIdentifier)
        .containsExactlyInAnyOrder("use1", "secondary-eu-west-1");
  }
}
