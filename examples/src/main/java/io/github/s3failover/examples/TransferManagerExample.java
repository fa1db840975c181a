package io.github.s3failover.examples;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3AsyncClient;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.dns.DnsRegionPreference;
import java.nio.file.Path;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedDirectoryDownload;
import software.amazon.awssdk.transfer.s3.model.CompletedDirectoryUpload;

/**
 * The SDK's S3 Transfer Manager on the failover async client, against real AWS: uploads a local
 * directory and downloads it again. Large files go up and down as multipart transfers inside one
 * region; a file whose region dies mid-way is transferred again from the next region.
 *
 * <pre>
 * java -cp ... io.github.s3failover.examples.TransferManagerExample \
 *     media.example.com us-east-1 media-use1 eu-west-1 media-euw1 ./photos ./photos-back
 * </pre>
 */
public final class TransferManagerExample {
  private TransferManagerExample() {}

  /**
   * Uploads a directory under the prefix "photos/" and downloads it into another directory.
   *
   * @param args record name, region 1, bucket 1, region 2, bucket 2, source dir, target dir
   */
  public static void main(String[] args) {
    if (args.length != 7) {
      System.err.println(
          "usage: TransferManagerExample RECORD_NAME REGION1 BUCKET1 REGION2 BUCKET2 SOURCE TARGET");
      System.exit(2);
    }
    try (FailoverS3Client sync =
            FailoverS3Client.builder()
                .addRegion(region(args[1], args[2]))
                .addRegion(region(args[3], args[4]))
                .preference(DnsRegionPreference.builder(args[0]).build())
                .build();
        FailoverS3AsyncClient s3 = FailoverS3AsyncClient.builder(sync).build();
        S3TransferManager transfers = S3TransferManager.builder().s3Client(s3).build()) {
      CompletedDirectoryUpload up =
          transfers
              .uploadDirectory(u -> u.source(Path.of(args[5])).bucket("media").s3Prefix("photos"))
              .completionFuture()
              .join();
      System.out.println("uploaded; failed: " + up.failedTransfers().size());
      CompletedDirectoryDownload down =
          transfers
              .downloadDirectory(
                  d ->
                      d.destination(Path.of(args[6]))
                          .bucket("media")
                          .listObjectsV2RequestTransformer(l -> l.prefix("photos/")))
              .completionFuture()
              .join();
      System.out.println(
          "downloaded; failed: " + down.failedTransfers().size() + " (" + s3.status() + ")");
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
