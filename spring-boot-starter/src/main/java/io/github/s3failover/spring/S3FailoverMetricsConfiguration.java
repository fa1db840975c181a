package io.github.s3failover.spring;

import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.RegionPreference;
import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.micrometer.S3FailoverMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer metrics of the failover client, when Micrometer is on the class path. The metrics bean
 * is s3-failover-micrometer's {@code MeterBinder}: Spring Boot binds it to its registries, so this
 * needs none of Boot's metrics classes, whose packages differ between Boot 3 and 4.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterRegistry.class)
class S3FailoverMetricsConfiguration {

  @Bean
  @ConditionalOnMissingBean
  S3FailoverMetrics s3FailoverMetrics(
      S3FailoverProperties properties,
      ObjectProvider<FailoverS3Client> client,
      ObjectProvider<RegionPreference> preference) {
    RegionPreference p = preference.getIfUnique();
    return S3FailoverMetrics.builder()
        .regions(properties.getRegions().keySet())
        .client(client::getIfAvailable)
        .dnsPreference(p instanceof DnsRegionPreference ? (DnsRegionPreference) p : null)
        .build();
  }
}
