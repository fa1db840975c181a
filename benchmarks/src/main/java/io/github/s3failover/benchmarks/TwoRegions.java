package io.github.s3failover.benchmarks;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverS3ClientBuilder;
import io.github.s3failover.testkit.LocalRegion;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The set-up the overhead benchmarks share: two local regions with the buckets of {@link
 * OverheadBenchmark}, a failover client over both with the library's defaults, and plain clients of
 * the primary built as the library builds a regional client (same HTTP client, timeouts and
 * connection lifetime, endpoint, path style and credentials) but with the SDK's default retries, as
 * an application's client would have.
 */
final class TwoRegions {
  private TwoRegions() {}

  /**
   * Creates each region's bucket.
   *
   * @param primary the primary region
   * @param secondary the secondary region
   */
  static void createBuckets(LocalRegion primary, LocalRegion secondary) {
    primary.createBucket(OverheadBenchmark.PRIMARY_BUCKET);
    secondary.createBucket(OverheadBenchmark.SECONDARY_BUCKET);
  }

  /**
   * Creates each region's bucket and puts the object in both, as if replicated.
   *
   * @param primary the primary region
   * @param secondary the secondary region
   * @param key the object's key
   * @param content the object
   */
  static void seed(LocalRegion primary, LocalRegion secondary, String key, byte[] content) {
    createBuckets(primary, secondary);
    primary.putObject(OverheadBenchmark.PRIMARY_BUCKET, key, content);
    secondary.putObject(OverheadBenchmark.SECONDARY_BUCKET, key, content);
  }

  /**
   * A failover client over both regions, with the library's defaults.
   *
   * @param primary the preferred region
   * @param secondary the region it fails over to
   * @return the client
   */
  static FailoverS3Client failover(LocalRegion primary, LocalRegion secondary) {
    return FailoverS3Client.builder()
        .addRegion(region("primary", primary, OverheadBenchmark.PRIMARY_BUCKET))
        .addRegion(region("secondary", secondary, OverheadBenchmark.SECONDARY_BUCKET))
        .build();
  }

  private static FailoverRegion region(String id, LocalRegion region, String bucket) {
    return FailoverRegion.builder(id)
        .awsRegion(Region.US_EAST_1)
        .endpointOverride(region.endpoint())
        .credentialsProvider(region.credentials())
        .forcePathStyle(true)
        .bucket(OverheadBenchmark.LOGICAL_BUCKET, bucket)
        .build();
  }

  /**
   * A plain sync client of the region: Apache 5, as the library's regional sync clients.
   *
   * @param region the region it talks to
   * @return the client
   */
  static S3Client plain(LocalRegion region) {
    return S3Client.builder()
        .httpClientBuilder(
            Apache5HttpClient.builder()
                .connectionTimeout(FailoverS3ClientBuilder.DEFAULT_CONNECT_TIMEOUT)
                .socketTimeout(FailoverS3ClientBuilder.DEFAULT_READ_TIMEOUT)
                .connectionTimeToLive(FailoverS3ClientBuilder.DEFAULT_CONNECTION_TIME_TO_LIVE))
        .region(Region.US_EAST_1)
        .endpointOverride(region.endpoint())
        .credentialsProvider(region.credentials())
        .forcePathStyle(true)
        .build();
  }

  /**
   * A plain async client of the region: Netty with multipart on, as the library's regional async
   * clients.
   *
   * @param region the region it talks to
   * @return the client
   */
  static S3AsyncClient plainAsync(LocalRegion region) {
    return S3AsyncClient.builder()
        .httpClientBuilder(
            NettyNioAsyncHttpClient.builder()
                .connectionTimeout(FailoverS3ClientBuilder.DEFAULT_CONNECT_TIMEOUT)
                .readTimeout(FailoverS3ClientBuilder.DEFAULT_READ_TIMEOUT)
                .connectionTimeToLive(FailoverS3ClientBuilder.DEFAULT_CONNECTION_TIME_TO_LIVE))
        .multipartEnabled(true)
        .region(Region.US_EAST_1)
        .endpointOverride(region.endpoint())
        .credentialsProvider(region.credentials())
        .forcePathStyle(true)
        .build();
  }

  /**
   * Closes each in order, going on past a null or a failure: tear-down goes on, and the next fork
   * starts fresh servers on new ports.
   *
   * @param closeables clients, regions and the like; null where a set-up did not get that far
   */
  static void closeAll(AutoCloseable... closeables) {
    for (AutoCloseable c : closeables) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // Tear-down goes on.
      }
    }
  }
}
