package io.github.s3failover.internal;

import io.github.s3failover.PreferenceContext;
import io.github.s3failover.RegionPreference;
import java.util.Optional;

/** The preference behind {@code RegionPreference.fixed} and {@code priorityOrder}. */
@InternalApi
public final class FixedPreference implements RegionPreference {
  private final Optional<String> regionId;

  /**
   * Creates the preference.
   *
   * @param regionId the region always preferred, or null for priority order
   */
  public FixedPreference(String regionId) {
    this.regionId = Optional.ofNullable(regionId);
  }

  @Override
  public Optional<String> preferredRegion() {
    return regionId;
  }

  @Override
  public void start(PreferenceContext context) {
    regionId.ifPresent(id -> context.requireRegion(id, "RegionPreference.fixed(regionId)"));
  }

  @Override
  public String toString() {
    return regionId.map(id -> "fixed(" + id + ")").orElse("priorityOrder()");
  }
}
