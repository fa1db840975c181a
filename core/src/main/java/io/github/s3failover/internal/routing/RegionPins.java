package io.github.s3failover.internal.routing;

import io.github.s3failover.internal.health.RegionState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which region created a multipart upload id, so that the calls that use it go back to
 * that region and nowhere else. Bounded (least recently used entries go first), because an
 * application may never complete an upload. A pin that is missing (another instance created the
 * upload, this one restarted, or the entry was evicted) is found again by asking the regions (see
 * {@link UploadSearch}).
 */
final class RegionPins {
  static final int DEFAULT_CAPACITY = 100_000;

  private final Map<String, RegionState> uploads;

  RegionPins(int capacity) {
    this.uploads = lru(capacity);
  }

  private static Map<String, RegionState> lru(int capacity) {
    return new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, RegionState> eldest) {
        return size() > capacity;
      }
    };
  }

  void pinUpload(String uploadId, RegionState region) {
    if (uploadId != null) {
      synchronized (uploads) {
        uploads.put(uploadId, region);
      }
    }
  }

  RegionState uploadRegion(String uploadId) {
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
