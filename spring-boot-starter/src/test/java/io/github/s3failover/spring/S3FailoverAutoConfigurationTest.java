package io.github.s3failover.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverS3ClientBuilder;
import io.github.s3failover.RegionPreference;
import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.micrometer.S3FailoverMetrics;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Which beans the auto-configuration makes, from which properties, and when it backs off. */
@Timeout(60)
class S3FailoverAutoConfigurationTest {
  // Building the client opens no connection, so a closed port is a fine endpoint here.
  static final String[] TWO_REGIONS = {
    "s3.failover.regions.primary.aws-region=us-east-1",
    "s3.failover.regions.primary.endpoint=http://127.0.0.1:9",
    "s3.failover.regions.primary.path-style=true",
    "s3.failover.regions.primary.buckets.media=media-use1",
    "s3.failover.regions.secondary.aws-region=eu-west-1",
    "s3.failover.regions.secondary.buckets.media=media-euw1",
  };

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  S3FailoverAutoConfiguration.class, S3FailoverHealthAutoConfiguration.class));

  @Test
  void theFailoverClientIsTheApplicationsS3ClientBuiltFromTheProperties() {
    runner
        .withPropertyValues(TWO_REGIONS)
        .run(
            context -> {
              assertThat(context).hasSingleBean(FailoverS3Client.class);
              FailoverS3Client client = context.getBean(FailoverS3Client.class);
              assertThat(context.getBean(S3Client.class)).isSameAs(client);
              assertThat(client.regions())
                  .extracting(FailoverRegion::id)
                  .containsExactly("primary", "secondary");
              FailoverRegion primary = client.regions().get(0);
              assertThat(primary.endpointOverride()).contains(URI.create("http://127.0.0.1:9"));
              assertThat(primary.forcePathStyle()).isTrue();
              assertThat(client.regions().get(1).awsRegion()).contains(Region.EU_WEST_1);
              assertThat(client.physicalBucket("media")).isEqualTo("media-use1");
              assertThat(context).doesNotHaveBean(DnsRegionPreference.class);
            });
  }

  @Test
  void priorityAndBreakerPropertiesReachTheClient() {
    runner
        .withPropertyValues(TWO_REGIONS)
        .withPropertyValues(
            "s3.failover.priority=secondary,primary",
            "s3.failover.breaker.window-size=20",
            "s3.failover.breaker.wait-in-open=7s")
        .run(
            context -> {
              FailoverS3Client client = context.getBean(FailoverS3Client.class);
              assertThat(client.regions())
                  .extracting(FailoverRegion::id)
                  .containsExactly("secondary", "primary");
              var config = client.circuitBreaker("primary").getCircuitBreakerConfig();
              assertThat(config.getSlidingWindowSize()).isEqualTo(20);
              assertThat(config.getMinimumNumberOfCalls()).isEqualTo(3);
              assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(7_000L);
              // The write policy's effect is tested on local regions, in
              // PropertiesAndCustomizersOnLocalRegionsTest.
            });
  }

  @Test
  void theDefaultsShownInTheMetadataAreTheLibrarysDefaults() {
    S3FailoverProperties p = new S3FailoverProperties();
    assertThat(p.getMinimumDwell()).isEqualTo(FailoverS3ClientBuilder.DEFAULT_MINIMUM_DWELL);
    assertThat(p.getConnectTimeout()).isEqualTo(FailoverS3ClientBuilder.DEFAULT_CONNECT_TIMEOUT);
    assertThat(p.getReadTimeout()).isEqualTo(FailoverS3ClientBuilder.DEFAULT_READ_TIMEOUT);
    assertThat(p.getMaxAttemptsPerRegion())
        .isEqualTo(FailoverS3ClientBuilder.DEFAULT_MAX_ATTEMPTS_PER_REGION);
    assertThat(p.getConnectionTimeToLive())
        .isEqualTo(FailoverS3ClientBuilder.DEFAULT_CONNECTION_TIME_TO_LIVE);
    S3FailoverDnsProperties dns = p.getDns();
    assertThat(dns.getMinTtl()).isEqualTo(DnsRegionPreference.DEFAULT_MIN_TTL);
    assertThat(dns.getMaxTtl()).isEqualTo(DnsRegionPreference.DEFAULT_MAX_TTL);
    assertThat(dns.getStaleTime()).isEqualTo(DnsRegionPreference.DEFAULT_STALE_TIME);
    assertThat(dns.getStartTimeout()).isEqualTo(DnsRegionPreference.DEFAULT_START_TIMEOUT);
    assertThat(dns.getQueryTimeout()).isEqualTo(DnsRegionPreference.DEFAULT_QUERY_TIMEOUT);
    assertThat(dns.getQueryType()).isEqualTo(DnsRegionPreference.DEFAULT_QUERY_TYPE);
  }

  @Test
  void nothingIsConfiguredWhenDisabled() {
    runner
        .withPropertyValues(TWO_REGIONS)
        .withPropertyValues("s3.failover.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(FailoverS3Client.class);
              assertThat(context).doesNotHaveBean(S3FailoverHealthIndicator.class);
            });
  }

  @Test
  void nothingIsConfiguredWithoutTheLibrary() {
    runner
        .withPropertyValues(TWO_REGIONS)
        .withClassLoader(new FilteredClassLoader(FailoverS3Client.class))
        .run(context -> assertThat(context).doesNotHaveBean(FailoverS3Client.class));
  }

  @Test
  void theApplicationsOwnFailoverClientWins() {
    runner
        .withPropertyValues(TWO_REGIONS)
        .withUserConfiguration(OwnFailoverClient.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(FailoverS3Client.class);
              assertThat(context.getBean(FailoverS3Client.class).regions())
                  .extracting(FailoverRegion::id)
                  .containsExactly("own");
              assertThat(context).hasSingleBean(S3FailoverHealthIndicator.class);
            });
  }

  @Test
  void anotherS3ClientKeepsPlainInjectionAndTheFailoverClientIsInjectedByItsType() {
    runner
        .withPropertyValues(TWO_REGIONS)
        .withUserConfiguration(OwnS3Client.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              S3Client plain = context.getBean(S3Client.class);
              assertThat(plain).isNotInstanceOf(FailoverS3Client.class);
              assertThat(context.getBean(FailoverS3Client.class).regions()).hasSize(2);
              assertThat(context.getBean(Consumer.class).s3).isSameAs(plain);
            });
  }

  @Test
  void regionCustomizersRunInOrderForEachRegion() {
    List<String> seen = new ArrayList<>();
    runner
        .withPropertyValues(TWO_REGIONS)
        .withBean("second", S3FailoverRegionCustomizer.class, () -> new Ordered2(seen))
        .withBean("first", S3FailoverRegionCustomizer.class, () -> new Ordered1(seen))
        .run(
            context -> {
              context.getBean(FailoverS3Client.class);
              assertThat(seen)
                  .containsExactly("1:primary", "2:primary", "1:secondary", "2:secondary");
            });
  }

  @Test
  void anExistingCircuitBreakerRegistrySuppliesTheBreakers() {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    runner
        .withPropertyValues(TWO_REGIONS)
        .withBean(CircuitBreakerRegistry.class, () -> registry)
        .run(
            context -> {
              CircuitBreaker breaker =
                  context.getBean(FailoverS3Client.class).circuitBreaker("primary");
              assertThat(breaker).isSameAs(registry.circuitBreaker("s3-failover-primary"));
            });
  }

  @Test
  void theApplicationsPreferenceBeanIsUsed() {
    runner
        .withPropertyValues(TWO_REGIONS)
        .withBean(RegionPreference.class, () -> RegionPreference.fixed("secondary"))
        .run(
            context ->
                assertThat(context.getBean(FailoverS3Client.class).status().preferredRegion())
                    .isEqualTo("secondary"));
  }

  @Test
  void healthAndMetricsBeansNeedTheirLibraries() {
    runner
        .withPropertyValues(TWO_REGIONS)
        .run(
            context -> {
              assertThat(context).hasSingleBean(S3FailoverHealthIndicator.class);
              assertThat(context).hasSingleBean(S3FailoverMetrics.class);
            });
    runner
        .withPropertyValues(TWO_REGIONS)
        .withClassLoader(new FilteredClassLoader(HealthProbe.HEALTH_PACKAGE, "io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasSingleBean(FailoverS3Client.class);
              assertThat(context).doesNotHaveBean(S3FailoverHealthIndicator.class);
              assertThat(context).doesNotHaveBean(S3FailoverMetrics.class);
            });
    runner
        .withPropertyValues(TWO_REGIONS)
        .withPropertyValues("management.health.s3failover.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(S3FailoverHealthIndicator.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnFailoverClient {
    @Bean
    FailoverS3Client myFailover() {
      return FailoverS3Client.builder()
          .addRegion(FailoverRegion.builder("own").awsRegion(Region.US_EAST_1).build())
          .build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnS3Client {
    @Bean
    S3Client myS3() {
      return S3Client.builder()
          .region(Region.US_EAST_1)
          .endpointOverride(URI.create("http://127.0.0.1:9"))
          .build();
    }

    @Bean
    Consumer consumer(S3Client s3) {
      return new Consumer(s3);
    }
  }

  static final class Consumer {
    final S3Client s3;

    Consumer(S3Client s3) {
      this.s3 = s3;
    }
  }

  @Order(1)
  record Ordered1(List<String> seen) implements S3FailoverRegionCustomizer {
    @Override
    public void customize(String regionId, FailoverRegion.Builder region) {
      seen.add("1:" + regionId);
    }
  }

  @Order(2)
  record Ordered2(List<String> seen) implements S3FailoverRegionCustomizer {
    @Override
    public void customize(String regionId, FailoverRegion.Builder region) {
      seen.add("2:" + regionId);
    }
  }
}
