package io.github.s3failover.examples;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.WritePolicy;
import io.github.s3failover.dns.DnsRegionPreference;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The plain Java quick start, against real AWS: two replicated buckets and the Route 53 failover
 * record that the {@code route53} module provisions. Credentials come from the SDK's default chain.
 *
 * <pre>
 * java -cp ... io.github.s3failover.examples.QuickStart \
 *     media.example.com us-east-1 media-use1 eu-west-1 media-euw1 some/key
 * </pre>
 *
 * <p>Arguments: the record name, then the primary's AWS region and bucket, the secondary's AWS
 * region and bucket, and a key to write and read back.
 */
public final class QuickStart {
  private QuickStart() {}

  /**
   * Writes an object through the failover client and reads it back.
   *
   * @param args record name, region 1, bucket 1, region 2, bucket 2, key
   */
  public static void main(String[] args) {
    if (args.length != 6) {
      System.err.println(
          "usage: QuickStart RECORD_NAME REGION1 BUCKET1 REGION2 BUCKET2 KEY"
              + " (e.g. media.example.com us-east-1 media-use1 eu-west-1 media-euw1 hello.txt)");
      System.exit(2);
    }
    try (S3Client s3 = client(args)) {
      s3.putObject(b -> b.bucket("media").key(args[5]), RequestBody.fromString("hello"));
      String back = s3.getObjectAsBytes(b -> b.bucket("media").key(args[5])).asUtf8String();
      System.out.println("read back: " + back + " (" + ((FailoverS3Client) s3).status() + ")");
    }
  }

  /** The client: logical bucket "media" in both regions, preference from the Route 53 record. */
  static S3Client client(String[] args) {
    return FailoverS3Client.builder()
        .addRegion(region(args[1], args[2]))
        .addRegion(region(args[3], args[4]))
        .preference(DnsRegionPreference.builder(args[0]).build())
        .writePolicy(WritePolicy.PRIMARY_ONLY)
        .build();
  }

  private static FailoverRegion region(String awsRegion, String bucket) {
    return FailoverRegion.builder(awsRegion)
        .awsRegion(Region.of(awsRegion))
        .bucket("media", bucket)
        // The host the route53 module's failover CNAME points at for this region.
        .hostNames(bucket + ".s3." + awsRegion + ".amazonaws.com")
        .build();
  }
}
