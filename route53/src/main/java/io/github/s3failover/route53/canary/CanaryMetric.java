package io.github.s3failover.route53.canary;

import java.time.Instant;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The metric a canary round publishes: {@value #NAME} = 1 for success, 0 for failure, per bucket
 * and region, at standard (60 s) resolution, because Route 53's CLOUDWATCH_METRIC checks support
 * standard-resolution metrics only (AlarmIdentifier in the Route 53 API reference). Its alarm:
 * Minimum of {@value #NAME} &lt; 1 over 1 period of 60 s, missing data treated as breaching, so a
 * canary that stops reporting fails the region over too.
 */
public final class CanaryMetric {

  /** The metric's namespace unless told otherwise. */
  public static final String NAMESPACE = "S3Failover/Canary";

  /** The metric's name. */
  public static final String NAME = "CanarySuccess";

  /** Standard resolution, in seconds. */
  public static final int STORAGE_RESOLUTION = 60;

  private CanaryMetric() {}

  /**
   * The datum for one round.
   *
   * @param result the round's result
   * @param region the probed region
   * @param bucket the probed bucket
   * @param at when the round ran
   * @return the datum
   */
  public static MetricDatum datum(
      CanaryProbe.Result result, String region, String bucket, Instant at) {
    return MetricDatum.builder()
        .metricName(NAME)
        .dimensions(
            Dimension.builder().name("Region").value(region).build(),
            Dimension.builder().name("Bucket").value(bucket).build())
        .value(result.success() ? 1.0 : 0.0)
        .unit(StandardUnit.COUNT)
        .storageResolution(STORAGE_RESOLUTION)
        .timestamp(at)
        .build();
  }
}
