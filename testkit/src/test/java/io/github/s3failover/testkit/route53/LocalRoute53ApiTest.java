package io.github.s3failover.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.HealthCheckAlreadyExistsException;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Tag;
import software.amazon.awssdk.services.route53.model.TagResourceType;

/** LocalRoute53's API through the SDK's own Route 53 client: shapes, rules, error codes. */
class LocalRoute53ApiTest {

  private static final String NAME = "s3.example.com.";

  private LocalRoute53 route53;
  private Route53Client client;
  private String zoneId;

  @BeforeEach
  void start() {
    route53 = LocalRoute53.builder().changeDelay(Duration.ofSeconds(2)).start();
    zoneId = route53.addZone("example.com");
    client =
        Route53Client.builder()
            .region(Region.AWS_GLOBAL)
            .endpointOverride(route53.endpoint())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "s")))
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    route53.close();
  }

  private String createCheck(String reference, int port) {
    return client
        .createHealthCheck(
            r ->
                r.callerReference(reference)
                    .healthCheckConfig(
                        c ->
                            c.type("HTTP")
                                .fullyQualifiedDomainName("primary.test")
                                .port(port)
                                .resourcePath("/health")))
        .healthCheck()
        .id();
  }

  private static ResourceRecordSet failover(String id, String role, String target, String check) {
    return ResourceRecordSet.builder()
        .name(NAME)
        .type(RRType.CNAME)
        .setIdentifier(id)
        .failover(role)
        .ttl(5L)
        .resourceRecords(ResourceRecord.builder().value(target).build())
        .healthCheckId(check)
        .build();
  }

  private ChangeInfo change(ChangeAction action, ResourceRecordSet... sets) {
    List<Change> changes =
        java.util.Arrays.stream(sets)
            .map(s -> Change.builder().action(action).resourceRecordSet(s).build())
            .toList();
    return client
        .changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(changes)))
        .changeInfo();
  }

  @Test
  void aChangeIsListedAtOnceAndTurnsInsyncAfterTheDelay() throws Exception {
    String check = createCheck("ref-1", 9);
    ChangeInfo info =
        change(
            ChangeAction.CREATE,
            failover("a", "PRIMARY", "a.test", check),
            failover("b", "SECONDARY", "b.test", null));

    assertThat(info.status()).isEqualTo(ChangeStatus.PENDING);
    assertThat(client.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets())
        .extracting(ResourceRecordSet::setIdentifier)
        .contains("a", "b");
    assertThat(client.getChange(r -> r.id(info.id())).changeInfo().status())
        .isEqualTo(ChangeStatus.PENDING);
    assertThat(route53.answer(NAME, "CNAME")).isEmpty();

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (client.getChange(r -> r.id(info.id())).changeInfo().status() != ChangeStatus.INSYNC) {
      assertThat(System.nanoTime()).as("INSYNC in time").isLessThan(deadline);
      Thread.sleep(50);
    }

    assertThat(route53.answer(NAME, "CNAME")).contains(List.of("a.test"));
  }

  @Test
  void aBatchThatHoldsTwoPrimariesAtAnyPointIsRefusedWhole() {
    change(
        ChangeAction.CREATE,
        failover("a", "PRIMARY", "a.test", null),
        failover("b", "SECONDARY", "b.test", null));

    // Swapping roles with two UPSERTs passes through a state with two PRIMARY records.
    assertThatThrownBy(
            () ->
                change(
                    ChangeAction.UPSERT,
                    failover("b", "PRIMARY", "b.test", null),
                    failover("a", "SECONDARY", "a.test", null)))
        .isInstanceOf(InvalidChangeBatchException.class)
        .hasMessageContaining("Failover=PRIMARY");
    assertThatThrownBy(
            () -> change(ChangeAction.CREATE, failover("c", "SECONDARY", "c.test", null)))
        .isInstanceOf(InvalidChangeBatchException.class);

    assertThat(route53.records(zoneId))
        .filteredOn(r -> r.type().equals("CNAME"))
        .extracting(LocalRecord::setIdentifier, LocalRecord::failover)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", "PRIMARY"),
            org.assertj.core.groups.Tuple.tuple("b", "SECONDARY"));
  }

  @Test
  void aHealthCheckStillUsedByARecordCanBeDeletedAsInRoute53() {
    String check = createCheck("ref-2", 9);
    change(ChangeAction.CREATE, failover("a", "PRIMARY", "a.test", check));

    client.deleteHealthCheck(r -> r.healthCheckId(check));

    assertThat(route53.healthCheckIds()).isEmpty();
    assertThat(route53.records(zoneId))
        .filteredOn(r -> r.type().equals("CNAME"))
        .extracting(LocalRecord::healthCheckId)
        .containsExactly(check);
  }

  @Test
  void callerReferencesReturnTheSameCheckForTheSameSettingsAndAreBurntByDelete() {
    String first = createCheck("ref-3", 9);

    assertThat(createCheck("ref-3", 9)).isEqualTo(first);
    assertThatThrownBy(() -> createCheck("ref-3", 10))
        .isInstanceOf(HealthCheckAlreadyExistsException.class);
    client.deleteHealthCheck(r -> r.healthCheckId(first));
    assertThatThrownBy(() -> createCheck("ref-3", 9))
        .isInstanceOf(HealthCheckAlreadyExistsException.class);
  }

  @Test
  void healthChecksKeepTheirConfigurationTagsAndVersion() {
    String id = createCheck("ref-4", 9);
    client.changeTagsForResource(
        r ->
            r.resourceType(TagResourceType.HEALTHCHECK)
                .resourceId(id)
                .addTags(Tag.builder().key("Name").value("primary").build()));
    client.updateHealthCheck(r -> r.healthCheckId(id).healthCheckVersion(1L).failureThreshold(5));

    HealthCheck check = client.getHealthCheck(r -> r.healthCheckId(id)).healthCheck();
    assertThat(check.healthCheckVersion()).isEqualTo(2L);
    assertThat(check.healthCheckConfig().failureThreshold()).isEqualTo(5);
    assertThat(check.healthCheckConfig().requestInterval()).isEqualTo(30);
    assertThat(check.healthCheckConfig().regionsAsStrings()).hasSize(8);
    assertThat(route53.tags(id)).containsEntry("Name", "primary");
    assertThat(
            client
                .listTagsForResources(
                    r -> r.resourceType(TagResourceType.HEALTHCHECK).resourceIds(id))
                .resourceTagSets()
                .get(0)
                .tags())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactly("Name=primary");
  }

  @Test
  void disabledIsAlwaysHealthyAndInvertedTurnsTheStatusAround() {
    // Port 9 refuses, but a disabled check is not probed and counts healthy.
    String id =
        client
            .createHealthCheck(
                r ->
                    r.callerReference("ref-5")
                        .healthCheckConfig(
                            c -> c.type("TCP").ipAddress("127.0.0.1").port(9).disabled(true)))
            .healthCheck()
            .id();
    assertThat(route53.status(id).healthy()).isTrue();
    assertThat(route53.status(id).observations()).isEmpty();

    // Route 53: to stop routing to a disabled check's resource, invert it.
    client.updateHealthCheck(r -> r.healthCheckId(id).inverted(true));

    assertThat(route53.status(id).healthy()).isFalse();
    assertThat(route53.events())
        .containsExactly(
            new Route53Event.HealthChanged(route53.events().get(0).at(), id, false, 8, 8));
  }
}
