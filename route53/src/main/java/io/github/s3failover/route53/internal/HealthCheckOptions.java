package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.HealthCheckSpec;
import io.github.s3failover.route53.RegionSpec;

/** Says, for a plan, which health check option a region uses and what it proves. Pure. */
public final class HealthCheckOptions {

  private HealthCheckOptions() {}

  /**
   * One line: the option, what it proves and what it does not.
   *
   * @param region the region
   * @return e.g. {@code health check HTTPS GET /key: proves ...; does not prove ...}
   */
  public static String describe(RegionSpec region) {
    HealthCheckSpec check = region.healthCheck();
    return switch (check.type()) {
      case HTTPS, HTTP ->
          "health check "
              + check.type()
              + " GET /"
              + check.healthObjectKey()
              + " on "
              + region.endpoint()
              + ": proves S3 serves one object of "
              + region.bucket()
              + " to unsigned requests from Route 53's checker ranges within 2 s; needs that"
              + " object readable by them (the checker-range bucket policy keeps it non-public);"
              + " does not prove that signed reads and writes of your data work";
      case TCP ->
          "health check TCP "
              + region.endpoint()
              + ":"
              + check.port()
              + ": proves the endpoint accepts connections; needs nothing readable; does not"
              + " prove that the bucket serves anything (S3 can accept connections and fail"
              + " requests)";
      case CLOUDWATCH_METRIC ->
          "health check CLOUDWATCH_METRIC alarm "
              + check.alarmName()
              + " ("
              + check.alarmRegion()
              + ", insufficient data = "
              + check.insufficientData().apiName()
              + "): proves what the alarm's metric measures, e.g. a signed canary's GETs and"
              + " PUTs with the application's own role; needs nothing public; does not probe"
              + " the endpoint itself, and is only as current as the metric's period";
      case CALCULATED ->
          "health check CALCULATED over a TCP check of "
              + region.endpoint()
              + ":"
              + check.port()
              + (check.alarmName() == null
                  ? ""
                  : ", alarm " + check.alarmName() + " (" + check.alarmRegion() + ")")
              + " and a manual override (all must be healthy): proves the endpoint listens"
              + (check.alarmName() == null ? "" : " and the alarm is OK")
              + ", and lets an operator force a failover or failback with one command; needs"
              + " nothing public";
    };
  }
}
