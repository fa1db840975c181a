package io.github.s3failover.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.s3failover.testkit.route53.LocalRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CALCULATED health checks: a parent over a TCP check of the endpoint, the CloudWatch alarm and a
 * manual override, so that an operator forces a failover or a failback with one command.
 */
class CalculatedHealthCheckTest extends FakeRoute53Test {

  private static RegionSpec calculated(FailoverRole role, String awsRegion, String bucket) {
    return RegionSpec.builder(role)
        .awsRegion(awsRegion)
        .bucket(bucket)
        .healthCheck(
            HealthCheckSpec.builder()
                .type(HealthCheckType.CALCULATED)
                .alarm("s3-canary-" + awsRegion, awsRegion)
                .build())
        .build();
  }

  private static FailoverSpec spec() {
    return Fixtures.spec()
        .primary(calculated(FailoverRole.PRIMARY, "us-east-1", "app-data-use1"))
        .secondary(calculated(FailoverRole.SECONDARY, "eu-west-1", "app-data-euw1"))
        .build();
  }

  private String primaryCheck() {
    return fake.records(Fixtures.ZONE_ID).stream()
        .filter(r -> "PRIMARY".equals(r.failover()))
        .map(LocalRecord::healthCheckId)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void applyBuildsAParentOverTcpAlarmAndOverrideThatAllMustBeHealthy() {
    Fixtures.provisioner(spec(), client).apply();

    Map<String, String> parent = fake.config(primaryCheck());
    assertThat(parent).containsEntry("Type", "CALCULATED").containsEntry("HealthThreshold", "3");
    assertThat(fake.healthCheckIds()).hasSize(8); // 2 x (parent + tcp + alarm + override)
    assertThat(fake.healthCheckIds())
        .filteredOn(id -> "override".equals(fake.tags(id).get("s3-failover:part")))
        .hasSize(2)
        .allSatisfy(id -> assertThat(fake.config(id)).containsEntry("HealthThreshold", "0"));
    assertThat(fake.healthCheckIds())
        .filteredOn(id -> "tcp".equals(fake.tags(id).get("s3-failover:part")))
        .allSatisfy(id -> assertThat(fake.config(id)).containsEntry("Type", "TCP"));
    assertThat(Fixtures.provisioner(spec(), client).plan().hasChanges()).isFalse();
    assertThat(Fixtures.provisioner(spec(), client).status().allHealthy()).isTrue();
  }

  @Test
  void forceFailoverMovesTheAnswerAndApplyLeavesTheOverrideAlone() {
    Fixtures.provisioner(spec(), client).apply();

    List<String> said =
        Fixtures.provisioner(spec(), client).override(ManualOverride.FORCE_FAILOVER);

    assertThat(said).anyMatch(l -> l.startsWith("PRIMARY override") && l.contains("FORCED"));
    ProvisioningStatus status = Fixtures.provisioner(spec(), client).status();
    assertThat(status.answeringRole()).contains(FailoverRole.SECONDARY);
    assertThat(status.regions().get(0).verdict()).isEqualTo(RegionHealth.Verdict.UNHEALTHY);
    assertThat(status.render()).contains("manual override: FORCED UNHEALTHY (inverted)");
    // The override is the operator's: apply does not turn it back.
    assertThat(Fixtures.provisioner(spec(), client).plan().hasChanges()).isFalse();

    Fixtures.provisioner(spec(), client).override(ManualOverride.CLEAR);
    assertThat(Fixtures.provisioner(spec(), client).status().answeringRole())
        .contains(FailoverRole.PRIMARY);
  }

  @Test
  void forceFailbackAnswersWithThePrimaryEvenWhileItIsUnhealthy() {
    ApplyResult applied = Fixtures.provisioner(spec(), client).apply();
    fake.healthCheckIds().stream()
        .filter(id -> "tcp".equals(fake.tags(id).get("s3-failover:part")))
        .filter(id -> "PRIMARY".equals(fake.tags(id).get("s3-failover:role")))
        .forEach(id -> fake.setHealthy(id, false));
    assertThat(Fixtures.provisioner(spec(), client).status().answeringRole())
        .contains(FailoverRole.SECONDARY);

    Fixtures.provisioner(spec(), client).override(ManualOverride.FORCE_FAILBACK);

    assertThat(Fixtures.provisioner(spec(), client).status().answeringRole())
        .contains(FailoverRole.PRIMARY);
    assertThat(applied.records()).hasSize(2);
  }

  @Test
  void anOverrideWithoutCalculatedChecksSaysWhatToDo() {
    Fixtures.provisioner(Fixtures.spec().build(), client).apply();

    assertThatThrownBy(
            () ->
                Fixtures.provisioner(Fixtures.spec().build(), client)
                    .override(ManualOverride.FORCE_FAILOVER))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("CALCULATED");
  }

  @Test
  void destroyRemovesParentsBeforeChildrenAndLeavesNothing() {
    Fixtures.provisioner(spec(), client).apply();

    Fixtures.provisioner(spec(), client).destroy();

    assertThat(fake.healthCheckIds()).isEmpty();
    assertThat(fake.deletedWhileInUse()).isEmpty();
  }
}
