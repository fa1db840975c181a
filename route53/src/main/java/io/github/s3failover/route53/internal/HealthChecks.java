package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.FailoverRole;
import io.github.s3failover.route53.HealthCheckSpec;
import io.github.s3failover.route53.HealthCheckType;
import io.github.s3failover.route53.RegionSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;
import software.amazon.awssdk.services.route53.model.Tag;

/**
 * How this module names, finds and compares its health checks.
 *
 * <p>Ours are found by tags ({@link #TAG_RECORD}, {@link #TAG_ROLE}, {@link #TAG_ZONE}), never by
 * caller reference alone: a caller reference cannot be used again while Route 53 remembers it, and
 * it remembers those of deleted checks for "a number of days" (CreateHealthCheck's API reference),
 * so whether a reference is free depends on history the module cannot see.
 *
 * <p>The caller reference is {@code s3f-HASH-gN}: HASH covers the zone, record, role and the full
 * desired configuration, N is a generation. Creating with the same reference and the same settings
 * returns the existing check, so an {@code apply} that died between CreateHealthCheck and tagging
 * gets the same check back on the next run instead of a duplicate. When Route 53 answers
 * HealthCheckAlreadyExists (the reference is still remembered from a deleted check, e.g. after
 * {@code destroy}), the generation goes up by one and the create is retried; once Route 53 has
 * forgotten it, generation 1 works again.
 */
public final class HealthChecks {

  /** Tag holding the record name a health check belongs to. */
  public static final String TAG_RECORD = "s3-failover:record";

  /** Tag holding the failover role (PRIMARY or SECONDARY). */
  public static final String TAG_ROLE = "s3-failover:role";

  /** Tag holding the hosted zone id. */
  public static final String TAG_ZONE = "s3-failover:zone";

  /** Tag naming the part of a calculated check a child is: tcp, alarm or override. */
  public static final String TAG_PART = "s3-failover:part";

  /** The tag the Route 53 console shows as the health check's name. */
  public static final String TAG_NAME = "Name";

  /** How many generations of caller references to try before giving up. */
  public static final int MAX_GENERATIONS = 50;

  private HealthChecks() {}

  /**
   * The configuration Route 53 should hold for a region: FQDN = the endpoint host (with SNI for
   * HTTPS, so S3 serves the right certificate), ResourcePath = {@code /healthObjectKey}.
   *
   * @param region the region
   * @return the desired configuration
   */
  public static HealthCheckConfig desired(RegionSpec region) {
    HealthCheckSpec check = region.healthCheck();
    if (check.type() == HealthCheckType.CALCULATED) {
      // The children's ids are filled in when they exist; see Executor.
      return HealthCheckConfig.builder()
          .type(check.type().name())
          .healthThreshold(HealthCheckParts.desired(region).size())
          .inverted(false)
          .disabled(false)
          .build();
    }
    if (check.type() == HealthCheckType.CLOUDWATCH_METRIC) {
      return alarm(check);
    }
    return endpoint(region, check.type());
  }

  /**
   * The configuration of a check on the spec's CloudWatch alarm.
   *
   * @param check the spec's health check
   * @return the configuration
   */
  static HealthCheckConfig alarm(HealthCheckSpec check) {
    return HealthCheckConfig.builder()
        .type(HealthCheckType.CLOUDWATCH_METRIC.name())
        .alarmIdentifier(a -> a.name(check.alarmName()).region(check.alarmRegion()))
        .insufficientDataHealthStatus(check.insufficientData().apiName())
        .inverted(false)
        .disabled(false)
        .build();
  }

  /**
   * The configuration of a check that probes the region's endpoint.
   *
   * @param region the region
   * @param type HTTP, HTTPS or TCP
   * @return the configuration
   */
  static HealthCheckConfig endpoint(RegionSpec region, HealthCheckType type) {
    HealthCheckSpec check = region.healthCheck();
    HealthCheckConfig.Builder config =
        HealthCheckConfig.builder()
            .type(type.name())
            .fullyQualifiedDomainName(region.endpoint())
            .port(check.port())
            .requestInterval(check.requestInterval())
            .failureThreshold(check.failureThreshold())
            .measureLatency(check.measureLatency())
            .inverted(false)
            .disabled(false);
    if (type.requestsPath()) {
      check.resourcePath().ifPresent(config::resourcePath);
    }
    if (type == HealthCheckType.HTTPS) {
      config.enableSNI(true);
    }
    if (!check.checkerRegions().isEmpty()) {
      config.regionsWithStrings(check.checkerRegions());
    }
    return config.build();
  }

