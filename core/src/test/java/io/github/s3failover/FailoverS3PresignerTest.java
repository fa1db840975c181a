package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * Presigned URLs name the region that would serve the call now, with its physical bucket, endpoint
 * and credentials; they are fetched here with a plain HTTP client, as a browser would.
 */
@LocalRegions(count = 2)
@Timeout(30)
class FailoverS3PresignerTest {
  private static final Duration VALID = Duration.ofMinutes(5);
  private final Fixture fixture = new Fixture();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void getPutHeadAndDeleteUrlsWorkAgainstThePreferredRegionsOwnBucket(TestRegions regions)
      throws Exception {
    Fixture.seed(regions, "cat.txt", Fixture.bytes("meow"));
    try (FailoverS3Client client = fixture.builder(regions).build();
        S3Presigner presigner = FailoverS3Presigner.builder(client).build()) {
      PresignedGetObjectRequest get = presignGet(presigner, "cat.txt");
      assertThat(get.url().toString())
          .contains(regions.primary().endpoint().getAuthority())
          .contains("/data-primary/cat.txt");
      HttpResponse<byte[]> fetched = send(get, null);
      assertThat(fetched.statusCode()).isEqualTo(200);
      assertThat(fetched.body()).isEqualTo(Fixture.bytes("meow"));

      PresignedRequest put =
          presigner.presignPutObject(
              r ->
                  r.signatureDuration(VALID)
                      .putObjectRequest(p -> p.bucket(Fixture.BUCKET).key("dog.txt")));
      assertThat(send(put, "woof").statusCode()).isEqualTo(200);
      assertThat(regions.primary().region().readObject("data-primary", "dog.txt").orElseThrow())
          .isEqualTo(Fixture.bytes("woof"));

      PresignedRequest head =
          presigner.presignHeadObject(
              r ->
                  r.signatureDuration(VALID)
                      .headObjectRequest(h -> h.bucket(Fixture.BUCKET).key("dog.txt")));
      assertThat(send(head, null).statusCode()).isEqualTo(200);

      PresignedRequest delete =
          presigner.presignDeleteObject(
              r ->
                  r.signatureDuration(VALID)
                      .deleteObjectRequest(d -> d.bucket(Fixture.BUCKET).key("dog.txt")));
      assertThat(send(delete, null).statusCode()).isEqualTo(204);
      assertThat(regions.primary().region().objectExists("data-primary", "dog.txt")).isFalse();
    }
  }

  @Test
  void afterAFailoverTheNextUrlNamesTheSecondaryWithItsBucketAndCredentials(TestRegions regions)
      throws Exception {
    Fixture.seed(regions, "cat.txt", Fixture.bytes("meow"));
    try (FailoverS3Client client = fixture.builder(regions).build();
        FailoverS3AsyncClient async = FailoverS3AsyncClient.builder(client).build();
        S3Presigner presigner = FailoverS3Presigner.builder(async).build()) {
      assertThat(presignGet(presigner, "cat.txt").url().toString()).contains("/data-primary/");

      regions.primary().tcp().refuse();
      for (int i = 0; i < 3; i++) {
        client.getObjectAsBytes(b -> b.bucket(Fixture.BUCKET).key("cat.txt"));
      }
      assertThat(client.circuitBreaker("primary").getState()).isEqualTo(CircuitBreaker.State.OPEN);

      PresignedGetObjectRequest get = presignGet(presigner, "cat.txt");
      assertThat(get.url().toString())
          .contains(regions.secondary().endpoint().getAuthority())
          .contains("/data-secondary/cat.txt");
      HttpResponse<byte[]> fetched = send(get, null);
      assertThat(fetched.statusCode()).isEqualTo(200);
      assertThat(fetched.body()).isEqualTo(Fixture.bytes("meow"));
    }
  }

  /**
   * A presigned URL names its region: the async client's {@code presignedUrlExtension()} fetches it
   * from the region it names, and a URL handed out before a failover is never moved.
   */
  @Test
  void theAsyncClientsPresignedUrlExtensionFetchesAUrlFromTheRegionItNames(TestRegions regions) {
    Fixture.seed(regions, "cat.txt", Fixture.bytes("meow"));
    try (FailoverS3Client client = fixture.builder(regions).build();
        FailoverS3AsyncClient async = FailoverS3AsyncClient.builder(client).build();
        S3Presigner presigner = FailoverS3Presigner.builder(async).build()) {
      URL primaryUrl = presignGet(presigner, "cat.txt").url();

      assertThat(fetch(async, primaryUrl)).isEqualTo(Fixture.bytes("meow"));
      assertThat(regions.primary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isZero();

      regions.primary().tcp().refuse();
      for (int i = 0; i < 3; i++) {
        client.getObjectAsBytes(b -> b.bucket(Fixture.BUCKET).key("cat.txt"));
      }
      assertThat(client.circuitBreaker("primary").getState()).isEqualTo(CircuitBreaker.State.OPEN);
      long secondaryGets = regions.secondary().region().requestCount(Operation.GET_OBJECT);

      assertThatThrownBy(() -> fetch(async, primaryUrl)).isInstanceOf(CompletionException.class);
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT))
          .as("a URL naming the primary is not moved to the secondary")
          .isEqualTo(secondaryGets);
      assertThat(fetch(async, presignGet(presigner, "cat.txt").url()))
          .isEqualTo(Fixture.bytes("meow"));
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT))
          .isEqualTo(secondaryGets + 1);
    }
  }

  private static byte[] fetch(FailoverS3AsyncClient async, URL url) {
    return async
        .presignedUrlExtension()
        .getObject(r -> r.presignedUrl(url), AsyncResponseTransformer.toBytes())
        .join()
        .asByteArray();
  }

  @Test
  void aRegionWithTheApplicationsOwnClientNeedsItsPresignerSupplied(TestRegions regions) {
    try (S3Client own = S3Client.builder().region(Region.US_EAST_1).build();
        FailoverS3Client client =
            FailoverS3Client.builder()
                .addRegion(FailoverRegion.builder("a").client(own).build())
                .addRegion(FailoverRegion.builder("b").awsRegion(Region.EU_WEST_1).build())
                .build()) {
      assertThatThrownBy(() -> FailoverS3Presigner.builder(client).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'a' has an S3Client of the application's")
          .hasMessageContaining("regionPresigner(\"a\", S3Presigner)");
      try (S3Presigner own3 = S3Presigner.builder().region(Region.US_EAST_1).build();
          FailoverS3Presigner presigner =
              FailoverS3Presigner.builder(client).regionPresigner("a", own3).build()) {
        assertThat(presigner.regionFor(GetObjectRequest.builder().bucket("b").key("k").build()))
            .isEqualTo("a");
      }
    }
  }

  private static PresignedGetObjectRequest presignGet(S3Presigner presigner, String key) {
    return presigner.presignGetObject(
        r -> r.signatureDuration(VALID).getObjectRequest(g -> g.bucket(Fixture.BUCKET).key(key)));
  }

  private HttpResponse<byte[]> send(PresignedRequest presigned, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(presigned.url().toURI());
    presigned
        .signedHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> request.header(name, v));
              }
            });
    String method = presigned.httpRequest().method().name();
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
