package io.github.s3failover.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.s3failover.testkit.route53.LocalRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** plan, apply and destroy against a stateful Route 53 served by WireMock. */
class ProvisionerTest extends FakeRoute53Test {

  private static final List<String> MUTATIONS =
      List.of(
          "CreateHealthCheck",
          "UpdateHealthCheck",
          "DeleteHealthCheck",
          "ChangeResourceRecordSets",
          "ChangeTagsForResource");

  private List<LocalRecord> cnames() {
    return fake.records(Fixtures.ZONE_ID).stream().filter(r -> r.type().equals("CNAME")).toList();
  }

  private List<String> mutations() {
    return fake.operations().stream().filter(MUTATIONS::contains).toList();
  }

  @Test
  void planOnAnEmptyZoneListsTwoHealthChecksAndTwoRecordsAndChangesNothing() {
    Plan plan = Fixtures.provisioner(Fixtures.spec().build(), client).plan();

    assertThat(plan.changes()).extracting(PlannedChange::action).containsOnly(ChangeAction.CREATE);
    assertThat(plan.changes()).hasSize(4);
    assertThat(plan.render())
        .contains("+   health check PRIMARY of s3.example.com")
        .contains("HTTPS app-data-use1.s3.us-east-1.amazonaws.com:443/s3-failover-health.txt")
        .contains("record s3.example.com CNAME secondary-eu-west-1 SECONDARY")
        .contains("Plan: 4 to create, 0 to update, 0 to replace, 0 to delete.");
    assertThat(mutations()).isEmpty();
  }

  @Test
  void applyWritesTheFailoverPairAndASecondApplyChangesNothing() {
    FailoverSpec spec = Fixtures.spec().build();
    ApplyResult first = Fixtures.provisioner(spec, client).apply();

    assertThat(first.changed()).isTrue();
    List<LocalRecord> records = cnames();
    assertThat(records)
        .extracting(LocalRecord::setIdentifier, LocalRecord::failover)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("primary-us-east-1", "PRIMARY"),
            org.assertj.core.groups.Tuple.tuple("secondary-eu-west-1", "SECONDARY"));
    LocalRecord primary =
        records.stream().filter(r -> "PRIMARY".equals(r.failover())).findFirst().orElseThrow();
    assertThat(primary.name()).isEqualTo("s3.example.com.");
    assertThat(primary.ttl()).isEqualTo(FailoverSpec.DEFAULT_TTL);
    assertThat(primary.values()).containsExactly("app-data-use1.s3.us-east-1.amazonaws.com");
    Map<String, String> config = fake.config(primary.healthCheckId());
    assertThat(config)
        .containsEntry("Type", "HTTPS")
        .containsEntry("FullyQualifiedDomainName", "app-data-use1.s3.us-east-1.amazonaws.com")
        .containsEntry("Port", "443")
        .containsEntry("ResourcePath", "/s3-failover-health.txt")
        .containsEntry("EnableSNI", "true")
        .containsEntry("RequestInterval", "30")
        .containsEntry("FailureThreshold", "3");
    assertThat(fake.tags(primary.healthCheckId()))
        .containsEntry("Name", "s3-failover s3.example.com PRIMARY")
        .containsEntry("s3-failover:role", "PRIMARY")
        .containsEntry("s3-failover:record", "s3.example.com");
    assertThat(first.records())
        .extracting(r -> r.healthCheckId().orElseThrow())
        .containsExactlyInAnyOrderElementsOf(
            records.stream().map(LocalRecord::healthCheckId).toList());

    assertThat(Fixtures.provisioner(spec, client).plan().hasChanges()).isFalse();
    fake.clearOperations();
    ApplyResult second = Fixtures.provisioner(spec, client).apply();

