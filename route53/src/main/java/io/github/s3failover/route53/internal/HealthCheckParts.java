package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.HealthCheckSpec;
import io.github.s3failover.route53.HealthCheckType;
import io.github.s3failover.route53.RegionSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;

/**
 * The children of a CALCULATED check, each tagged {@link HealthChecks#TAG_PART} with its part. The
 * parent needs all of them healthy.
 */
public final class HealthCheckParts {

  /** The child that probes the endpoint over TCP. */
  public static final String PART_TCP = "tcp";

  /** The child that follows the CloudWatch alarm. */
  public static final String PART_ALARM = "alarm";

  /**
   * The manual-override child: a calculated check with no children and HealthThreshold 0, which
   * Route 53 "always considers healthy" (HealthCheckConfig.HealthThreshold) until it is inverted.
   */
  public static final String PART_OVERRIDE = "override";

  private HealthCheckParts() {}

  /**
   * The children a calculated check needs, in order: tcp, alarm (if the spec names one), override.
   * Every child must be healthy for the parent to be.
   *
   * @param region a region whose check is CALCULATED
   * @return configuration per part
   */
  public static Map<String, HealthCheckConfig> desired(RegionSpec region) {
    HealthCheckSpec check = region.healthCheck();
    Map<String, HealthCheckConfig> parts = new LinkedHashMap<>();
    if (check.type() != HealthCheckType.CALCULATED) {
      return parts;
    }
    parts.put(PART_TCP, HealthChecks.endpoint(region, HealthCheckType.TCP));
    if (check.alarmName() != null) {
      parts.put(PART_ALARM, HealthChecks.alarm(check));
    }
    // No Inverted here: it is the operator's switch, and apply leaves it as it is.
    parts.put(
        PART_OVERRIDE,
        HealthCheckConfig.builder().type("CALCULATED").healthThreshold(0).disabled(false).build());
    return parts;
  }
}
