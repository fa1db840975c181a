package io.github.s3failover.spring;

import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Local regions as the starter's tests on real servers use them: each region's bucket {@code
 * media-<region>} holds the object {@code cat}, and the application names it {@code media}.
 */
final class MediaRegions {
  private MediaRegions() {}

  /** Starts two regions (with one key pair, or each its own) and seeds each one's bucket. */
  static TestRegions start(boolean sharedCredentials) {
    TestRegions regions = TestRegions.start(2, sharedCredentials);
    for (TestRegion region : regions.all()) {
      region.region().createBucket(bucket(region));
      region.region().putObject(bucket(region), "cat", "meow".getBytes(StandardCharsets.UTF_8));
    }
    return regions;
  }

  /** The region's physical bucket. */
  static String bucket(TestRegion region) {
    return "media-" + region.name();
  }

  /** An AWS region for each test region: us-east-1 for the primary, eu-west-1 for the other. */
  static String awsRegion(TestRegion region) {
    return region.name().equals("primary") ? "us-east-1" : "eu-west-1";
  }

  /** The properties that configure the region: its AWS region, endpoint, path style and bucket. */
  static List<String> properties(TestRegion region, String awsRegion) {
    String p = "s3.failover.regions." + region.name() + ".";
    return List.of(
        p + "aws-region=" + awsRegion,
        p + "endpoint=" + region.endpoint(),
        p + "path-style=true",
        p + "buckets.media=" + bucket(region));
  }
}
