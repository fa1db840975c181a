package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.s3failover.RegionBoundException.BoundBy;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Code written against {@link S3Client} works unchanged on a {@link FailoverS3Client}, against real
 * regions, and never sees a physical bucket name.
 */
@LocalRegions(count = 2)
@Timeout(30)
class DropInTest {
  private final Fixture fixture = new Fixture();

  @Test
  void paginatorsWaitersConsumerOverloadsAndUtilitiesWorkThroughTheInterface(TestRegions regions)
      throws Exception {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    try (FailoverS3Client failover = fixture.builder(regions).build()) {
      S3Client s3 = failover;
      for (int i = 0; i < 7; i++) {
        String key = "page/" + i;
        s3.putObject(b -> b.bucket("data").key(key), RequestBody.fromString("v" + i));
      }
      List<String> keys =
          s3
              .listObjectsV2Paginator(b -> b.bucket("data").prefix("page/").maxKeys(2))
              .contents()
              .stream()
              .map(S3Object::key)
              .collect(Collectors.toList());
      assertThat(keys).hasSize(7).startsWith("page/0").endsWith("page/6");

      s3.waiter().waitUntilObjectExists(b -> b.bucket("data").key("page/3"));

      ListObjectsV2Response listing = s3.listObjectsV2(b -> b.bucket("data").prefix("page/"));
      assertThat(listing.name()).as("bucket name in the response").isEqualTo("data");

      s3.copyObject(
          b ->
              b.sourceBucket("data")
                  .sourceKey("page/1")
                  .destinationBucket("data")
                  .destinationKey("copy"));
      assertThat(regions.primary().region().readObject("data-primary", "copy"))
          .hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("v1"));

      assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("data");

      URL url = s3.utilities().getUrl(b -> b.bucket(failover.physicalBucket("data")).key("k"));
      assertThat(url.toString())
          .startsWith(regions.primary().endpoint().toString())
          .contains("data-primary");
      assertThat(s3.serviceClientConfiguration().region().id()).isEqualTo("us-east-1");
    }
    assertThat(regions.secondary().region().requestCount()).isZero();
  }

  @Test
  void aContinuationTokenStaysWithTheRegionThatIssuedIt(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    for (int i = 0; i < 5; i++) {
      Fixture.seed(regions, "list/" + i, Fixture.bytes("v"));
    }
    try (FailoverS3Client client = fixture.builder(regions).build()) {
      ListObjectsV2Response first =
          client.listObjectsV2(b -> b.bucket("data").prefix("list/").maxKeys(2));
      assertThat(first.nextContinuationToken()).startsWith("s3fo1:primary:");
      regions.primary().tcp().refuse();
      long listsBefore = regions.secondary().region().requestCount(Operation.LIST_OBJECTS);
      assertThatThrownBy(
              () ->
                  client.listObjectsV2(
                      b ->
                          b.bucket("data")
                              .prefix("list/")
                              .maxKeys(2)
                              .continuationToken(first.nextContinuationToken())))
          .isInstanceOfSatisfying(
              RegionBoundException.class,
              e -> {
                assertThat(e.boundBy()).isEqualTo(BoundBy.CONTINUATION_TOKEN);
                assertThat(e.getMessage()).contains("'primary'", "startAfter");
              });
      assertThat(regions.secondary().region().requestCount(Operation.LIST_OBJECTS))
          .isEqualTo(listsBefore);
      // A fresh listing, resumed with startAfter, is a plain read and fails over.
      ListObjectsV2Response resumed =
          client.listObjectsV2(
              b -> b.bucket("data").prefix("list/").startAfter(first.contents().get(1).key()));
      assertThat(resumed.contents())
          .extracting(S3Object::key)
          .containsExactly("list/2", "list/3", "list/4");
    }
  }

  @Test
  void aNotFoundFromTheSecondaryWhileThePrimaryIsDownSaysItMayBeReplicationLag(
      TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    regions.primary().region().putObject("data-primary", "fresh", Fixture.bytes("not replicated"));
    try (FailoverS3Client client = fixture.builder(regions).build()) {
      regions.primary().tcp().refuse();
      assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("data").key("fresh")))
          .isInstanceOf(NoSuchKeyException.class)
          .hasMessageContaining("answered by region 'secondary'")
          .hasMessageContaining("not be replicated yet");
    }
  }

  @Test
  void aResponseWhoseBytesReachedTheApplicationIsNotRepeatedInAnotherRegion(TestRegions regions) {
    byte[] content = new byte[64 * 1024];
    Fixture.seed(regions, "big", content);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try (FailoverS3Client client = fixture.builder(regions).build()) {
      regions.primary().tcp().resetAfterBytes(4_000);
      assertThatThrownBy(
              () ->
                  client.getObject(
                      b -> b.bucket("data").key("big"),
                      ResponseTransformer.toOutputStream(received)))
          .isInstanceOfSatisfying(
              RegionBoundException.class,
              e -> {
                assertThat(e.boundBy()).isEqualTo(BoundBy.PARTIAL_RESPONSE);
                assertThat(e.getMessage()).contains("'primary'", "Retry the call");
              });
      assertThat(received.size()).isPositive().isLessThan(content.length);
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isZero();
      // The same read into a buffer the application never saw half of does fail over.
      assertThat(client.getObjectAsBytes(b -> b.bucket("data").key("big")).asByteArray())
          .isEqualTo(content);
    }
  }

  @Test
  void aStreamThatBreaksMidBodyResumesFromAHealthyRegionWithoutLosingOrRepeatingAByte(
      TestRegions regions) throws Exception {
    byte[] content = new byte[256 * 1024];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i % 251);
    }
    Fixture.seed(regions, "stream", content);
    try (FailoverS3Client client = fixture.builder(regions).build()) {
      regions.primary().tcp().resetAfterBytes(50_000);
      byte[] read;
      try (InputStream in = client.getObject(b -> b.bucket("data").key("stream"))) {
        read = in.readAllBytes();
      }
      assertThat(read).isEqualTo(content);
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);
    }
  }

  @Test
  void aFailureOfTheApplicationsOwnTransformerIsNeitherFailedOverNorHeldAgainstTheRegion(
      TestRegions regions, @TempDir Path dir) throws Exception {
    Fixture.seed(regions, "file", Fixture.bytes("content"));
    Path existing = Files.writeString(dir.resolve("already-there"), "mine");
    try (FailoverS3Client client = fixture.builder(regions).build()) {
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(() -> client.getObject(b -> b.bucket("data").key("file"), existing))
            .hasRootCauseInstanceOf(FileAlreadyExistsException.class);
      }
      assertThat(client.circuitBreaker("primary").getState().name()).isEqualTo("CLOSED");
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isZero();
    }
  }

  @Test
  void multipartResponsesNameTheLogicalBucketOnly(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    try (FailoverS3Client client = fixture.builder(regions).build()) {
      String uploadId = client.createMultipartUpload(b -> b.bucket("data").key("mp")).uploadId();
      String eTag =
          client
              .uploadPart(
                  b -> b.bucket("data").key("mp").uploadId(uploadId).partNumber(1),
                  RequestBody.fromString("only part"))
              .eTag();
      CompleteMultipartUploadResponse done =
          client.completeMultipartUpload(
              b ->
                  b.bucket("data")
                      .key("mp")
                      .uploadId(uploadId)
                      .multipartUpload(
                          m -> m.parts(CompletedPart.builder().partNumber(1).eTag(eTag).build())));
      assertThat(done.bucket()).isEqualTo("data");
      assertThat(String.valueOf(done.location())).doesNotContain("data-primary");
      assertThat(regions.primary().region().objectExists("data-primary", "mp")).isTrue();
    }
  }

  @Test
  void throttlingGoesToTheApplicationAndDoesNotOpenTheBreaker(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    try (FailoverS3Client client =
        fixture.builder(regions, r -> r.http().endpoint()).maxAttemptsPerRegion(1).build()) {
      regions.primary().http().slowDown();
      for (int i = 0; i < 6; i++) {
        assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("data").key("seed")))
            .isInstanceOfSatisfying(
                software.amazon.awssdk.services.s3.model.S3Exception.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown"));
      }
      assertThat(client.circuitBreaker("primary").getState().name()).isEqualTo("CLOSED");
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isZero();
    }
  }
}
