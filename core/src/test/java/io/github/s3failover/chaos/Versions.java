package io.github.s3failover.chaos;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Objects that the workload keeps overwriting, each version's every 16 bytes naming it, so that a
 * read that returns bytes of two versions (a hedge's body mixed with the first region's, a resumed
 * stream continued from another copy) is caught byte by byte. 64 KiB, so that a connection reset
 * after a few kilobytes breaks a body in the middle and a stream resumes.
 */
final class Versions {
  /** Keys the workload overwrites; each region gets its versions at its own time. */
  static final int KEYS = 4;

  /** The size of every version. */
  static final int SIZE = 64 * 1024;

  private static final int STAMP = 16;

  private Versions() {}

  static String key(int i) {
    return "versioned/" + i;
  }

  /** Version {@code version} of key {@code i}: its stamp, repeated. */
  static byte[] content(int i, long version) {
    byte[] stamp =
        String.format(Locale.ROOT, "%-15s|", i + "v" + Long.toString(version, 36))
            .getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = new byte[SIZE];
    for (int at = 0; at < SIZE; at += STAMP) {
      System.arraycopy(stamp, 0, bytes, at, STAMP);
    }
    return bytes;
  }

  /**
   * Returns what is wrong with a read of key {@code i} (bytes of two versions, a wrong length, a
   * version of another key), or null if it is one whole version of that key.
   */
  static String violation(int i, byte[] got) {
    if (got.length != SIZE) {
      return "read of " + key(i) + " returned " + got.length + " bytes, not " + SIZE;
    }
    byte[] first = Arrays.copyOf(got, STAMP);
    String stamp = new String(first, StandardCharsets.US_ASCII);
    if (!stamp.startsWith(i + "v") || first[STAMP - 1] != '|') {
      return "read of " + key(i) + " returned a version of something else: " + stamp;
    }
    for (int at = STAMP; at < SIZE; at += STAMP) {
      if (!Arrays.equals(got, at, at + STAMP, first, 0, STAMP)) {
        return "read of "
            + key(i)
            + " returned bytes of two versions: "
            + stamp.trim()
            + " then, at byte "
            + at
            + ", "
            + new String(got, at, STAMP, StandardCharsets.US_ASCII).trim();
      }
    }
    return null;
  }
}