  /**
   * The tags that mark a health check as ours.
   *
   * @param zoneId the hosted zone id, without {@code /hostedzone/}
   * @param recordName the record name
   * @param role the role
   * @return the tags, Name included
   */
  public static List<Tag> tags(String zoneId, String recordName, FailoverRole role) {
    return tags(zoneId, recordName, role, null);
  }

  /**
   * The tags that mark a health check as ours, and as a part of a calculated check.
   *
   * @param zoneId the hosted zone id, without {@code /hostedzone/}
   * @param recordName the record name
   * @param role the role
   * @param part the part, or null for the main check
   * @return the tags, Name included
   */
  public static List<Tag> tags(String zoneId, String recordName, FailoverRole role, String part) {
    List<Tag> tags = new ArrayList<>();
    tags.add(
        Tag.builder()
            .key(TAG_NAME)
            .value("s3-failover " + recordName + " " + role + (part == null ? "" : " " + part))
            .build());
    tags.add(Tag.builder().key(TAG_RECORD).value(recordName).build());
    tags.add(Tag.builder().key(TAG_ROLE).value(role.name()).build());
    tags.add(Tag.builder().key(TAG_ZONE).value(zoneId).build());
    if (part != null) {
      tags.add(Tag.builder().key(TAG_PART).value(part).build());
    }
    return tags;
  }

