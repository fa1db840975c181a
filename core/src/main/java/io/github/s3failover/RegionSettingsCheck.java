package io.github.s3failover;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the settings of a {@link FailoverRegion.Builder}: each setter's argument, and at {@code
 * build()} whether they fit together, with a message that names the region, the problem and the
 * fix.
 */
final class RegionSettingsCheck {
  private RegionSettingsCheck() {}

  static String checkedId(String id) {
    if (id == null || !id.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "FailoverRegion.builder(id): id '"
              + id
              + "' is blank or has characters other than letters, digits, '.', '_' and '-';"
              + " give each region a short unique id such as \"primary\" or \"eu-west-1\"");
    }
    return id;
  }

  static URI checkedEndpoint(String id, URI endpoint) {
    if (endpoint != null
        && (endpoint.getScheme() == null
            || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))
            || endpoint.getHost() == null)) {
      throw new IllegalArgumentException(
          "region '"
              + id
              + "': endpointOverride "
              + endpoint
              + " is not an absolute http(s) URI; use for example https://s3.eu-west-1.amazonaws.com");
    }
    return endpoint;
  }

  /** Checks one more mapping of a logical bucket, next to those already made. */
  static void checkBucket(
      String id, String logicalBucket, String physicalBucket, Map<String, String> buckets) {
    if (logicalBucket == null || logicalBucket.isBlank()) {
      throw new IllegalArgumentException("region '" + id + "': a logical bucket name is blank");
    }
    if (physicalBucket == null || physicalBucket.isBlank()) {
      throw new IllegalArgumentException(
          "region '"
              + id
              + "': logical bucket '"
              + logicalBucket
              + "' maps to a blank physical bucket; name the bucket in this region");
    }
    if (buckets.containsKey(logicalBucket)) {
      throw new IllegalArgumentException(
          "region '" + id + "': logical bucket '" + logicalBucket + "' is mapped twice");
    }
  }

  /** A host name as DNS answers are compared with it: lower case, without a trailing dot. */
  static String hostName(String id, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("region '" + id + "': a host name is blank");
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  static String checkedAccountId(String id, String accountId) {
    if (accountId == null || !accountId.matches("[0-9]{12}")) {
      throw new IllegalArgumentException(
          "region '"
              + id
              + "': accountId '"
              + accountId
              + "' is not a 12-digit AWS account id; use the id of the account that owns this"
              + " region's buckets (aws sts get-caller-identity shows yours)");
    }
    return accountId;
  }

  /**
   * Checks that a region's settings fit together: an application's client or the settings of a
   * library-built one (with its AWS region), and no two logical buckets on one physical bucket.
   */
  static FailoverRegion fitsTogether(FailoverRegion region) {
    String id = region.id();
    if (region.client().isPresent()) {
      List<String> clash = new ArrayList<>();
      if (region.endpointOverride().isPresent()) {
        clash.add("endpointOverride");
      }
      if (region.credentialsProvider().isPresent()) {
        clash.add("credentialsProvider");
      }
      if (region.forcePathStyle()) {
        clash.add("forcePathStyle");
      }
      if (region.clientCustomizer().isPresent()) {
        clash.add("clientCustomizer");
      }
      if (!clash.isEmpty()) {
        throw new IllegalArgumentException(
            "region '"
                + id
                + "': client(...) is supplied by the application, so "
                + clash
                + " would be ignored; configure those on the application's client, or drop"
                + " client(...) to let the library build one");
      }
    } else if (region.awsRegion().isEmpty()) {
      throw new IllegalArgumentException(
          "region '"
              + id
              + "': awsRegion is not set; set awsRegion(Region.of(\"eu-west-1\")) or supply"
              + " client(...)");
    }
    Map<String, String> seen = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : region.buckets().entrySet()) {
      String previous = seen.put(e.getValue(), e.getKey());
      if (previous != null) {
        throw new IllegalArgumentException(
            "region '"
                + id
                + "': logical buckets '"
                + previous
                + "' and '"
                + e.getKey()
                + "' both map to physical bucket '"
                + e.getValue()
                + "'; responses could not be mapped back, give each its own bucket");
      }
    }
    return region;
  }
}
