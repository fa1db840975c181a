package io.github.s3failover.examples;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3AsyncClient;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.dns.DnsRegionPreference;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.regions.Region;

/**
 * The async quick start, against real AWS: a sync and an async failover client that share one view
 * of region health (breakers, Route 53 preference), writing and reading without blocking a thread
 * per call. Credentials come from the SDK's default chain.
 *
 * <pre>
 * java -cp ... io.github.s3failover.examples.AsyncQuickStart \
 *     media.example.com us-east-1 media-use1 eu-west-1 media-euw1 some/key
 * </pre>
 */
public final class AsyncQuickStart {
  private AsyncQuickStart() {}

  /**
   * Writes an object through the async failover client and reads it back.
   *
   * @param args record name, region 1, bucket 1, region 2, bucket 2, key
   */
  public static void main(String[] args) {
    if (args.length != 6) {
      System.err.println("usage: AsyncQuickStart RECORD_NAME REGION1 BUCKET1 REGION2 BUCKET2 KEY");
      System.exit(2);
    }
    try (FailoverS3Client sync =
            FailoverS3Client.builder()
                .addRegion(region(args[1], args[2]))
                .addRegion(region(args[3], args[4]))
                .preference(DnsRegionPreference.builder(args[0]).build())
                .build();
        // Shares the sync client's breakers and preference: one view of region health.
        FailoverS3AsyncClient s3 = FailoverS3AsyncClient.builder(sync).build()) {
      String key = args[5];
      CompletableFuture<String> roundTrip =
          // fromString can be sent again, so a write may move region under WritePolicy.FAILOVER;
          // a publisher of your own would go to one region only.
          s3.putObject(b -> b.bucket("media").key(key), AsyncRequestBody.fromString("hello"))
              .thenCompose(
                  put ->
                      s3.getObject(
                          b -> b.bucket("media").key(key), AsyncResponseTransformer.toBytes()))
              .thenApply(bytes -> bytes.asString(StandardCharsets.UTF_8));
      System.out.println("read back: " + roundTrip.join() + " (" + s3.status() + ")");
    }
  }

  private static FailoverRegion region(String awsRegion, String bucket) {
    return FailoverRegion.builder(awsRegion)
        .awsRegion(Region.of(awsRegion))
        .bucket("media", bucket)
        .hostNames(bucket + ".s3." + awsRegion + ".amazonaws.com")
        .build();
  }
}
