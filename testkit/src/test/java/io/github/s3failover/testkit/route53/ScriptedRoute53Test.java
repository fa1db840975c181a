package io.github.s3failover.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ScriptedRoute53 answers raw requests with Route 53's rules, as any HTTP stub hands them over. */
class ScriptedRoute53Test {

  private static final String ZONE = "Z0SCRIPTED1";
  private static final String RRSET = "/2013-04-01/hostedzone/" + ZONE + "/rrset/";

  private final ScriptedRoute53 route53 = new ScriptedRoute53();

  private static String batch(String action, String... sets) {
    StringBuilder changes = new StringBuilder();
    for (String set : sets) {
      changes.append("<Change><Action>").append(action).append("</Action>").append(set);
      changes.append("</Change>");
    }
    return Xml.document(
        "ChangeResourceRecordSetsRequest",
        "<ChangeBatch><Changes>" + changes + "</Changes></ChangeBatch>");
  }

  private static String aRecord(String setIdentifier, String failover, String value) {
    return new LocalRecord(
            "www.example.com", "A", setIdentifier, failover, 60L, List.of(value), null)
        .xml();
  }

  @Test
  void anEncodedRequestTargetIsDecodedAndPagedWithRoute53sHeaders() {
    route53.addZone(ZONE, "example.com");

    ScriptedRoute53.Response page =
        route53.serve(
            "GET", "/2013-04-01/hostedzone/" + ZONE + "/rrset?name=EXAMPLE.com%2E&maxitems=1", "");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers()).containsEntry("Content-Type", "text/xml");
    assertThat(page.headers()).containsKey("x-amzn-RequestId");
    // The apex holds NS and SOA: one per page, the next named.
    assertThat(page.body())
        .contains("<Type>NS</Type>")
        .doesNotContain("<Type>SOA</Type>")
        .contains("<IsTruncated>true</IsTruncated>", "<NextRecordType>SOA</NextRecordType>");
    assertThat(route53.operations()).containsExactly("ListResourceRecordSets");
  }

  @Test
  void failoverAndPlainRecordsMayNotShareANameAndType() {
    route53.addZone(ZONE, "example.com");

    ScriptedRoute53.Response refused =
        route53.serve(
            "POST",
            RRSET,
            batch(
                "CREATE", aRecord(null, null, "192.0.2.1"), aRecord("p", "PRIMARY", "192.0.2.2")));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body())
        .contains("<Code>InvalidChangeBatch</Code>")
        .contains("failover and non-failover record sets cannot share a name and type");
    assertThat(route53.records(ZONE)).extracting(LocalRecord::type).containsExactly("NS", "SOA");
  }

  @Test
  void anInjectedFaultAnswersOnceThenTheChangeIsPendingForTheSetPolls() {
    route53.addZone(ZONE, "example.com");
    route53.pendingPolls(2);
    route53.failNext("ChangeResourceRecordSets", 400, "Throttling", 1);
    String upsert = batch("UPSERT", aRecord(null, null, "192.0.2.1"));

    ScriptedRoute53.Response throttled = route53.serve("POST", RRSET, upsert);
    ScriptedRoute53.Response accepted = route53.serve("POST", RRSET, upsert);
    String change = accepted.body().replaceAll("(?s).*<Id>/change/([^<]+)</Id>.*", "$1");
    List<String> statuses =
        List.of(1, 2, 3).stream()
            .map(i -> route53.serve("GET", "/2013-04-01/change/" + change, "").body())
            .map(b -> b.replaceAll("(?s).*<Status>([A-Z]+)</Status>.*", "$1"))
            .toList();

    assertThat(throttled.status()).isEqualTo(400);
    assertThat(throttled.body()).contains("<Code>Throttling</Code>", "<ErrorResponse");
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(statuses).containsExactly("PENDING", "PENDING", "INSYNC");
    assertThat(route53.operations())
        .containsExactly(
            "ChangeResourceRecordSets",
            "ChangeResourceRecordSets",
            "GetChange",
            "GetChange",
            "GetChange");
  }
}
