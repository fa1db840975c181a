package io.github.s3failover.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A property the client cannot work with stops start-up, and the report names the property. */
@Timeout(60)
class InvalidPropertiesTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  S3FailoverAutoConfiguration.class, S3FailoverAsyncAutoConfiguration.class))
          .withPropertyValues(S3FailoverAutoConfigurationTest.TWO_REGIONS);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "s3.failover.read-timeout=0s | s3.failover.read-timeout | readTimeout",
        "s3.failover.max-attempts-per-region=0 | s3.failover.max-attempts-per-region | 1",
        "s3.failover.minimum-dwell=-1s | s3.failover.minimum-dwell | minimumDwell",
        "s3.failover.priority=primary | s3.failover.priority | every configured region",
        "s3.failover.regions.third.endpoint=http://127.0.0.1:9 | s3.failover.regions.third.aws-region"
            + " | awsRegion",
        "s3.failover.regions.secondary.endpoint=ftp://x | s3.failover.regions.secondary.endpoint"
            + " | http(s)",
        "s3.failover.regions.secondary.buckets.logs=logs-euw1 | s3.failover.regions | 'logs'",
        "s3.failover.breaker.failure-rate-threshold=0 | s3.failover.breaker.failure-rate-threshold"
            + " | failureRateThreshold",
        "s3.failover.dns.name=app..example | s3.failover.dns.name | not a DNS name",
        "s3.failover.dns.name=app.example.test | s3.failover.regions | hostNames",
        "s3.failover.async.attempt-timeout=0s | s3.failover.async.attempt-timeout"
            + " | noAttemptTimeout()",
        "s3.failover.async.read-timeout=-1s | s3.failover.async.read-timeout | readTimeout",
      })
  void theFailureNamesTheProperty(String setting, String property, String advice) {
    runner
        .withPropertyValues(setting, "s3.failover.dns.start-timeout=0s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              S3FailoverPropertyException e = findCause(context.getStartupFailure());
              assertThat(e.getProperty()).isEqualTo(property);
              FailureAnalysis analysis =
                  new S3FailoverFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription()).contains("'" + property + "'").contains(advice);
              assertThat(analysis.getAction()).contains(property);
            });
  }

  @org.junit.jupiter.api.Test
  void breakerPropertiesBesideARegistryBeanAreRefused() {
    runner
        .withPropertyValues("s3.failover.breaker.window-size=5")
        .withBean(CircuitBreakerRegistry.class, CircuitBreakerRegistry::ofDefaults)
        .run(
            context ->
                assertThat(findCause(context.getStartupFailure()).getProperty())
                    .isEqualTo("s3.failover.breaker"));
  }

  private static S3FailoverPropertyException findCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof S3FailoverPropertyException) {
        return (S3FailoverPropertyException) t;
      }
    }
    throw new AssertionError("no S3FailoverPropertyException in", failure);
  }
}
