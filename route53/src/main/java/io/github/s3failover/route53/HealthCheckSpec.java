package io.github.s3failover.route53;

import io.github.s3failover.route53.internal.SpecRules;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * How Route 53 probes one region's bucket endpoint.
 *
 * @param type the probe: HTTPS (default), HTTP or TCP
 * @param port the port probed, 1-65535 (443 for HTTPS and TCP, 80 for HTTP by default)
 * @param healthObjectKey the key of the object the probe GETs; the health check's ResourcePath is
 *     {@code "/" + healthObjectKey}. Ignored for TCP
 * @param requestInterval seconds between probes from each checker: 10 or 30. Route 53 cannot change
 *     it after creation, so changing it replaces the health check
 * @param failureThreshold consecutive failures (or successes) that change the status: 1-10
 * @param checkerRegions the Route 53 checker regions (at least 3 of {@link
 *     SpecRules#CHECKER_REGIONS}), or empty for Route 53's default of all of them
 * @param measureLatency whether Route 53 measures latency (immutable after creation too)
 * @param alarmName for CLOUDWATCH_METRIC: the CloudWatch alarm whose state is the health (a
 *     standard-resolution metric; Route 53 supports no high-resolution ones); null otherwise
 * @param alarmRegion for CLOUDWATCH_METRIC: the alarm's AWS region; null otherwise
 * @param insufficientData for CLOUDWATCH_METRIC: the health while the alarm has insufficient data,
 *     {@link InsufficientData#UNHEALTHY} by default, so that a canary that stopped reporting fails
 *     over rather than passing for healthy
 */
public record HealthCheckSpec(
    HealthCheckType type,
    int port,
    String healthObjectKey,
    int requestInterval,
    int failureThreshold,
    List<String> checkerRegions,
    boolean measureLatency,
    String alarmName,
    String alarmRegion,
    InsufficientData insufficientData) {

  /** What Route 53 makes of a CloudWatch alarm that has insufficient data. */
  public enum InsufficientData {
    /** Healthy. */
    HEALTHY("Healthy"),
    /** Unhealthy: the default here, as missing data usually means the canary stopped. */
    UNHEALTHY("Unhealthy"),
    /** The last status the alarm had (healthy for a new check). */
    LAST_KNOWN_STATUS("LastKnownStatus");

    private final String apiName;

    InsufficientData(String apiName) {
      this.apiName = apiName;
    }

    /**
     * The value of Route 53's InsufficientDataHealthStatus.
     *
     * @return e.g. {@code Unhealthy}
     */
    public String apiName() {
      return apiName;
    }
  }

  /** Seconds between probes unless the spec says otherwise: the cheaper of the two intervals. */
  public static final int DEFAULT_REQUEST_INTERVAL = 30;

  /**
   * Failures before a region is marked down unless the spec says otherwise (Route 53's default).
   */
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;

  /** The health object's key unless the spec says otherwise. */
  public static final String DEFAULT_HEALTH_OBJECT_KEY = "s3-failover-health.txt";

  // Checks every field and reports every problem at once.
  public HealthCheckSpec {
    SpecRules rules = new SpecRules();
    rules.present(type, "type");
    boolean probes = type == null || type.probesEndpoint() || type == HealthCheckType.CALCULATED;
    rules.require(
        !probes || port >= 1 && port <= 65535, "port", port + " is out of range; allowed: 1-65535");
    if (type == HealthCheckType.CLOUDWATCH_METRIC) {
      if (rules.present(alarmName, "alarmName")) {
        rules.require(alarmName.length() <= 256, "alarmName", "is longer than 256 characters");
      }
      if (rules.present(alarmRegion, "alarmRegion")) {
        rules.require(
            SpecRules.isAwsRegion(alarmRegion),
            "alarmRegion",
            "'" + alarmRegion + "' is not an AWS region id; expected e.g. us-east-1");
      }
      insufficientData = insufficientData == null ? InsufficientData.UNHEALTHY : insufficientData;
    } else if (type == HealthCheckType.CALCULATED) {
      rules.require(
          (alarmName == null) == (alarmRegion == null),
          "alarmName",
          "and alarmRegion go together: give both for an alarm child, or neither");
      if (alarmRegion != null) {
        rules.require(
            SpecRules.isAwsRegion(alarmRegion),
            "alarmRegion",
            "'" + alarmRegion + "' is not an AWS region id; expected e.g. us-east-1");
      }
      insufficientData = insufficientData == null ? InsufficientData.UNHEALTHY : insufficientData;
    } else {
      rules.require(
          alarmName == null && alarmRegion == null,
          "alarmName",
          "is for types CLOUDWATCH_METRIC and CALCULATED only");
    }
    if (type == null || type.requestsPath()) {
      if (rules.present(healthObjectKey, "healthObjectKey")) {
        rules.require(
            !healthObjectKey.startsWith("/") && healthObjectKey.length() <= 254,
            "healthObjectKey",
            "'"
                + healthObjectKey
                + "' is not allowed; give the object key without a leading '/', at most 254"
                + " characters");
      }
    }
    rules.require(
        requestInterval == 10 || requestInterval == 30,
        "requestInterval",
        requestInterval + " is not allowed; allowed: 10, 30 (seconds)");
    rules.require(
        failureThreshold >= 1 && failureThreshold <= 10,
        "failureThreshold",
        failureThreshold + " is not allowed; allowed: 1-10");
    checkerRegions = checkerRegions == null ? List.of() : List.copyOf(checkerRegions);
    for (String region : checkerRegions) {
      rules.require(
          SpecRules.CHECKER_REGIONS.contains(region),
          "checkerRegions",
          "'"
              + region
              + "' is not a Route 53 checker region; allowed: "
              + SpecRules.CHECKER_REGIONS);
    }
    rules.require(
        checkerRegions.isEmpty() || checkerRegions.size() >= 3,
        "checkerRegions",
        "Route 53 needs at least 3 checker regions, or none for its default (all); got "
            + checkerRegions);
    rules.require(
        new HashSet<>(checkerRegions).size() == checkerRegions.size(),
        "checkerRegions",
        "lists a region twice: " + checkerRegions);
    rules.throwIfAny();
  }

  /**
   * The path the probe requests, as Route 53's ResourcePath.
   *
   * @return {@code "/" + healthObjectKey}, or empty for TCP
   */
  public Optional<String> resourcePath() {
    return type.requestsPath() ? Optional.of("/" + healthObjectKey) : Optional.empty();
  }

  /**
   * A builder with every default filled in: HTTPS on 443, {@value #DEFAULT_HEALTH_OBJECT_KEY},
   * every {@value #DEFAULT_REQUEST_INTERVAL} s, {@value #DEFAULT_FAILURE_THRESHOLD} failures, all
   * checker regions, no latency measurement.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link HealthCheckSpec}; the record's constructor validates on {@link #build()}. */
  public static final class Builder {
    private HealthCheckType type = HealthCheckType.HTTPS;
    private Integer port;
    private String healthObjectKey = DEFAULT_HEALTH_OBJECT_KEY;
    private int requestInterval = DEFAULT_REQUEST_INTERVAL;
    private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
    private List<String> checkerRegions = List.of();
    private boolean measureLatency;
    private String alarmName;
    private String alarmRegion;
    private InsufficientData insufficientData;

    private Builder() {}

    /**
     * Sets the probe type.
     *
     * @param type HTTPS, HTTP or TCP
     * @return this builder
     */
    public Builder type(HealthCheckType type) {
      this.type = type;
      return this;
    }

    /**
     * Sets the port; unset means the type's default.
     *
     * @param port 1-65535
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Sets the health object's key.
     *
     * @param key an object key without a leading slash
     * @return this builder
     */
    public Builder healthObjectKey(String key) {
      this.healthObjectKey = key;
      return this;
    }

    /**
     * Sets the seconds between probes.
     *
     * @param seconds 10 or 30
     * @return this builder
     */
    public Builder requestInterval(int seconds) {
      this.requestInterval = seconds;
      return this;
    }

    /**
     * Sets how many consecutive results change the status.
     *
     * @param threshold 1-10
     * @return this builder
     */
    public Builder failureThreshold(int threshold) {
      this.failureThreshold = threshold;
      return this;
    }

    /**
     * Sets the checker regions.
     *
     * @param regions at least 3 Route 53 checker regions, or none for all
     * @return this builder
     */
    public Builder checkerRegions(List<String> regions) {
      this.checkerRegions = regions;
      return this;
    }

    /**
     * Sets whether Route 53 measures latency.
     *
     * @param measure true to measure
     * @return this builder
     */
    public Builder measureLatency(boolean measure) {
      this.measureLatency = measure;
      return this;
    }

    /**
     * Sets the CloudWatch alarm of a CLOUDWATCH_METRIC check.
     *
     * @param name the alarm's name
     * @param region the alarm's AWS region
     * @return this builder
     */
    public Builder alarm(String name, String region) {
      this.alarmName = name;
      this.alarmRegion = region;
      return this;
    }

    /**
     * Sets the health while the alarm has insufficient data (CLOUDWATCH_METRIC only).
     *
     * @param status the status; unset means {@link InsufficientData#UNHEALTHY}
     * @return this builder
     */
    public Builder insufficientData(InsufficientData status) {
      this.insufficientData = status;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     * @throws SpecException naming every bad field
     */
    public HealthCheckSpec build() {
      int p = port != null ? port : type == null ? 0 : type.defaultPort();
      return new HealthCheckSpec(
          type,
          p,
          healthObjectKey,
          requestInterval,
          failureThreshold,
          checkerRegions,
          measureLatency,
          alarmName,
          alarmRegion,
          insufficientData);
    }
  }
}
