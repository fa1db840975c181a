package io.github.s3failover.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.s3failover.testkit.route53.LocalRecord;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetFailover;

/**
 * Rules of the real Route 53 that its API reference does not spell out and that the fake enforces
 * as Route 53 does, each with the module behaviour that respects it.
 */
class RealRoute53RulesTest extends FakeRoute53Test {

  private static RegionSpec region(FailoverRole role, String awsRegion, String bucket, String id) {
    return RegionSpec.builder(role).awsRegion(awsRegion).bucket(bucket).setIdentifier(id).build();
  }

  private static FailoverSpec pair(RegionSpec primary, RegionSpec secondary) {
    return FailoverSpec.builder()
        .hostedZone(Fixtures.ZONE)
        .recordName(Fixtures.RECORD)
        .primary(primary)
        .secondary(secondary)
        .build();
  }

  private List<LocalRecord> cnames() {
    return fake.records(Fixtures.ZONE_ID).stream().filter(r -> r.type().equals("CNAME")).toList();
  }

  @Test
  void theFakeRefusesABatchThatWouldHoldTwoPrimariesBetweenItsChanges() {
    Fixtures.provisioner(Fixtures.spec().build(), client).apply();
    LocalRecord old =
        cnames().stream().filter(r -> "PRIMARY".equals(r.failover())).findFirst().orElseThrow();

    // UPSERT the new primary first, then DELETE the old one: valid at the end, not in between.
    Change upsert =
        Change.builder()
            .action(ChangeAction.UPSERT)
            .resourceRecordSet(
                ResourceRecordSet.builder()
                    .name(Fixtures.RECORD)
                    .type(RRType.CNAME)
                    .setIdentifier("use1")
                    .failover(ResourceRecordSetFailover.PRIMARY)
                    .ttl(30L)
                    .resourceRecords(ResourceRecord.builder().value(old.values().get(0)).build())
                    .build())
            .build();
    Change delete =
        Change.builder()
            .action(ChangeAction.DELETE)
            .resourceRecordSet(
                ResourceRecordSet.builder()
                    .name(old.name())
                    .type(RRType.CNAME)
                    .setIdentifier(old.setIdentifier())
                    .failover(ResourceRecordSetFailover.PRIMARY)
                    .ttl(old.ttl())
                    .healthCheckId(old.healthCheckId())
                    .resourceRecords(ResourceRecord.builder().value(old.values().get(0)).build())
                    .build())
            .build();
    assertThatThrownBy(
            () ->
                client.changeResourceRecordSets(
                    r ->
                        r.hostedZoneId(Fixtures.ZONE_ID)
                            .changeBatch(b -> b.changes(List.of(upsert, delete)))))
        .isInstanceOf(InvalidChangeBatchException.class)
        .hasMessageContaining("cannot hold two PRIMARY failover records");
    assertThat(cnames()).hasSize(2);
  }

  @Test
  void aRenamedSetIdentifierIsAppliedByDeletingTheOldRecordBeforeCreatingTheNew() {
    Fixtures.provisioner(Fixtures.spec().build(), client).apply();
    FailoverSpec renamed =
        pair(
            region(FailoverRole.PRIMARY, "us-east-1", "app-data-use1", "use1"),
            Fixtures.spec().build().secondary());

    Fixtures.provisioner(renamed, client).apply();

    assertThat(cnames())
        .extracting(LocalRecord::setIdentifier, LocalRecord::failover)
        .containsExactlyInAnyOrder(
            tuple("use1", "PRIMARY"), tuple("secondary-eu-west-1", "SECONDARY"));
    assertThat(Fixtures.provisioner(renamed, client).plan().hasChanges()).isFalse();
  }

