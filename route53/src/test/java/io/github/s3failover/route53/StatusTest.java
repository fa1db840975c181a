package io.github.s3failover.route53;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * status: what Route 53 decides for each region, read from GetHealthCheckStatus (each checker's
 * last result, before its failure threshold applies) and the check's own Disabled and Inverted, and
 * the record's answer.
 */
class StatusTest extends FakeRoute53Test {

  private String primaryCheck(ApplyResult applied) {
    return applied.records().get(0).healthCheckId().orElseThrow();
  }

  @Test
  void beforeApplyThereIsNoHealthCheckAndNoAnswer() {
    ProvisioningStatus status = Fixtures.provisioner(Fixtures.spec().build(), client).status();

    assertThat(status.allHealthy()).isFalse();
    assertThat(status.answer()).isEmpty();
    assertThat(status.render()).contains("no health check (run apply)").contains("answer    none");
  }

  @Test
  void healthyRegionsAnswerWithThePrimary() {
    FailoverSpec spec = Fixtures.spec().build();
    Fixtures.provisioner(spec, client).apply();

    ProvisioningStatus status = Fixtures.provisioner(spec, client).status();

    assertThat(status.allHealthy()).isTrue();
    assertThat(status.regions()).allSatisfy(r -> assertThat(r.checkersHealthy()).isEqualTo(8));
    assertThat(status.regions())
        .allSatisfy(r -> assertThat(r.verdict()).isEqualTo(RegionHealth.Verdict.HEALTHY));
    assertThat(status.answer()).contains("app-data-use1.s3.us-east-1.amazonaws.com");
    assertThat(status.answeringRole()).contains(FailoverRole.PRIMARY);
  }

  @Test
  void anUnhealthyPrimaryShowsAsSuchAndTheAnswerMovesToTheSecondary() {
    FailoverSpec spec = Fixtures.spec().build();
    ApplyResult applied = Fixtures.provisioner(spec, client).apply();
    fake.setHealthy(primaryCheck(applied), false);

    ProvisioningStatus status = Fixtures.provisioner(spec, client).status();

    assertThat(status.regions().get(0).healthy()).isFalse();
    assertThat(status.regions().get(1).healthy()).isTrue();
    assertThat(status.answeringRole()).contains(FailoverRole.SECONDARY);
    assertThat(status.render())
        .contains("UNHEALTHY health check")
        .contains("Failure: HTTP Status Code 403")
        .contains("app-data-euw1.s3.eu-west-1.amazonaws.com (SECONDARY)");
  }

  @Test
  void aNewCheckWithoutReportsCountsAsHealthyAsRoute53CountsIt() {
    FailoverSpec spec = Fixtures.spec().build();
    ApplyResult applied = Fixtures.provisioner(spec, client).apply();
    fake.setLastResults(primaryCheck(applied), List.of());

    RegionHealth primary = Fixtures.provisioner(spec, client).status().regions().get(0);

    assertThat(primary.checkersReporting()).isZero();
    assertThat(primary.verdict()).isEqualTo(RegionHealth.Verdict.HEALTHY);
    assertThat(primary.explanation()).contains("healthy until its checkers report");
  }

  @Test
  void aDisabledCheckIsHealthyWhateverItsCheckersSee() {
    FailoverSpec spec = Fixtures.spec().build();
    ApplyResult applied = Fixtures.provisioner(spec, client).apply();
    fake.setHealthy(primaryCheck(applied), false);
    fake.setConfig(primaryCheck(applied), "Disabled", "true");

    ProvisioningStatus status = Fixtures.provisioner(spec, client).status();

    assertThat(status.regions().get(0).verdict()).isEqualTo(RegionHealth.Verdict.HEALTHY);
    assertThat(status.regions().get(0).explanation()).contains("disabled");
    assertThat(status.answeringRole()).contains(FailoverRole.PRIMARY);
  }

  @Test
  void anInvertedCheckIsUnhealthyWhileItsCheckersSucceed() {
    FailoverSpec spec = Fixtures.spec().build();
    ApplyResult applied = Fixtures.provisioner(spec, client).apply();
    fake.setConfig(primaryCheck(applied), "Inverted", "true");

    ProvisioningStatus status = Fixtures.provisioner(spec, client).status();

    assertThat(status.regions().get(0).checkersHealthy()).isEqualTo(8);
    assertThat(status.regions().get(0).verdict()).isEqualTo(RegionHealth.Verdict.UNHEALTHY);
    assertThat(status.regions().get(0).explanation()).contains("inverted");
    assertThat(status.answeringRole()).contains(FailoverRole.SECONDARY);
  }

  @Test
  void mixedLastResultsAreReportedAsUnknownWithTheEstimate() {
    FailoverSpec spec = Fixtures.spec().build();
    ApplyResult applied = Fixtures.provisioner(spec, client).apply();
    fake.setLastResults(
        primaryCheck(applied), List.of(true, false, false, false, false, false, false, false));

    ProvisioningStatus status = Fixtures.provisioner(spec, client).status();

    RegionHealth primary = status.regions().get(0);
    assertThat(primary.checkersHealthy()).isEqualTo(1);
    assertThat(primary.verdict()).isEqualTo(RegionHealth.Verdict.UNKNOWN);
    assertThat(primary.explanation())
        .contains("1 of 8 checkers' last results succeeded")
        .contains("failure threshold of 3");
    assertThat(status.allHealthy()).isFalse();
    assertThat(status.render()).contains("UNKNOWN");
  }

  @Test
  void aPrivateZoneHasNoTestDnsAnswerAndStatusSaysHowToResolveInstead() {
    fake.addPrivateZone("Z0PRIVATE456", "internal.example");
    FailoverSpec spec =
        Fixtures.spec().hostedZone("Z0PRIVATE456").recordName("s3.internal.example").build();
    Fixtures.provisioner(spec, client).apply();

    ProvisioningStatus status = Fixtures.provisioner(spec, client).status();

    assertThat(status.allHealthy()).isTrue();
    assertThat(status.answer()).isEmpty();
    assertThat(status.render())
        .contains("private hosted zone")
        .contains("TestDNSAnswer")
        .contains("resolve s3.internal.example from inside a VPC associated with the zone");
    assertThat(fake.operations()).doesNotContain("TestDNSAnswer");
  }
}
