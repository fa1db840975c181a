package io.github.s3failover.spring;

import io.github.s3failover.FailoverS3AsyncClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * An {@link S3TransferManager} on the {@link FailoverS3AsyncClient} bean, when the SDK's {@code
 * s3-transfer-manager} is on the class path and the application has no transfer manager of its own.
 * Its transfers run as multipart transfers inside one region and fail over between regions.
 */
@AutoConfiguration(after = S3FailoverAsyncAutoConfiguration.class)
@ConditionalOnClass(S3TransferManager.class)
@ConditionalOnBean(FailoverS3AsyncClient.class)
public class S3FailoverTransferManagerAutoConfiguration {

  /** Creates the configuration; Spring Boot does. */
  public S3FailoverTransferManagerAutoConfiguration() {}

  /**
   * The transfer manager; closed with the context.
   *
   * @param client the async failover client
   * @return the transfer manager
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(S3TransferManager.class)
  public S3TransferManager s3FailoverTransferManager(FailoverS3AsyncClient client) {
    return S3TransferManager.builder().s3Client(client).build();
  }
}
