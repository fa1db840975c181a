package io.github.s3failover.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration;
import io.awspring.cloud.s3.S3Template;
import io.github.s3failover.FailoverS3Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * With Spring Cloud AWS's S3 starter on the class path, both clients exist: its {@code S3Client}
 * (and its {@code S3Template}) stay as they are, and the failover client is there by its type.
 */
@Timeout(60)
class BesideSpringCloudAwsTest {

  @Test
  void springCloudAwsKeepsItsS3ClientAndTheFailoverClientIsInjectedByType() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                AwsAutoConfiguration.class,
                CredentialsProviderAutoConfiguration.class,
                RegionProviderAutoConfiguration.class,
                S3AutoConfiguration.class,
                S3FailoverAutoConfiguration.class))
        .withPropertyValues(S3FailoverAutoConfigurationTest.TWO_REGIONS)
        .withPropertyValues(
            "spring.cloud.aws.region.static=us-east-1",
            "spring.cloud.aws.credentials.access-key=AKIAEXAMPLE",
            "spring.cloud.aws.credentials.secret-key=secret")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              S3Client plain = context.getBean(S3Client.class);
              assertThat(plain).isNotInstanceOf(FailoverS3Client.class);
              assertThat(context.getBeanNamesForType(S3Client.class))
                  .containsExactlyInAnyOrder("s3Client", S3FailoverAutoConfiguration.CLIENT_BEAN);
              assertThat(context).hasSingleBean(FailoverS3Client.class);
              assertThat(context).hasSingleBean(S3Template.class);
            });
  }
}