  @Test
  void swappingRolesKeepsOneRecordPerRoleAtEveryStepOfTheBatch() {
    RegionSpec east = region(FailoverRole.PRIMARY, "us-east-1", "app-data-use1", "use1");
    RegionSpec west = region(FailoverRole.SECONDARY, "eu-west-1", "app-data-euw1", "euw1");
    Fixtures.provisioner(pair(east, west), client).apply();
    FailoverSpec swapped =
        pair(
            region(FailoverRole.PRIMARY, "eu-west-1", "app-data-euw1", "euw1"),
            region(FailoverRole.SECONDARY, "us-east-1", "app-data-use1", "use1"));

    Fixtures.provisioner(swapped, client).apply();

    assertThat(cnames())
        .extracting(LocalRecord::setIdentifier, LocalRecord::failover, r -> r.values().get(0))
        .containsExactlyInAnyOrder(
            tuple("euw1", "PRIMARY", "app-data-euw1.s3.eu-west-1.amazonaws.com"),
            tuple("use1", "SECONDARY", "app-data-use1.s3.us-east-1.amazonaws.com"));
    assertThat(Fixtures.provisioner(swapped, client).plan().hasChanges()).isFalse();
  }

  @Test
  void route53DeletesAHealthCheckThatARecordStillUses() {
    ApplyResult applied = Fixtures.provisioner(Fixtures.spec().build(), client).apply();
    String used = applied.records().get(0).healthCheckId().orElseThrow();

    client.deleteHealthCheck(r -> r.healthCheckId(used));

    assertThat(fake.healthCheckIds()).doesNotContain(used);
    assertThat(fake.deletedWhileInUse()).containsExactly(used);
    assertThat(cnames()).extracting(LocalRecord::healthCheckId).contains(used);
  }

  @Test
  void theModuleDeletesNoHealthCheckThatARecordStillUses() {
    FailoverSpec spec = Fixtures.spec().build();
    Fixtures.provisioner(spec, client).apply();
    // Replacing a check (an immutable field changed) deletes the old one after the records moved.
    FailoverSpec faster =
        Fixtures.spec()
            .primary(Fixtures.primaryWith(HealthCheckSpec.builder().requestInterval(10).build()))
            .build();
    Fixtures.provisioner(faster, client).apply();
    Fixtures.provisioner(faster, client).destroy();

    assertThat(fake.operations()).contains("DeleteHealthCheck");
    assertThat(fake.healthCheckIds()).isEmpty();
    assertThat(fake.deletedWhileInUse()).isEmpty();
  }

  @Test
  void applyTurnsBackAnInvertedOrDisabledHealthCheck() {
    FailoverSpec spec = Fixtures.spec().build();
    ApplyResult applied = Fixtures.provisioner(spec, client).apply();
    String primary = applied.records().get(0).healthCheckId().orElseThrow();
    String secondary = applied.records().get(1).healthCheckId().orElseThrow();
    fake.setConfig(primary, "Inverted", "true");
    fake.setConfig(secondary, "Disabled", "true");

    assertThat(Fixtures.provisioner(spec, client).plan().render())
        .contains("inverted: true -> false")
        .contains("disabled: true -> false");
    Fixtures.provisioner(spec, client).apply();

    assertThat(fake.config(primary)).containsEntry("Inverted", "false");
    assertThat(fake.config(secondary)).containsEntry("Disabled", "false");
    assertThat(Fixtures.provisioner(spec, client).plan().hasChanges()).isFalse();
  }

  @Test
  void aCallerReferenceThatRoute53HasForgottenIsUsedAgain() {
    FailoverSpec spec = Fixtures.spec().build();
    Fixtures.provisioner(spec, client).apply();
    Fixtures.provisioner(spec, client).destroy();
    fake.forgetDeletedCallerReferences();
    fake.clearOperations();

    Fixtures.provisioner(spec, client).apply();

    // Generation 1 is free again: one CreateHealthCheck per role, no HealthCheckAlreadyExists.
    assertThat(fake.operations().stream().filter("CreateHealthCheck"::equals)).hasSize(2);
    assertThat(fake.healthCheckIds()).hasSize(2);
  }
}
