package io.github.s3failover;

import io.github.s3failover.internal.FixedPreference;
import java.util.Optional;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Tells {@link FailoverS3Client} which region is preferred now: the region it uses first, and the
 * one that writes go to under {@link WritePolicy#PRIMARY_ONLY}.
 *
 * <p>The client asks on every call, so {@link #preferredRegion()} must be cheap and must never
 * block (a DNS-backed preference refreshes in the background and answers from memory). An empty
 * answer means "no opinion": the configured priority order applies.
 *
 * <p>The client calls {@link #start(PreferenceContext)} once, from {@code build()}, and {@link
 * #close()} when it is closed.
 */
public interface RegionPreference extends SdkAutoCloseable {

  /**
   * Returns the id of the preferred region, or empty to use the configured priority order. An id
   * that names no configured region is ignored.
   *
   * @return the preferred region id, or empty
   */
  Optional<String> preferredRegion();

  /**
   * Returns whether the preference had an answer and lost it (for a DNS preference: no good answer
   * for longer than the stale time). Reads then follow the priority order, but writes under {@link
   * WritePolicy#PRIMARY_ONLY} fail fast: other instances may still see Route 53's answer, and
   * writing to the priority order could put this instance's writes in another region than theirs.
   *
   * @return false by default
   */
  default boolean answerLost() {
    return false;
  }

  /**
   * Called once by {@link FailoverS3ClientBuilder#build()} before the client serves a call: check
   * the configuration against the regions (throw {@link IllegalArgumentException} naming the
   * problem) and start any background work.
   *
   * @param context the configured regions and where to report events
   */
  default void start(PreferenceContext context) {}

  /** Stops background work. The default does nothing. */
  @Override
  default void close() {}

  /**
   * A preference with no opinion: regions are used in the configured priority order.
   *
   * @return a preference that always answers empty
   */
  static RegionPreference priorityOrder() {
    return new FixedPreference(null);
  }

  /**
   * A preference that always names the same region.
   *
   * @param regionId the id of a configured region
   * @return a fixed preference
   */
  static RegionPreference fixed(String regionId) {
    if (regionId == null || regionId.isBlank()) {
      throw new IllegalArgumentException(
          "RegionPreference.fixed(regionId): regionId is blank; pass the id of a configured region");
    }
    return new FixedPreference(regionId);
  }

  /**
   * A preference changed by the application at run time, for operator overrides, tests and drills.
   *
   * @param initialRegionId the id of the region preferred at start, or null for priority order
   * @return a preference whose answer {@link SwitchablePreference#switchTo(String)} changes
   */
  static SwitchablePreference switchable(String initialRegionId) {
    return new SwitchablePreference(initialRegionId);
  }
}
