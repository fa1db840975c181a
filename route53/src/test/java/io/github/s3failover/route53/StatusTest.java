package io.github.s3failover.route53;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** status: each region's health as Route 53's checkers see it, and the record's answer. */
class StatusTest extends FakeRoute53Test {

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
    assertThat(status.answer()).contains("app-data-use1.s3.us-east-1.amazonaws.com");
    assertThat(status.answeringRole()).contains(FailoverRole.PRIMARY);
  }

  @Test
  void anUnhealthyPrimaryShowsAsSuchAndTheAnswerMovesToTheSecondary() {
    FailoverSpec spec = Fixtures.spec().build();
    ApplyResult applied = Fixtures.provisioner(spec, client).apply();
    fake.setHealthy(applied.records().get(0).healthCheckId().orElseThrow(), false);

    ProvisioningStatus status = Fixtures.provisioner(spec, client).status();

    assertThat(status.regions().get(0).healthy()).isFalse();
    assertThat(status.regions().get(1).healthy()).isTrue();
    assertThat(status.answeringRole()).contains(FailoverRole.SECONDARY);
    assertThat(status.render())
        .contains("UNHEALTHY health check")
        .contains("Failure: HTTP Status Code 403")
        .contains("app-data-euw1.s3.eu-west-1.amazonaws.com (SECONDARY)");
  }
}
