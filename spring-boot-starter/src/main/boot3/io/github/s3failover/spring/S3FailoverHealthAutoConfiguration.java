package io.github.s3failover.spring;

import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.RegionPreference;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The failover client's health indicator for Spring Boot 3, whose health API lives in {@code
 * spring-boot-actuator}. The Boot 4 build compiles a class of the same name against {@code
 * spring-boot-health} instead (decision 0007).
 */
@AutoConfiguration(after = S3FailoverAutoConfiguration.class)
@ConditionalOnClass(
    name = {
      "org.springframework.boot.actuate.health.HealthIndicator",
      "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"
    })
@ConditionalOnBean(FailoverS3Client.class)
public class S3FailoverHealthAutoConfiguration {

  /** Creates the configuration; Spring Boot does. */
  public S3FailoverHealthAutoConfiguration() {}

  /**
   * The health indicator, shown as {@code s3Failover}.
   *
   * @param client the failover client
   * @param preference its preference, when it is a bean
   * @return the indicator
   */
  // On the method: a class-level condition would be loaded even when the class check fails.
  @Bean
  @ConditionalOnEnabledHealthIndicator("s3failover")
  @ConditionalOnMissingBean(name = "s3FailoverHealthIndicator")
  public S3FailoverHealthIndicator s3FailoverHealthIndicator(
      FailoverS3Client client, ObjectProvider<RegionPreference> preference) {
    return new S3FailoverHealthIndicator(new S3FailoverHealth(client, preference.getIfUnique()));
  }
}