  /**
   * Whether tags mark a health check as the one of a role of a record.
   *
   * @param tags the health check's tags
   * @param zoneId the zone id
   * @param recordName the record name
   * @return the role, or null if the tags are not ours for this record
   */
  public static FailoverRole roleOf(Map<String, String> tags, String zoneId, String recordName) {
    if (!recordName.equals(tags.get(TAG_RECORD)) || !zoneId.equals(tags.get(TAG_ZONE))) {
      return null;
    }
    try {
      return FailoverRole.valueOf(Objects.requireNonNullElse(tags.get(TAG_ROLE), ""));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The caller reference for a creation; see the class comment.
   *
   * @param zoneId the zone id
   * @param recordName the record name
   * @param role the role
   * @param config the configuration to create
   * @param generation 1 for the first try, then 2, 3...
   * @return {@code s3f-HASH-gN}, well under Route 53's 64 characters
   */
  public static String callerReference(
      String zoneId,
      String recordName,
      FailoverRole role,
      HealthCheckConfig config,
      int generation) {
    return callerReference(zoneId, recordName, role, null, config, generation);
  }

  /**
   * The caller reference for a creation of a part of a calculated check.
   *
   * @param zoneId the zone id
   * @param recordName the record name
   * @param role the role
   * @param part the part, or null for the main check
   * @param config the configuration to create
   * @param generation 1 for the first try, then 2, 3...
   * @return {@code s3f-HASH-gN}
   */
  public static String callerReference(
      String zoneId,
      String recordName,
      FailoverRole role,
      String part,
      HealthCheckConfig config,
      int generation) {
    String identity =
        zoneId
            + "|"
            + recordName
            + "|"
            + role
            + (part == null ? "" : "|" + part)
            + "|"
            + describe(config);
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return "s3f-" + HexFormat.of().formatHex(hash, 0, 10) + "-g" + generation;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The fields Route 53 cannot change on an existing health check that differ.
   *
   * @param existing what Route 53 holds
   * @param desired what the spec asks for
   * @return one line per field, empty when the check can be kept or updated in place
   */
  public static List<String> immutableDiffs(HealthCheckConfig existing, HealthCheckConfig desired) {
    List<String> diffs = new ArrayList<>();
    diff(diffs, "type", existing.typeAsString(), desired.typeAsString());
    if (probesEndpoint(desired)) {
      diff(diffs, "requestInterval", existing.requestInterval(), desired.requestInterval());
      diff(
          diffs, "measureLatency", flag(existing.measureLatency()), flag(desired.measureLatency()));
    }
    return diffs.stream().map(d -> d + " (immutable: needs a new health check)").toList();
  }

  /**
   * The fields UpdateHealthCheck can change that differ.
   *
   * @param existing what Route 53 holds
   * @param desired what the spec asks for
   * @return one line per field
   */
  public static List<String> mutableDiffs(HealthCheckConfig existing, HealthCheckConfig desired) {
    List<String> diffs = new ArrayList<>();
    if ("CALCULATED".equals(desired.typeAsString())) {
      diff(diffs, "healthThreshold", existing.healthThreshold(), desired.healthThreshold());
      if (desired.hasChildHealthChecks()) {
        diff(
            diffs,
            "children",
            new TreeSet<>(existing.childHealthChecks()),
            new TreeSet<>(desired.childHealthChecks()));
      }
      if (desired.inverted() != null) {
        diff(diffs, "inverted", flag(existing.inverted()), flag(desired.inverted()));
      }
      diff(diffs, "disabled", flag(existing.disabled()), flag(desired.disabled()));
      return diffs;
    }
    if (probesEndpoint(desired)) {
      diff(
          diffs,
          "fullyQualifiedDomainName",
          existing.fullyQualifiedDomainName(),
          desired.fullyQualifiedDomainName());
      diff(diffs, "port", existing.port(), desired.port());
      diff(diffs, "resourcePath", existing.resourcePath(), desired.resourcePath());
      diff(diffs, "failureThreshold", existing.failureThreshold(), desired.failureThreshold());
      diff(diffs, "enableSNI", flag(existing.enableSNI()), flag(desired.enableSNI()));
      diff(diffs, "checkerRegions", regions(existing), regions(desired));
    } else {
      diff(diffs, "alarm", alarm(existing), alarm(desired));
      diff(
          diffs,
          "insufficientDataHealthStatus",
          existing.insufficientDataHealthStatusAsString(),
          desired.insufficientDataHealthStatusAsString());
    }
    // Someone may have inverted or disabled the check (console, a forgotten drill): either makes
    // Route 53 route regardless of the endpoint, so apply turns it back.
    diff(diffs, "inverted", flag(existing.inverted()), flag(desired.inverted()));
    diff(diffs, "disabled", flag(existing.disabled()), flag(desired.disabled()));
    return diffs;
  }

  /**
   * A one-line description of a configuration, for plans and hashing.
   *
   * @param c the configuration
   * @return e.g. {@code HTTPS host:443/path every 30 s, threshold 3}
   */
  public static String describe(HealthCheckConfig c) {
    if ("CALCULATED".equals(c.typeAsString())) {
      return "CALCULATED healthy when "
          + c.healthThreshold()
          + " of "
          + (c.healthThreshold() == 0 ? "0 children (always, until inverted)" : "its children")
          + " are healthy";
    }
    if (!probesEndpoint(c)) {
      return c.typeAsString()
          + " alarm "
          + alarm(c)
          + ", insufficient data = "
          + c.insufficientDataHealthStatusAsString();
    }
    return c.typeAsString()
        + " "
        + c.fullyQualifiedDomainName()
        + ":"
        + c.port()
        + Objects.requireNonNullElse(c.resourcePath(), "")
        + " every "
        + c.requestInterval()
        + " s, threshold "
        + c.failureThreshold()
        + ", checkers "
        + regions(c)
        + (flag(c.measureLatency()) ? ", measuring latency" : "")
        + (flag(c.enableSNI()) ? ", SNI" : "");
  }

  /**
   * Whether a configuration is one whose checkers probe an endpoint.
   *
   * @param c the configuration
   * @return true for HTTP, HTTPS, TCP (and the other endpoint types)
   */
  public static boolean probesEndpoint(HealthCheckConfig c) {
    return !"CLOUDWATCH_METRIC".equals(c.typeAsString()) && !"CALCULATED".equals(c.typeAsString());
  }

  private static String alarm(HealthCheckConfig c) {
    return c.alarmIdentifier() == null
        ? "none"
        : c.alarmIdentifier().name() + " in " + c.alarmIdentifier().regionAsString();
  }

  private static String regions(HealthCheckConfig c) {
    // Route 53 fills in all checker regions when none were asked for: compare them as "all".
    var set = new TreeSet<>(c.regionsAsStrings());
    if (set.isEmpty() || set.equals(new HashSet<>(SpecRules.CHECKER_REGIONS))) {
      return "all";
    }
    return set.toString();
  }

  /**
   * Whether a configuration asks for specific checker regions.
   *
   * @param c the configuration
   * @return false for Route 53's default set
   */
  public static boolean hasCustomRegions(HealthCheckConfig c) {
    return !"all".equals(regions(c));
  }

  private static boolean flag(Boolean b) {
    return Boolean.TRUE.equals(b);
  }

  private static void diff(List<String> diffs, String field, Object was, Object wanted) {
    if (!Objects.equals(was, wanted)) {
      diffs.add(field + ": " + was + " -> " + wanted);
    }
  }
}
