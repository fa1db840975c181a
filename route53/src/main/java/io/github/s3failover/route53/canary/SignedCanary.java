package io.github.s3failover.route53.canary;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs the canary every minute against one region's bucket and publishes {@link CanaryMetric} to
 * CloudWatch in a chosen region (ideally not the probed one, so that the metric survives the outage
 * it reports). Credentials come from the SDK's default chain: run it with the application's own
 * role.
 *
 * <pre>
 * java -cp s3-failover-route53-cli.jar io.github.s3failover.route53.canary.SignedCanary \
 *     BUCKET_REGION BUCKET [KEY] [METRIC_REGION]
 * </pre>
 *
 * Then create the alarm, e.g. {@code aws cloudwatch put-metric-alarm --alarm-name
 * s3-failover-canary-us-east-1 --namespace S3Failover/Canary --metric-name CanarySuccess
 * --dimensions Name=Region,Value=us-east-1 Name=Bucket,Value=BUCKET --statistic Minimum --period 60
 * --evaluation-periods 1 --threshold 1 --comparison-operator LessThanThreshold --treat-missing-data
 * breaching --region METRIC_REGION}, and name it in the spec ({@code type: CLOUDWATCH_METRIC} or
 * {@code CALCULATED}).
 */
public final class SignedCanary {

  /** The canary object's key unless told otherwise. */
  public static final String DEFAULT_KEY = "s3-failover-canary.txt";

  private SignedCanary() {}

  /**
   * Runs forever, one round a minute.
   *
   * @param args bucket region, bucket, optional key, optional metric region
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length < 2) {
      System.err.println("usage: SignedCanary BUCKET_REGION BUCKET [KEY] [METRIC_REGION]");
      System.exit(2);
    }
    String region = args[0];
    String bucket = args[1];
    String key = args.length > 2 ? args[2] : DEFAULT_KEY;
    String metricRegion = args.length > 3 ? args[3] : region;
    try (S3Client s3 = S3Client.builder().region(Region.of(region)).build();
        CloudWatchClient cloudWatch =
            CloudWatchClient.builder().region(Region.of(metricRegion)).build()) {
      CanaryProbe probe = new CanaryProbe(s3, bucket, key, Clock.systemUTC());
      Consumer<MetricDatum> publish =
          d -> cloudWatch.putMetricData(r -> r.namespace(CanaryMetric.NAMESPACE).metricData(d));
      while (!Thread.currentThread().isInterrupted()) {
        System.out.println(round(probe, region, bucket, publish));
        Thread.sleep(Duration.ofMinutes(1).toMillis());
      }
    }
  }

  /**
   * One round: probe, publish, describe.
   *
   * @param probe the probe
   * @param region the probed region
   * @param bucket the probed bucket
   * @param publish where the datum goes (CloudWatch's PutMetricData in {@link #main})
   * @return a line for the log
   */
  public static String round(
      CanaryProbe probe, String region, String bucket, Consumer<MetricDatum> publish) {
    CanaryProbe.Result result = probe.run();
    MetricDatum datum = CanaryMetric.datum(result, region, bucket, java.time.Instant.now());
    publish.accept(datum);
    return region
        + " "
        + bucket
        + ": "
        + (result.success() ? "OK" : "FAILED")
        + " in "
        + result.took().toMillis()
        + " ms ("
        + result.detail()
        + "), "
        + CanaryMetric.NAME
        + "="
        + datum.value();
  }
}
