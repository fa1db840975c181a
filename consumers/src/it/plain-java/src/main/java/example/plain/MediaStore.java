package example.plain;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverS3ClientBuilder;
import io.github.s3failover.micrometer.S3FailoverMetrics;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;

/** An application's storage: the quick start of the README, with the regions given as endpoints. */
public final class MediaStore implements AutoCloseable {
  private final FailoverS3Client s3;
  private final S3FailoverMetrics metrics;

  /**
   * Creates the store.
   *
   * @param endpoints region id to endpoint, in priority order
   * @param credentials the credentials of every region
   */
  public MediaStore(List<Map.Entry<String, URI>> endpoints, AwsCredentialsProvider credentials) {
    AtomicReference<FailoverS3Client> client = new AtomicReference<>();
    metrics =
        S3FailoverMetrics.builder()
            .regions(endpoints.stream().map(Map.Entry::getKey).toList())
            .client(client::get)
            .build();
    FailoverS3ClientBuilder b = FailoverS3Client.builder().addListener(metrics);
    for (Map.Entry<String, URI> e : endpoints) {
      b.addRegion(
          FailoverRegion.builder(e.getKey())
              .awsRegion(Region.US_EAST_1)
              .endpointOverride(e.getValue())
              .forcePathStyle(true)
              .credentialsProvider(credentials)
              .bucket("media", "media-" + e.getKey())
              .build());
    }
    s3 = b.build();
    client.set(s3);
  }

  /**
   * The meters, to bind to the application's registry.
   *
   * @return the meters
   */
  public S3FailoverMetrics metrics() {
    return metrics;
  }

  /**
   * The failover client.
   *
   * @return the client
   */
  public FailoverS3Client client() {
    return s3;
  }

  /**
   * Stores a text.
   *
   * @param key the key
   * @param text the text
   */
  public void put(String key, String text) {
    s3.putObject(b -> b.bucket("media").key(key), RequestBody.fromString(text));
  }

  /**
   * Reads a text.
   *
   * @param key the key
   * @return the text
   */
  public String get(String key) {
    return s3.getObjectAsBytes(b -> b.bucket("media").key(key)).asUtf8String();
  }

  @Override
  public void close() {
    s3.close();
  }
}
