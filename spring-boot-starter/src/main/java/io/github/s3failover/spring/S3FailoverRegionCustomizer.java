package io.github.s3failover.spring;

import io.github.s3failover.FailoverRegion;

/**
 * Has the last word on each region before the auto-configured client is built: credentials (a DR
 * bucket often lives in another account), a client customizer for the SDK builder, or a client of
 * the application's own. Every bean of this type is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface S3FailoverRegionCustomizer {

  /**
   * Customizes one region.
   *
   * @param regionId the region's id, the key under {@code s3.failover.regions}
   * @param region the builder, already holding the region's properties
   */
  void customize(String regionId, FailoverRegion.Builder region);
}
