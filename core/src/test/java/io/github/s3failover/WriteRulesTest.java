package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.s3failover.RegionBoundException.BoundBy;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** What may move region and what may not: writes, multipart uploads, bodies. */
@LocalRegions(count = 2)
@Timeout(30)
class WriteRulesTest {
  private final Fixture fixture = new Fixture();

  @Test
  void primaryOnlyWriteFailsFastWithAClearErrorAndNeverReachesTheSecondary(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    try (FailoverS3Client client = fixture.builder(regions).build()) {
      regions.primary().tcp().refuse();
      // The first writes meet the refused region and open its breaker...
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> put(client, "k", "v"))
            .isInstanceOf(RegionBoundException.class)
            .hasMessageContaining("PRIMARY_ONLY")
            .hasMessageContaining("'primary'")
            .hasMessageContaining("WritePolicy.FAILOVER");
      }
      // ...after which a write is refused without touching the network at all.
      long connections = regions.primary().tcp().connectionsAccepted();
      assertThatThrownBy(() -> put(client, "k2", "v"))
          .isInstanceOfSatisfying(
              RegionBoundException.class,
              e -> {
                assertThat(e.boundBy()).isEqualTo(BoundBy.WRITE_POLICY);
                assertThat(e.region()).isEqualTo("primary");
                assertThat(e.getMessage()).contains("circuit breaker OPEN");
              });
      assertThat(regions.primary().tcp().connectionsAccepted()).isEqualTo(connections);
      assertThat(regions.secondary().region().requestCount(Operation.PUT_OBJECT)).isZero();
      assertThat(regions.secondary().region().objectExists("data-secondary", "k")).isFalse();
    }
  }

  @Test
  void primaryOnlyWritesFollowThePreferenceAtOnce(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    SwitchablePreference preference = RegionPreference.switchable("primary");
    try (FailoverS3Client client = fixture.builder(regions).preference(preference).build()) {
      put(client, "before", "1");
      preference.switchTo("secondary");
      put(client, "after", "2");
    }
    assertThat(regions.primary().region().objectExists("data-primary", "before")).isTrue();
    assertThat(regions.secondary().region().objectExists("data-secondary", "after")).isTrue();
    assertThat(regions.primary().region().objectExists("data-primary", "after")).isFalse();
  }

  @Test
  void readsSeeTheApplicationsOwnWritesWhileTheDwellTimeHoldsThemOnAnotherRegion(
      TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    SwitchablePreference preference = RegionPreference.switchable("primary");
    try (FailoverS3Client client = fixture.builder(regions).preference(preference).build()) {
      client.headObject(b -> b.bucket(Fixture.BUCKET).key("seed"));
      preference.switchTo("secondary");
      client.headObject(b -> b.bucket(Fixture.BUCKET).key("seed"));
      assertThat(client.status().activeRegion()).isEqualTo("secondary");
      // Route 53 flips back at once: writes follow at once, reads wait out the dwell time.
      preference.switchTo("primary");
      put(client, "mine", "written to primary");
      assertThat(client.status().activeRegion()).isEqualTo("secondary");

      byte[] read =
          client.getObjectAsBytes(b -> b.bucket(Fixture.BUCKET).key("mine")).asByteArray();

      assertThat(new String(read)).isEqualTo("written to primary");
      assertThat(regions.secondary().region().objectExists("data-secondary", "mine")).isFalse();
    }
  }

  @Test
  void failoverWriteLandsInTheSecondaryWhenThePrimaryIsDown(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    try (FailoverS3Client client =
        fixture.builder(regions).writePolicy(WritePolicy.FAILOVER).build()) {
      regions.primary().tcp().refuse();
      put(client, "moved", "payload");
    }
    assertThat(regions.secondary().region().readObject("data-secondary", "moved"))
        .hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("payload"));
    assertThat(regions.primary().region().objectExists("data-primary", "moved")).isFalse();
  }

  enum BodyFault {
    BLACK_HOLE,
    HTTP_503,
    /** The secondary's breaker is open but its wait is over: it would admit the next call. */
    BLACK_HOLE_WITH_SECONDARY_READY_TO_PROBE
  }

  @ParameterizedTest
  @EnumSource(BodyFault.class)
  void aNonReplayableBodyIsNeverSentToASecondRegion(BodyFault fault, TestRegions regions)
      throws InterruptedException {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    byte[] body = new byte[32 * 1024];
    AtomicLong bytesRead = new AtomicLong();
    InputStream stream = new OneShotStream(new ByteArrayInputStream(body), bytesRead);
    FailoverS3ClientBuilder builder =
        fault == BodyFault.HTTP_503
            ? fixture.builder(regions, r -> r.http().endpoint())
            : fixture.builder(regions);
    try (FailoverS3Client client = builder.writePolicy(WritePolicy.FAILOVER).build()) {
      if (fault == BodyFault.HTTP_503) {
        regions.primary().http().serviceUnavailable();
      } else {
        regions.primary().tcp().blackHole();
      }
      if (fault == BodyFault.BLACK_HOLE_WITH_SECONDARY_READY_TO_PROBE) {
        client.circuitBreaker("secondary").transitionToOpenState();
        Thread.sleep(Fixture.BREAKER_OPEN.toMillis() + 200);
      }
      assertThatThrownBy(
              () ->
                  client.putObject(
                      b -> b.bucket(Fixture.BUCKET).key("stream"),
                      RequestBody.fromInputStream(stream, body.length)))
          .isInstanceOfSatisfying(
              RegionBoundException.class,
              e -> {
                assertThat(e.boundBy()).isEqualTo(BoundBy.NON_REPLAYABLE_BODY);
                assertThat(e.getMessage())
                    .contains("'primary'", "not sent to another region", "RequestBody.fromBytes");
                assertThat(e.getCause()).isNotNull();
              });
    }
    assertThat(bytesRead.get()).as("bytes read from the body").isPositive();
    assertThat(regions.secondary().region().requestCount(Operation.PUT_OBJECT)).isZero();
    assertThat(regions.secondary().region().uploadsReceived("data-secondary", "stream")).isZero();
  }

  @Test
  void aMultipartUploadStartedInThePrimaryNeverCompletesInTheSecondary(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    byte[] part = new byte[5 * 1024 * 1024];
    try (FailoverS3Client client =
        fixture.builder(regions).writePolicy(WritePolicy.FAILOVER).build()) {
      String uploadId =
          client.createMultipartUpload(b -> b.bucket(Fixture.BUCKET).key("big")).uploadId();
      UploadPartResponse first =
          client.uploadPart(
              b -> b.bucket(Fixture.BUCKET).key("big").uploadId(uploadId).partNumber(1),
              RequestBody.fromBytes(part));

      regions.primary().tcp().refuse();
      assertThatThrownBy(
              () ->
                  client.uploadPart(
                      b -> b.bucket(Fixture.BUCKET).key("big").uploadId(uploadId).partNumber(2),
                      RequestBody.fromBytes(part)))
          .isInstanceOfSatisfying(
              RegionBoundException.class,
              e -> {
                assertThat(e.boundBy()).isEqualTo(BoundBy.MULTIPART_UPLOAD);
                assertThat(e.getMessage()).contains(uploadId, "'primary'", "start a new upload");
              });
      assertThatThrownBy(
              () ->
                  client.completeMultipartUpload(
                      b ->
                          b.bucket(Fixture.BUCKET)
                              .key("big")
                              .uploadId(uploadId)
                              .multipartUpload(
                                  m ->
                                      m.parts(
                                          List.of(
                                              CompletedPart.builder()
                                                  .partNumber(1)
                                                  .eTag(first.eTag())
                                                  .build())))))
          .isInstanceOf(RegionBoundException.class);
    }
    assertThat(regions.secondary().region().requestCounts())
        .allSatisfy((op, count) -> assertThat(op.isMultipart() ? count : 0L).isZero());
    assertThat(regions.secondary().region().objectExists("data-secondary", "big")).isFalse();
  }

  @Test
  void whenEveryRegionIsDownOneExceptionNamesThemAll(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    try (FailoverS3Client client = fixture.builder(regions).build()) {
      regions.primary().tcp().refuse();
      regions.secondary().tcp().refuse();
      assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket(Fixture.BUCKET).key("seed")))
          .isInstanceOf(SdkException.class)
          .isInstanceOfSatisfying(
              AllRegionsFailedException.class,
              e -> {
                assertThat(e.getMessage()).contains("GetObject", "primary:", "secondary:");
                assertThat(e.attempts())
                    .extracting(RegionAttempt::region)
                    .containsExactly("primary", "secondary");
                assertThat(e.getSuppressed()).isNotEmpty();
              });
    }
  }

  private static void put(FailoverS3Client client, String key, String value) {
    client.putObject(b -> b.bucket(Fixture.BUCKET).key(key), RequestBody.fromString(value));
  }

  /** A stream that cannot be reset, and counts what is read from it. */
  private static final class OneShotStream extends FilterInputStream {
    private final AtomicLong bytesRead;

    OneShotStream(InputStream in, AtomicLong bytesRead) {
      super(in);
      this.bytesRead = bytesRead;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        bytesRead.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        bytesRead.addAndGet(n);
      }
      return n;
    }
  }
}
