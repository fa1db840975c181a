package io.github.s3failover.spring;

import io.github.s3failover.FailoverS3AsyncClient;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverS3Presigner;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The async front doors of the failover client: a {@link FailoverS3AsyncClient}, a {@link
 * FailoverS3Presigner} (and, in {@link S3FailoverTransferManagerAutoConfiguration}, a transfer
 * manager on the async client). All share the {@link FailoverS3Client} bean's routing rules
 * (breakers, preference, listeners), so its health indicator and meters cover them too.
 *
 * <p>Each bean backs off when the application has a bean of the SDK type (an {@code S3AsyncClient},
 * {@code S3Presigner} or {@code S3TransferManager} of its own, or Spring Cloud AWS's), so plain
 * injection points never see two candidates; set {@code s3.failover.async.enabled=false} to have
 * none of them.
 */
@AutoConfiguration(
    after = S3FailoverAutoConfiguration.class,
    afterName = "io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration")
@ConditionalOnClass(FailoverS3AsyncClient.class)
@ConditionalOnBean(FailoverS3Client.class)
@ConditionalOnProperty(
    prefix = S3FailoverProperties.PREFIX,
    name = "async.enabled",
    matchIfMissing = true)
// Bound here too: with an application's own FailoverS3Client and s3.failover.enabled=false, the
// async timeouts still apply.
@EnableConfigurationProperties(S3FailoverProperties.class)
public class S3FailoverAsyncAutoConfiguration {

  /** Creates the configuration; Spring Boot does. */
  public S3FailoverAsyncAutoConfiguration() {}

  /**
   * The async failover client, sharing the sync client's rules, its regional clients with the
   * timeouts under {@code s3.failover.async}; closed with the context.
   *
   * @param client the failover client (the application's own one too)
   * @param properties the properties
   * @return the async client
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(S3AsyncClient.class)
  public FailoverS3AsyncClient s3FailoverAsyncClient(
      FailoverS3Client client, S3FailoverProperties properties) {
    return FailoverClientFactory.asyncClient(client, properties.getAsync());
  }

  /**
   * The presigner whose URLs name the region that would serve now; closed with the context.
   *
   * @param client the failover client
   * @return the presigner
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(S3Presigner.class)
  public FailoverS3Presigner s3FailoverPresigner(FailoverS3Client client) {
    try {
      return FailoverS3Presigner.builder(client).build();
    } catch (IllegalArgumentException e) {
      throw new S3FailoverPropertyException(S3FailoverProperties.PREFIX + ".async.enabled", e);
    }
  }
}
