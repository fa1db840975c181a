package io.github.s3failover;

import io.github.s3failover.event.FailoverEvent;
import java.time.Clock;
import java.util.List;

/**
 * What a {@link RegionPreference} learns about the client it serves when the client is built: the
 * configured regions, the clock, and where to report events.
 */
public interface PreferenceContext {

  /**
   * Returns the configured regions, in priority order.
   *
   * @return the regions
   */
  List<FailoverRegion> regions();

  /**
   * Returns the clock the client uses.
   *
   * @return the clock
   */
  Clock clock();

  /**
   * Reports an event to the client's listeners.
   *
   * @param event the event
   */
  void publish(FailoverEvent event);

  /**
   * Checks that an id names a configured region.
   *
   * @param regionId the id to check
   * @param where the setting that holds the id, for the error message
   * @throws IllegalArgumentException naming the unknown id and the configured ones
   */
  default void requireRegion(String regionId, String where) {
    for (FailoverRegion region : regions()) {
      if (region.id().equals(regionId)) {
        return;
      }
    }
    throw new IllegalArgumentException(
        where
            + " names region '"
            + regionId
            + "', which is not configured; configured regions: "
            + regions().stream().map(FailoverRegion::id).toList());
  }
}
