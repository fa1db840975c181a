package io.github.s3failover.spring;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.s3failover.FailoverListener;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.RegionPreference;
import io.github.s3failover.dns.DnsRegionPreference;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Auto-configures a {@link FailoverS3Client} from the {@code s3.failover} properties.
 *
 * <p>The client is the application's {@code S3Client}, unless another {@code S3Client} bean exists
 * (the application's own, or Spring Cloud AWS's): then that one keeps answering plain {@code
 * S3Client} injection points (it is made primary, when it is the only other one and nothing is
 * primary yet), and the failover client is injected as {@code FailoverS3Client}. See decision 0007.
 */
@AutoConfiguration(afterName = "io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration")
@ConditionalOnClass(FailoverS3Client.class)
@ConditionalOnProperty(
    prefix = S3FailoverProperties.PREFIX,
    name = "enabled",
    matchIfMissing = true)
@EnableConfigurationProperties(S3FailoverProperties.class)
@Import(S3FailoverMetricsConfiguration.class)
public class S3FailoverAutoConfiguration {
  /** The name of the failover client's bean. */
  public static final String CLIENT_BEAN = "s3FailoverClient";

  /** Creates the configuration; Spring Boot does. */
  public S3FailoverAutoConfiguration() {}

  /**
   * Follows the DNS name under {@code s3.failover.dns.name}, when one is set and the application
   * has no {@link RegionPreference} bean of its own. The client starts and stops it.
   *
   * @param properties the properties
   * @return the preference
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean(RegionPreference.class)
  @ConditionalOnProperty(prefix = S3FailoverProperties.PREFIX, name = "dns.name")
  public DnsRegionPreference s3FailoverDnsPreference(S3FailoverProperties properties) {
    return FailoverClientFactory.dnsPreference(properties.getDns());
  }

  /**
   * The failover client, closed with the context.
   *
   * @param properties the properties
   * @param preference the application's or the DNS preference, if any
   * @param registry a resilience4j registry to take the breakers from, if any
   * @param customizers region customizers, in order
   * @param listeners event listeners (metrics among them), in order
   * @return the client
   */
  @Bean(name = CLIENT_BEAN, destroyMethod = "close")
  @ConditionalOnMissingBean(FailoverS3Client.class)
  public FailoverS3Client s3FailoverClient(
      S3FailoverProperties properties,
      ObjectProvider<RegionPreference> preference,
      ObjectProvider<CircuitBreakerRegistry> registry,
      ObjectProvider<S3FailoverRegionCustomizer> customizers,
      ObjectProvider<FailoverListener> listeners) {
    return FailoverClientFactory.create(
        properties,
        preference.getIfUnique(),
        registry.getIfUnique(),
        customizers.orderedStream().toList(),
        listeners.orderedStream().toList());
  }

  /**
   * Keeps the failover client from taking plain {@code S3Client} injection points away from another
   * {@code S3Client} bean: once every bean is defined, the other one is made primary, if it is the
   * only other one and no {@code S3Client} is primary yet.
   *
   * @return the post-processor
   */
  @Bean
  public static BeanFactoryPostProcessor s3FailoverClientYieldsToAnotherS3Client() {
    return S3FailoverAutoConfiguration::yieldToAnotherS3Client;
  }

  private static void yieldToAnotherS3Client(ConfigurableListableBeanFactory beanFactory) {
    if (!beanFactory.containsBeanDefinition(CLIENT_BEAN)) {
      return;
    }
    List<String> others =
        Arrays.stream(beanFactory.getBeanNamesForType(S3Client.class, true, false))
            .filter(name -> !name.equals(CLIENT_BEAN) && beanFactory.containsBeanDefinition(name))
            .toList();
    boolean anyPrimary =
        others.stream().anyMatch(name -> beanFactory.getBeanDefinition(name).isPrimary());
    if (others.size() == 1 && !anyPrimary) {
      beanFactory.getBeanDefinition(others.get(0)).setPrimary(true);
    }
  }
}