    assertThat(second.changed()).isFalse();
    assertThat(mutations()).isEmpty();
    assertThat(second.records()).isEqualTo(first.records());
  }

  @Test
  void applySendsBothRecordsInOneBatchAndWaitsForInsyncVisibly() {
    fake.pendingPolls(3);
    List<String> progress = new ArrayList<>();
    Fixtures.provisioner(Fixtures.spec().build(), client, progress).apply();

    assertThat(fake.operations().stream().filter("ChangeResourceRecordSets"::equals)).hasSize(1);
    assertThat(progress.stream().filter(l -> l.contains("to be INSYNC: PENDING"))).hasSize(4);
    assertThat(progress).last().asString().endsWith("is INSYNC");
  }

  @Test
  void aNewRequestIntervalReplacesTheHealthCheckBecauseRoute53CannotChangeIt() {
    Fixtures.provisioner(Fixtures.spec().build(), client).apply();
    String oldId = primaryCheck();
    FailoverSpec faster =
        Fixtures.spec()
            .primary(Fixtures.primaryWith(HealthCheckSpec.builder().requestInterval(10).build()))
            .build();

    Plan plan = Fixtures.provisioner(faster, client).plan();
    assertThat(plan.render())
        .contains("-/+ health check PRIMARY of s3.example.com " + oldId)
        .contains("requestInterval: 30 -> 10 (immutable: needs a new health check)")
        .contains("-   health check " + oldId);

    Fixtures.provisioner(faster, client).apply();
    assertThat(primaryCheck()).isNotEqualTo(oldId);
    assertThat(fake.config(primaryCheck())).containsEntry("RequestInterval", "10");
    assertThat(fake.healthCheckIds()).hasSize(2).doesNotContain(oldId);
    assertThat(Fixtures.provisioner(faster, client).plan().hasChanges()).isFalse();
  }

  @Test
  void aNewFailureThresholdUpdatesTheHealthCheckInPlace() {
    Fixtures.provisioner(Fixtures.spec().build(), client).apply();
    String id = primaryCheck();
    FailoverSpec stricter =
        Fixtures.spec()
            .primary(Fixtures.primaryWith(HealthCheckSpec.builder().failureThreshold(5).build()))
            .build();

    assertThat(Fixtures.provisioner(stricter, client).plan().render())
        .contains("~   health check PRIMARY of s3.example.com " + id)
        .contains("failureThreshold: 3 -> 5");
    Fixtures.provisioner(stricter, client).apply();

    assertThat(primaryCheck()).isEqualTo(id);
    assertThat(fake.config(id)).containsEntry("FailureThreshold", "5");
    assertThat(Fixtures.provisioner(stricter, client).plan().hasChanges()).isFalse();
  }

  @Test
  void destroyRemovesTheRecordsThenTheHealthChecksAndLeavesOthersAlone() {
    String foreign = fake.addForeignHealthCheck("other.example.net", "team", "payments");
    FailoverSpec spec = Fixtures.spec().build();
    Fixtures.provisioner(spec, client).apply();
    fake.clearOperations();

    Plan removed = Fixtures.provisioner(spec, client).destroy();

    assertThat(removed.changes())
        .extracting(PlannedChange::action)
        .containsOnly(ChangeAction.DELETE);
    assertThat(removed.changes()).hasSize(4);
    assertThat(cnames()).isEmpty();
    assertThat(fake.healthCheckIds()).containsExactly(foreign);
    List<String> ops = mutations();
    assertThat(ops.indexOf("ChangeResourceRecordSets"))
        .isLessThan(ops.indexOf("DeleteHealthCheck"));
    assertThat(Fixtures.provisioner(spec, client).destroyPlan().hasChanges()).isFalse();
  }

  @Test
  void applyAfterDestroyCreatesFreshHealthChecksDespiteBurntCallerReferences() {
    FailoverSpec spec = Fixtures.spec().build();
    Fixtures.provisioner(spec, client).apply();
    Fixtures.provisioner(spec, client).destroy();

    Fixtures.provisioner(spec, client).apply();

    assertThat(cnames()).hasSize(2);
    assertThat(fake.healthCheckIds()).hasSize(2);
    assertThat(Fixtures.provisioner(spec, client).plan().hasChanges()).isFalse();
  }

  @Test
  void anApplyThatDiedBeforeTaggingGetsItsHealthCheckBackInsteadOfADuplicate() {
    FailoverSpec spec = Fixtures.spec().build();
    fake.failNext("ChangeTagsForResource", 400, "InvalidInput", 1);
    assertThatThrownBy(() -> Fixtures.provisioner(spec, client).apply())
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("tagging health check");
    assertThat(fake.healthCheckIds()).hasSize(1);

    Fixtures.provisioner(spec, client).apply();

    assertThat(fake.healthCheckIds()).hasSize(2);
    assertThat(fake.healthCheckIds()).allSatisfy(id -> assertThat(fake.tags(id)).isNotEmpty());
    assertThat(Fixtures.provisioner(spec, client).plan().hasChanges()).isFalse();
  }

  @Test
  void ourHealthChecksAreFoundByTagsAmongManyOthers() {
    // More than one page of ListHealthChecks (100) and many ListTagsForResources batches (10).
    for (int i = 0; i < 105; i++) {
      fake.addForeignHealthCheck("host" + i + ".example.net", "Name", "other " + i);
    }
    FailoverSpec spec = Fixtures.spec().build();
    Fixtures.provisioner(spec, client).apply();
    fake.clearOperations();

    assertThat(Fixtures.provisioner(spec, client).plan().hasChanges()).isFalse();
    assertThat(fake.operations().stream().filter("ListHealthChecks"::equals)).hasSize(2);
    assertThat(fake.operations().stream().filter("ListTagsForResources"::equals)).hasSize(11);
    assertThat(fake.healthCheckIds()).hasSize(107);
  }

  private String primaryCheck() {
    return cnames().stream()
        .filter(r -> "PRIMARY".equals(r.failover()))
        .findFirst()
        .orElseThrow()
        .healthCheckId();
  }
}
