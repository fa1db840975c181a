package example.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.spring.S3FailoverRegionCustomizer;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;

/** The published starter in a Spring Boot 4 application: failover, health and metrics. */
@SpringBootTest(properties = "management.endpoint.health.show-details=always")
class StorageApplicationTest {
  private static TestRegions regions;

  @Autowired private S3Client s3;
  @Autowired private HealthEndpoint health;
  @Autowired private MeterRegistry meters;

  @DynamicPropertySource
  static void regions(DynamicPropertyRegistry properties) {
    regions = TestRegions.start(2, true);
    for (TestRegion region : regions.all()) {
      region.region().createBucket("media-" + region.name());
      region
          .region()
          .putObject("media-" + region.name(), "cat", "meow".getBytes(StandardCharsets.UTF_8));
      String p = "s3.failover.regions." + region.name() + ".";
      properties.add(p + "aws-region", () -> "us-east-1");
      properties.add(p + "endpoint", () -> region.endpoint().toString());
      properties.add(p + "path-style", () -> "true");
      properties.add(p + "buckets.media", () -> "media-" + region.name());
    }
  }

  @AfterAll
  static void stop() {
    if (regions != null) {
      regions.close();
    }
  }

  /** The local regions accept one key pair. */
  @TestConfiguration
  static class Credentials {
    @Bean
    S3FailoverRegionCustomizer localCredentials() {
      return (id, region) -> region.credentialsProvider(regions.primary().credentials());
    }
  }

  @Test
  void readsGoOnWhenThePrimaryRefusesAndHealthAndMetricsSayIt() {
    assertThat(read()).isEqualTo("meow");
    regions.primary().tcp().refuse();
    for (int i = 0; i < 5; i++) {
      assertThat(read()).isEqualTo("meow");
    }

    IndicatedHealthDescriptor component =
        (IndicatedHealthDescriptor) health.healthForPath("s3Failover");
    assertThat(component.getStatus().getCode()).isEqualTo("UP");
    assertThat(component.getDetails())
        .containsEntry("activeRegion", "secondary")
        .containsEntry("breakers", Map.of("primary", "OPEN", "secondary", "CLOSED"));
    assertThat(
            meters
                .get("s3.failover.calls")
                .tags("region", "secondary", "operation", "GetObject", "outcome", "success")
                .timer()
                .count())
        .isGreaterThanOrEqualTo(5);
    assertThat(
            meters.get("s3.failover.breaker.state").tags("region", "primary", "state", "open")
                .gauge()
                .value())
        .isEqualTo(1.0);
    regions.primary().tcp().pass();
  }

  private String read() {
    return s3.getObjectAsBytes(b -> b.bucket("media").key("cat")).asUtf8String();
  }
}
