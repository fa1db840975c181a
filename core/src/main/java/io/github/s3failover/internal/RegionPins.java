package io.github.s3failover.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which region issued a multipart upload id or a list continuation token, so that the
 * calls that use them go back to that region and nowhere else. Bounded (least recently used entries
 * go first), because an application may never complete an upload or finish a listing.
 */
final class RegionPins {
  static final int DEFAULT_CAPACITY = 100_000;

  private final Map<String, RegionHandle> uploads;

  RegionPins(int capacity) {
    this.uploads = lru(capacity);
  }

  private static Map<String, RegionHandle> lru(int capacity) {
    return new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, RegionHandle> eldest) {
        return size() > capacity;
      }
    };
  }

  void pinUpload(String uploadId, RegionHandle region) {
    if (uploadId != null) {
      synchronized (uploads) {
        uploads.put(uploadId, region);
      }
    }
  }

  RegionHandle uploadRegion(String uploadId) {
    if (uploadId == null) {
      return null;
    }
    synchronized (uploads) {
      return uploads.get(uploadId);
    }
  }

  void unpinUpload(String uploadId) {
    if (uploadId != null) {
      synchronized (uploads) {
        uploads.remove(uploadId);
      }
    }
  }
}
