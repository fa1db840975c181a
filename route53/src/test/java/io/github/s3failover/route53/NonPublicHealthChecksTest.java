package io.github.s3failover.route53;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health checks that need nothing of the bucket to be readable by Route 53's checkers. */
class NonPublicHealthChecksTest extends FakeRoute53Test {

  private static FailoverSpec alarmSpec(HealthCheckSpec.InsufficientData insufficient) {
    HealthCheckSpec.Builder check =
        HealthCheckSpec.builder()
            .type(HealthCheckType.CLOUDWATCH_METRIC)
            .alarm("s3-canary-use1", "us-east-1");
    if (insufficient != null) {
      check.insufficientData(insufficient);
    }
    return Fixtures.spec().primary(Fixtures.primaryWith(check.build())).build();
  }

  @Test
  void aCloudWatchAlarmCheckIsCreatedUnhealthyOnInsufficientDataByDefault() {
    FailoverSpec spec = alarmSpec(null);

    ApplyResult applied = Fixtures.provisioner(spec, client).apply();

    Map<String, String> config =
        fake.config(applied.records().get(0).healthCheckId().orElseThrow());
    assertThat(config)
        .containsEntry("Type", "CLOUDWATCH_METRIC")
        .containsEntry("AlarmName", "s3-canary-use1")
        .containsEntry("AlarmRegion", "us-east-1")
        .containsEntry("InsufficientDataHealthStatus", "Unhealthy")
        .doesNotContainKey("FullyQualifiedDomainName");
    assertThat(Fixtures.provisioner(spec, client).plan().hasChanges()).isFalse();
  }

  @Test
  void anotherInsufficientDataStatusIsUpdatedInPlace() {
    ApplyResult applied = Fixtures.provisioner(alarmSpec(null), client).apply();
    String id = applied.records().get(0).healthCheckId().orElseThrow();
    FailoverSpec lastKnown = alarmSpec(HealthCheckSpec.InsufficientData.LAST_KNOWN_STATUS);

    assertThat(Fixtures.provisioner(lastKnown, client).plan().render())
        .contains("~   health check PRIMARY of s3.example.com " + id)
        .contains("insufficientDataHealthStatus: Unhealthy -> LastKnownStatus");
    Fixtures.provisioner(lastKnown, client).apply();

    assertThat(fake.config(id)).containsEntry("InsufficientDataHealthStatus", "LastKnownStatus");
    assertThat(Fixtures.provisioner(lastKnown, client).plan().hasChanges()).isFalse();
  }

  @Test
  void switchingFromHttpsToAnAlarmReplacesTheCheck() {
    Fixtures.provisioner(Fixtures.spec().build(), client).apply();

    Plan plan = Fixtures.provisioner(alarmSpec(null), client).plan();

    assertThat(plan.render())
        .contains("-/+ health check PRIMARY")
        .contains("type: HTTPS -> CLOUDWATCH_METRIC (immutable: needs a new health check)");
    Fixtures.provisioner(alarmSpec(null), client).apply();
    assertThat(Fixtures.provisioner(alarmSpec(null), client).plan().hasChanges()).isFalse();
  }

  @Test
  void thePlanSaysWhichOptionEachRegionUsesAndWhatItProves() {
    String plan = Fixtures.provisioner(alarmSpec(null), client).plan().render();

    assertThat(plan)
        .contains("PRIMARY health check CLOUDWATCH_METRIC alarm s3-canary-use1 (us-east-1")
        .contains("needs nothing public")
        .contains("SECONDARY health check HTTPS GET /s3-failover-health.txt")
        .contains("does not prove that signed reads and writes of your data work");
  }
}
