package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
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
}
