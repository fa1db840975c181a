package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Bad configuration fails at build() with a message naming the problem and the fix. */
class BuilderValidationTest {

  private static FailoverRegion region(String id, String physical) {
    return FailoverRegion.builder(id).awsRegion(Region.US_EAST_1).bucket("data", physical).build();
  }

  @Test
  void noRegion() {
    assertThatThrownBy(() -> FailoverS3Client.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no region configured")
        .hasMessageContaining("addRegion");
  }

  @Test
  void regionWithoutAwsRegionOrClient() {
    assertThatThrownBy(() -> FailoverRegion.builder("a").build())
        .hasMessageContaining("region 'a': awsRegion is not set")
        .hasMessageContaining("client(...)");
  }

  @Test
  void blankRegionId() {
    assertThatThrownBy(() -> FailoverRegion.builder(" "))
        .hasMessageContaining("is blank or has characters other than");
  }

  @Test
  void duplicateRegionIds() {
    assertThatThrownBy(
            () ->
                FailoverS3Client.builder()
                    .addRegion(region("a", "x"))
                    .addRegion(region("a", "y"))
                    .build())
        .hasMessageContaining("region id 'a' is configured twice");
  }

  @Test
  void logicalBucketMappedInOneRegionOnly() {
    FailoverRegion b = FailoverRegion.builder("b").awsRegion(Region.EU_WEST_1).build();
    assertThatThrownBy(
            () -> FailoverS3Client.builder().addRegion(region("a", "x")).addRegion(b).build())
        .hasMessageContaining("logical bucket 'data' is mapped in some regions but not in [b]")
        .hasMessageContaining(".bucket(\"data\"");
  }

  @Test
  void twoLogicalBucketsOnOnePhysicalBucket() {
    assertThatThrownBy(
            () ->
                FailoverRegion.builder("a")
                    .awsRegion(Region.US_EAST_1)
                    .bucket("one", "same")
                    .bucket("two", "same")
                    .build())
        .hasMessageContaining("both map to physical bucket 'same'");
  }

  @Test
  void applicationClientWithLibraryClientSettings() {
    assertThatThrownBy(
            () ->
                FailoverRegion.builder("a")
                    .client(S3Client.builder().region(Region.US_EAST_1).build())
                    .endpointOverride(URI.create("http://127.0.0.1:9000"))
                    .build())
        .hasMessageContaining("[endpointOverride] would be ignored");
  }

  @Test
  void endpointThatIsNotAnHttpUri() {
    assertThatThrownBy(
            () -> FailoverRegion.builder("a").endpointOverride(URI.create("s3.amazonaws.com")))
        .hasMessageContaining("is not an absolute http(s) URI");
  }

  @Test
  void priorityThatMissesARegion() {
    assertThatThrownBy(
            () ->
                FailoverS3Client.builder()
                    .addRegion(region("a", "x"))
                    .addRegion(region("b", "y"))
                    .priority("b")
                    .build())
        .hasMessageContaining("priority [b] must name every configured region exactly once");
  }

  @Test
  void fixedPreferenceOnAnUnknownRegion() {
    assertThatThrownBy(
            () ->
                FailoverS3Client.builder()
                    .addRegion(region("a", "x"))
                    .addRegion(region("b", "y"))
                    .preference(RegionPreference.fixed("c"))
                    .build())
        .hasMessageContaining("names region 'c', which is not configured")
        .hasMessageContaining("[a, b]");
  }

  @Test
  void negativeDwellAndZeroTimeouts() {
    assertThatThrownBy(() -> FailoverS3Client.builder().minimumDwell(Duration.ofSeconds(-1)))
        .hasMessageContaining("minimumDwell is PT-1S");
    assertThatThrownBy(() -> FailoverS3Client.builder().readTimeout(Duration.ZERO))
        .hasMessageContaining("readTimeout is PT0S");
    assertThatThrownBy(() -> FailoverS3Client.builder().maxAttemptsPerRegion(0))
        .hasMessageContaining("maxAttemptsPerRegion is 0");
  }

  private static FailoverS3AsyncClientBuilder asyncBuilder() {
    return FailoverS3AsyncClient.builder(
        FailoverS3Client.builder().addRegion(region("a", "x")).addRegion(region("b", "y")));
  }

  @Test
  void asyncTimeoutsAboveZero() {
    assertThatThrownBy(() -> asyncBuilder().attemptTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attemptTimeout is PT0S")
        .hasMessageContaining("noAttemptTimeout() for no limit");
    assertThatThrownBy(() -> asyncBuilder().attemptTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("attemptTimeout is PT-1S");
    assertThatThrownBy(() -> asyncBuilder().attemptTimeout(null))
        .hasMessageContaining("attemptTimeout is null");
    assertThatThrownBy(() -> asyncBuilder().readTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readTimeout is PT0S; use a duration above zero");
  }

  @Test
  void asyncAttemptTimeoutOnCrtClients() {
    assertThatThrownBy(() -> asyncBuilder().crt(true).attemptTimeout(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attemptTimeout(PT1S) does not apply to CRT-based regional clients")
        .hasMessageContaining("drop attemptTimeout, or drop crt(true)");
  }

  @Test
  void asyncTimeoutsWithEveryRegionClientSupplied() {
    try (S3AsyncClient a = plainAsync();
        S3AsyncClient b = plainAsync()) {
      assertThatThrownBy(
              () ->
                  asyncBuilder()
                      .regionClient("a", a)
                      .regionClient("b", b)
                      .readTimeout(Duration.ofSeconds(1))
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("readTimeout applies to the regional clients the library builds")
          .hasMessageContaining("set it on those clients, or drop it");
    }
  }

  /** A client that build() never calls, on an HTTP client with no event loops to wind down. */
  private static S3AsyncClient plainAsync() {
    SdkAsyncHttpClient unused =
        new SdkAsyncHttpClient() {
          @Override
          public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
            return CompletableFuture.failedFuture(new IllegalStateException("not called"));
          }

          @Override
          public void close() {}
        };
    return S3AsyncClient.builder()
        .httpClient(unused)
        .region(Region.US_EAST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .build();
  }
}
