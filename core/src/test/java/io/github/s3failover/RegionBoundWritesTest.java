package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.s3failover.RegionBoundException.BoundBy;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Writes whose meaning belongs to one region stay there: conditional writes (a condition checked in
 * one region means nothing in another while replication lags), and the parts of a multipart upload
 * even when the client that started it is gone.
 */
@LocalRegions(count = 2)
@Timeout(30)
class RegionBoundWritesTest {
  private final Fixture fixture = new Fixture();

  @Test
  void aCreateOnlyPutNeverMovesRegionEvenUnderTheFailoverPolicy(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    try (FailoverS3Client client =
        fixture.builder(regions).writePolicy(WritePolicy.FAILOVER).build()) {
      regions.primary().tcp().refuse();
      assertThatThrownBy(
              () ->
                  client.putObject(
                      b -> b.bucket(Fixture.BUCKET).key("once").ifNoneMatch("*"),
                      RequestBody.fromString("first writer wins")))
          .isInstanceOfSatisfying(
              RegionBoundException.class,
              e -> {
                assertThat(e.boundBy()).isEqualTo(BoundBy.CONDITIONAL_WRITE);
                assertThat(e.region()).isEqualTo("primary");
                assertThat(e.getMessage()).contains("If-None-Match", "'primary'");
              });
      assertThatThrownBy(
              () ->
                  client.putObject(
                      b -> b.bucket(Fixture.BUCKET).key("seed").ifMatch("\"some-etag\""),
                      RequestBody.fromString("replace if unchanged")))
          .isInstanceOfSatisfying(
              RegionBoundException.class,
              e -> assertThat(e.boundBy()).isEqualTo(BoundBy.CONDITIONAL_WRITE));
      // An unconditional write still fails over under FAILOVER.
      client.putObject(b -> b.bucket(Fixture.BUCKET).key("plain"), RequestBody.fromString("p"));
    }
    assertThat(regions.secondary().region().requestCount(Operation.PUT_OBJECT)).isEqualTo(1);
    assertThat(regions.secondary().region().objectExists("data-secondary", "once")).isFalse();
    assertThat(regions.secondary().region().objectExists("data-secondary", "plain")).isTrue();
  }

  @Test
  void anUploadStartedByAnotherClientFindsItsRegionAfterThePreferenceMoved(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    // A single part may be small: only parts before the last have a minimum size.
    byte[] part = new byte[1024];
    String uploadId;
    try (FailoverS3Client first = fixture.builder(regions).build()) {
      uploadId = first.createMultipartUpload(b -> b.bucket(Fixture.BUCKET).key("big")).uploadId();
    }
    // Another instance (or this one after a restart) that never saw the upload id; Route 53 now
    // names the secondary.
    try (FailoverS3Client second =
        fixture.builder(regions).preference(RegionPreference.fixed("secondary")).build()) {
      String etag =
          second
              .uploadPart(
                  b -> b.bucket(Fixture.BUCKET).key("big").uploadId(uploadId).partNumber(1),
                  RequestBody.fromBytes(part))
              .eTag();
      second.completeMultipartUpload(
          b ->
              b.bucket(Fixture.BUCKET)
                  .key("big")
                  .uploadId(uploadId)
                  .multipartUpload(
                      m ->
                          m.parts(
                              List.of(CompletedPart.builder().partNumber(1).eTag(etag).build()))));
    }
    assertThat(regions.primary().region().objectExists("data-primary", "big")).isTrue();
    assertThat(regions.secondary().region().requestCount(Operation.UPLOAD_PART)).isZero();
    assertThat(regions.secondary().region().objectExists("data-secondary", "big")).isFalse();
  }
}
