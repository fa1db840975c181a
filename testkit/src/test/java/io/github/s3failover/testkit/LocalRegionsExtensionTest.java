package io.github.s3failover.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@Timeout(30)
@LocalRegions(count = 2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRegionsExtensionTest {

  @Test
  @Order(1)
  void injectsWorkingRegionsBehindTheirOwnFaultProxies(TestRegions regions) {
    assertThat(regions.size()).isEqualTo(2);
    assertThat(regions.all().stream().map(TestRegion::name).collect(Collectors.toList()))
        .containsExactly("primary", "secondary");
    assertThat(regions.primary().endpoint()).isNotEqualTo(regions.secondary().endpoint());
    assertThat(regions.primary().region().accessKey())
        .isNotEqualTo(regions.secondary().region().accessKey());

    regions.createBucket("shared");
    for (TestRegion region : regions.all()) {
      try (S3Client s3 = Clients.s3(region.endpoint(), region.credentials())) {
        s3.putObject(b -> b.bucket("shared").key(region.name()), RequestBody.fromString("x"));
      }
      assertThat(region.region().objectExists("shared", region.name())).isTrue();
      assertThat(region.region().requestCount(Operation.PUT_OBJECT)).isEqualTo(1);
      assertThat(region.tcp().connectionsAccepted()).isEqualTo(1);
    }
  }

  @Test
  @Order(2)
  void leavesFaultsBehind(TestRegions regions) {
    regions.primary().tcp().refuse();
    regions.primary().http().serviceUnavailable();
    regions.secondary().region().stop();
  }

  @Test
  @Order(3)
  void everyTestStartsWithoutFaultsAndWithZeroCounters(TestRegions regions) {
    TestRegion primary = regions.primary();
    assertThat(primary.tcp().mode()).isEqualTo(Fault.pass());
    assertThat(primary.http().mode()).isEqualTo("pass");
    assertThat(regions.secondary().region().isRunning()).isTrue();
    assertThat(primary.region().requestCount()).isZero();
    assertThat(primary.tcp().connectionsAccepted()).isZero();
    // Data is kept across tests of a class.
    assertThat(primary.region().objectExists("shared", "primary")).isTrue();

    try (S3Client s3 = Clients.s3(primary.http().endpoint(), primary.credentials())) {
      assertThat(s3.getObjectAsBytes(b -> b.bucket("shared").key("primary")).asUtf8String())
          .isEqualTo("x");
    }
  }

  @Test
  @Order(4)
  @LocalRegions(count = 3, sharedCredentials = true)
  void methodLevelAnnotationGetsItsOwnSet(TestRegions regions) {
    assertThat(regions.size()).isEqualTo(3);
    assertThat(regions.tertiary().name()).isEqualTo("tertiary");
    assertThat(regions.get(2)).isSameAs(regions.tertiary());
    assertThat(regions.primary().region().accessKey())
        .isEqualTo(regions.tertiary().region().accessKey());

    regions.createBucket("one-key");
    try (S3Client s3 = Clients.s3(regions.tertiary().endpoint(), regions.primary().credentials())) {
      s3.putObject(b -> b.bucket("one-key").key("k"), RequestBody.fromString("y"));
    }
    assertThat(regions.tertiary().region().objectExists("one-key", "k")).isTrue();
  }

  @Test
  @Order(5)
  void theClassSetIsStillTheSame(TestRegions regions) {
    assertThat(regions.size()).isEqualTo(2);
    assertThat(regions.primary().region().objectExists("shared", "primary")).isTrue();
  }
}
