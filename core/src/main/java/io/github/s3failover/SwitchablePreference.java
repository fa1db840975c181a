package io.github.s3failover;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link RegionPreference} that the application changes at run time: an operator's manual
 * override, or a drill that moves traffic the way Route 53 would.
 */
public final class SwitchablePreference implements RegionPreference {
  private final AtomicReference<String> preferred;
  private volatile PreferenceContext context;

  SwitchablePreference(String initialRegionId) {
    this.preferred = new AtomicReference<>(initialRegionId);
  }

  @Override
  public Optional<String> preferredRegion() {
    return Optional.ofNullable(preferred.get());
  }

  @Override
  public void start(PreferenceContext context) {
    this.context = context;
    String initial = preferred.get();
    if (initial != null) {
      context.requireRegion(initial, "RegionPreference.switchable(initialRegionId)");
    }
  }

  /**
   * Prefers another region from now on.
   *
   * @param regionId the id of a configured region, or null for the configured priority order
   * @throws IllegalArgumentException if the id names no configured region
   */
  public void switchTo(String regionId) {
    PreferenceContext ctx = context;
    if (regionId != null && ctx != null) {
      ctx.requireRegion(regionId, "SwitchablePreference.switchTo(regionId)");
    }
    preferred.set(regionId);
  }
}
