package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Failures of the application's own making (its request body breaking, its connection pool
 * exhausted) never count against a healthy region.
 */
@LocalRegions(count = 2)
@Timeout(30)
class CallerFailuresAreNotRegionalTest {
  private final Fixture fixture = new Fixture();

  @Test
  void aRequestBodyThatFailsOnItsOwnNeitherOpensTheBreakerNorMovesTraffic(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    try (FailoverS3Client client = fixture.builder(regions).build()) {
      for (int i = 0; i < 4; i++) {
        // The uploading user hung up: the application's stream throws mid-body.
        RequestBody broken =
            RequestBody.fromContentProvider(() -> new HangingUpStream(8 * 1024), 64 * 1024, "x");
        assertThatThrownBy(
                () -> client.putObject(b -> b.bucket(Fixture.BUCKET).key("upload"), broken))
            .isInstanceOf(SdkClientException.class)
            .isNotInstanceOf(S3FailoverException.class)
            .hasRootCauseMessage("the uploading user hung up");
      }

      assertThat(client.circuitBreaker("primary").getState())
          .isEqualTo(CircuitBreaker.State.CLOSED);
      assertThat(client.circuitBreaker("primary").getMetrics().getNumberOfFailedCalls()).isZero();
      // The primary still takes PRIMARY_ONLY writes and serves reads.
      client.putObject(b -> b.bucket(Fixture.BUCKET).key("after"), RequestBody.fromString("ok"));
      client.headObject(b -> b.bucket(Fixture.BUCKET).key("seed"));
      assertThat(client.status().activeRegion()).isEqualTo("primary");
      assertThat(regions.secondary().region().requestCount()).isZero();
    }
  }

  @Test
  void anExhaustedConnectionPoolIsTheCallersOverloadNotTheRegionsFailure(TestRegions regions)
      throws IOException {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    Fixture.seed(regions, "large", new byte[1024 * 1024]);
    try (FailoverS3Client client =
        fixture
            .builder(
                regions,
                (region, config) ->
                    config.clientCustomizer(
                        b ->
                            b.httpClientBuilder(
                                Apache5HttpClient.builder()
                                    .maxConnections(1)
                                    .connectionAcquisitionTimeout(Duration.ofMillis(200)))))
            .build()) {
      // A stream the application forgot to close holds the only pooled connection.
      ResponseInputStream<GetObjectResponse> leaked =
          client.getObject(b -> b.bucket(Fixture.BUCKET).key("large"));
      try {
        for (int i = 0; i < 4; i++) {
          assertThatThrownBy(() -> client.headObject(b -> b.bucket(Fixture.BUCKET).key("seed")))
              .isInstanceOf(SdkClientException.class)
              .isNotInstanceOf(S3FailoverException.class);
        }
        assertThat(client.circuitBreaker("primary").getState())
            .isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(client.circuitBreaker("primary").getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(regions.secondary().region().requestCount(Operation.HEAD_OBJECT)).isZero();
      } finally {
        leaked.close();
      }
      client.headObject(b -> b.bucket(Fixture.BUCKET).key("seed"));
      assertThat(client.status().activeRegion()).isEqualTo("primary");
    }
  }

  /** Gives some bytes, then fails as a stream whose client went away does. */
  private static final class HangingUpStream extends InputStream {
    private int left;

    HangingUpStream(int bytesBeforeFailing) {
      this.left = bytesBeforeFailing;
    }

    @Override
    public int read() throws IOException {
      if (left-- <= 0) {
        throw new IOException("the uploading user hung up");
      }
      return 'x';
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        throw new IOException("the uploading user hung up");
      }
      int n = Math.min(len, left);
      left -= n;
      java.util.Arrays.fill(b, off, off + n, (byte) 'x');
      return n;
    }
  }
}
