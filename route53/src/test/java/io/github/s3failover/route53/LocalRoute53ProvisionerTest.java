package io.github.s3failover.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import io.github.s3failover.testkit.route53.LocalRecord;
import io.github.s3failover.testkit.route53.LocalRoute53;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The provisioner against {@link LocalRoute53}: Route 53's rules for change batches (no two PRIMARY
 * records at any point of a batch), caller references burnt by deletes, checks deleted while
 * records still use them, and health checks that really probe. Route 53's timing (time factor 1)
 * except in the test that waits for the checkers (factor 0.02: 10 s is 0.2 s).
 */
@LocalRegions(count = 2, sharedCredentials = true)
@Timeout(60)
class LocalRoute53ProvisionerTest {

  private LocalRoute53 route53;
  private Route53Client client;

  @BeforeEach
  void start() {
    route53 = LocalRoute53.builder().changeDelay(Duration.ofMillis(50)).start();
    route53.addZone(Fixtures.ZONE_ID, Fixtures.ZONE);
    client = Fixtures.client(route53.endpoint());
  }

  @AfterEach
  void stop() {
    client.close();
    route53.close();
  }

  private List<LocalRecord> cnames() {
    return route53.records(Fixtures.ZONE_ID).stream()
        .filter(r -> r.type().equals("CNAME"))
        .toList();
  }

  private String primaryCheck() {
    return cnames().stream()
        .filter(r -> "PRIMARY".equals(r.failover()))
        .findFirst()
        .orElseThrow()
        .healthCheckId();
  }

  @Test
  void applyChangeAndDestroyFollowRoute53sRules() {
    FailoverSpec spec = Fixtures.spec().build();
    ApplyResult first = Fixtures.provisioner(spec, client).apply();

    assertThat(first.changed()).isTrue();
    assertThat(cnames())
        .extracting(LocalRecord::setIdentifier, LocalRecord::failover, LocalRecord::ttl)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("primary-us-east-1", "PRIMARY", 30L),
            org.assertj.core.groups.Tuple.tuple("secondary-eu-west-1", "SECONDARY", 30L));
    assertThat(route53.healthCheckConfig(primaryCheck()))
        .containsEntry("Type", "HTTPS")
        .containsEntry("ResourcePath", "/s3-failover-health.txt")
        .containsEntry("RequestInterval", "30");
    assertThat(route53.tags(primaryCheck())).containsEntry("s3-failover:role", "PRIMARY");
    assertThat(Fixtures.provisioner(spec, client).plan().hasChanges()).isFalse();

    // An immutable field: a new check replaces the old one, which is deleted once unused.
    String old = primaryCheck();
    FailoverSpec faster =
        Fixtures.spec()
            .primary(Fixtures.primaryWith(HealthCheckSpec.builder().requestInterval(10).build()))
            .build();
    Fixtures.provisioner(faster, client).apply();
    assertThat(primaryCheck()).isNotEqualTo(old);
    assertThat(route53.healthCheckIds()).hasSize(2).doesNotContain(old);
    assertThat(route53.healthCheckConfig(primaryCheck())).containsEntry("RequestInterval", "10");

    // A mutable field: updated in place.
    String kept = primaryCheck();
    FailoverSpec stricter =
        Fixtures.spec()
            .primary(
                Fixtures.primaryWith(
                    HealthCheckSpec.builder().requestInterval(10).failureThreshold(5).build()))
            .build();
    Fixtures.provisioner(stricter, client).apply();
    assertThat(primaryCheck()).isEqualTo(kept);
    assertThat(route53.healthCheckConfig(kept)).containsEntry("FailureThreshold", "5");

    Fixtures.provisioner(stricter, client).destroy();
    assertThat(cnames()).isEmpty();
    assertThat(route53.healthCheckIds()).isEmpty();

    // Deleted checks burnt their caller references: a new apply must take fresh ones.
    Fixtures.provisioner(spec, client).apply();
    assertThat(cnames()).hasSize(2);
    assertThat(route53.healthCheckIds()).hasSize(2);
    assertThat(Fixtures.provisioner(spec, client).plan().hasChanges()).isFalse();
  }

  @Test
  void statusShowsWhatTheCheckersSawAndTheAnswerFollowsThem(TestRegions regions) {
    try (LocalRoute53 fast =
            LocalRoute53.builder()
                .timeFactor(0.02)
                .checkers(4)
                .changeDelay(Duration.ofMillis(50))
                .start();
        Route53Client fastClient = Fixtures.client(fast.endpoint())) {
      fast.addZone(Fixtures.ZONE_ID, Fixtures.ZONE);
      FailoverSpec spec =
          Fixtures.spec()
              .primary(local(regions.primary(), FailoverRole.PRIMARY, "us-east-1"))
              .secondary(local(regions.secondary(), FailoverRole.SECONDARY, "eu-west-1"))
              .build();
      Fixtures.provisioner(spec, fastClient).apply();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Fixtures.provisioner(spec, fastClient).status().allHealthy());
      ProvisioningStatus healthy = Fixtures.provisioner(spec, fastClient).status();
      assertThat(healthy.regions()).allSatisfy(r -> assertThat(r.checkersHealthy()).isEqualTo(4));
      assertThat(healthy.answeringRole()).contains(FailoverRole.PRIMARY);
      assertThat(healthy.render()).contains("Success: HTTP Status Code 200");

      regions.primary().tcp().blackHole();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  Fixtures.provisioner(spec, fastClient)
                      .status()
                      .answeringRole()
                      .orElseThrow()
                      .equals(FailoverRole.SECONDARY));
      ProvisioningStatus failed = Fixtures.provisioner(spec, fastClient).status();
      assertThat(failed.regions().get(0).healthy()).isFalse();
      assertThat(failed.render()).contains("UNHEALTHY").contains("Failure: Response timed out");
      assertThat(fast.answer(Fixtures.RECORD, "CNAME").orElseThrow())
          .containsExactly("data-eu-west-1.s3.secondary.test");
    }
  }

  /**
   * A region of the spec on a local region: path-style, so the health check's path is /BUCKET/KEY,
   * on the fault proxy's port; the public health object is put directly.
   */
  private static RegionSpec local(TestRegion local, FailoverRole role, String awsRegion) {
    String bucket = "data-" + awsRegion;
    String key = "s3-failover-health.txt";
    local.region().createBucket(bucket);
    local.region().putObject(bucket, key, "ok".getBytes(StandardCharsets.UTF_8));
    local.region().makePublic(bucket, key);
    return RegionSpec.builder(role)
        .awsRegion(awsRegion)
        .bucket(bucket)
        .endpoint(bucket + ".s3." + local.name() + ".test")
        .s3Endpoint(local.endpoint())
        .healthCheck(
            HealthCheckSpec.builder()
                .type(HealthCheckType.HTTP)
                .port(local.tcp().port())
                .healthObjectKey(bucket + "/" + key)
                .requestInterval(10)
                .failureThreshold(3)
                .build())
        .build();
  }
}
