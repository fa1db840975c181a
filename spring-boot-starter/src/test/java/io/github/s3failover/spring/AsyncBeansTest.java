package io.github.s3failover.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.s3failover.FailoverS3AsyncClient;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverS3Presigner;
import io.github.s3failover.micrometer.S3FailoverMetrics;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * The async client, presigner and transfer manager beans: they share the failover client's rules,
 * so its health indicator and meters see their calls; each backs off for the application's own.
 */
@Timeout(60)
class AsyncBeansTest {
  private static TestRegions regions;

  @BeforeAll
  static void start() {
    regions = MediaRegions.start(true);
  }

  @AfterAll
  static void stop() {
    regions.close();
  }

  private ApplicationContextRunner runner() {
    List<String> props = new ArrayList<>();
    for (TestRegion region : regions.all()) {
      props.addAll(MediaRegions.properties(region, "us-east-1"));
    }
    props.add("s3.failover.read-timeout=3s");
    props.add("s3.failover.breaker.minimum-calls=2");
    props.add("s3.failover.breaker.wait-in-open=30s");
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                S3FailoverAutoConfiguration.class,
                S3FailoverHealthAutoConfiguration.class,
                S3FailoverAsyncAutoConfiguration.class,
                S3FailoverTransferManagerAutoConfiguration.class))
        .withPropertyValues(props.toArray(String[]::new))
        .withBean(
            S3FailoverRegionCustomizer.class,
            () -> (id, region) -> region.credentialsProvider(regions.primary().credentials()));
  }

  @Test
  void asyncCallsFailOverAndShowInTheSameHealthAndMeters() {
    regions.reset();
    runner()
        .run(
            context -> {
              assertThat(context).hasSingleBean(FailoverS3AsyncClient.class);
              assertThat(context).hasSingleBean(FailoverS3Presigner.class);
              assertThat(context).hasSingleBean(S3TransferManager.class);
              SimpleMeterRegistry registry = new SimpleMeterRegistry();
              context.getBean(S3FailoverMetrics.class).bindTo(registry);
              S3AsyncClient async = context.getBean(S3AsyncClient.class);
              S3FailoverHealthIndicator health = context.getBean(S3FailoverHealthIndicator.class);

              regions.primary().tcp().refuse();
              for (int i = 0; i < 4; i++) {
                assertThat(
                        async
                            .getObject(
                                b -> b.bucket("media").key("cat"),
                                AsyncResponseTransformer.toBytes())
                            .join()
                            .asString(StandardCharsets.UTF_8))
                    .isEqualTo("meow");
              }
              assertThat(HealthProbe.details(health))
                  .containsEntry("activeRegion", "secondary")
                  .containsEntry("breakers", Map.of("primary", "OPEN", "secondary", "CLOSED"));
              assertThat(
                      registry
                          .get(S3FailoverMetrics.CALLS)
                          .tags(
                              "region", "secondary", "operation", "GetObject", "outcome", "success")
                          .timer()
                          .count())
                  .isEqualTo(4);
              // The sync client sees the same breakers.
              assertThat(context.getBean(FailoverS3Client.class).status().activeRegion())
                  .isEqualTo("secondary");
              assertThat(
                      context
                          .getBean(S3Presigner.class)
                          .presignGetObject(
                              r ->
                                  r.signatureDuration(java.time.Duration.ofMinutes(1))
                                      .getObjectRequest(g -> g.bucket("media").key("cat")))
                          .url()
                          .toString())
                  .contains("/media-secondary/cat");
            });
  }

  @Test
  void theAsyncClientTakesItsOwnAttemptTimeoutNotTheSyncOne() {
    regions.reset();
    byte[] nineMib = new byte[9 * 1024 * 1024];
    runner()
        .withPropertyValues(
            "s3.failover.attempt-timeout=5s", "s3.failover.async.attempt-timeout=700ms")
        .run(
            context -> {
              S3AsyncClient async = context.getBean(S3AsyncClient.class);
              // A slow link: the first 8 MiB part takes about 2 s.
              regions.primary().tcp().bandwidth(4L * 1024 * 1024);
              try {
                async
                    .putObject(
                        b -> b.bucket("media").key("small"), AsyncRequestBody.fromString("s"))
                    .join();
                assertThatThrownBy(
                        () ->
                            async
                                .putObject(
                                    b -> b.bucket("media").key("large"),
                                    AsyncRequestBody.fromBytes(nineMib))
                                .join())
                    .hasRootCauseInstanceOf(ApiCallAttemptTimeoutException.class)
                    .hasStackTraceContaining("700 millis");
              } finally {
                regions.primary().tcp().pass();
              }
            });
  }

  @Test
  void eachBeanBacksOffForTheApplicationsOwnAndTheTransferManagerNeedsItsJar() {
    runner()
        .withBean(
            "ownAsync",
            S3AsyncClient.class,
            () -> S3AsyncClient.builder().region(Region.US_EAST_1).build())
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(FailoverS3AsyncClient.class);
              assertThat(context).hasSingleBean(S3AsyncClient.class);
              assertThat(context).doesNotHaveBean(S3TransferManager.class);
              assertThat(context).hasSingleBean(FailoverS3Presigner.class);
            });
    runner()
        .withClassLoader(new FilteredClassLoader(S3TransferManager.class))
        .run(
            context -> {
              assertThat(context).hasSingleBean(FailoverS3AsyncClient.class);
              assertThat(context).doesNotHaveBean("s3FailoverTransferManager");
            });
    runner()
        .withPropertyValues("s3.failover.async.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(FailoverS3Client.class);
              assertThat(context).doesNotHaveBean(FailoverS3AsyncClient.class);
              assertThat(context).doesNotHaveBean(FailoverS3Presigner.class);
            });
  }
}
