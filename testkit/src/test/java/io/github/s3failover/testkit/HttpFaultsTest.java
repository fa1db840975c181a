package io.github.s3failover.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

@Timeout(30)
class HttpFaultsTest {

  private static final String BUCKET = "behind-wiremock";

  private static LocalRegion region;
  private static HttpFaults http;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    region = LocalRegion.start("wired");
    region.createBucket(BUCKET);
    region.putObject(BUCKET, "present", new byte[] {1, 2, 3, 4});
    http = HttpFaults.start(region.endpoint());
    s3 = Clients.s3(http.endpoint(), region.credentials());
  }

  @AfterAll
  static void stop() {
    s3.close();
    http.close();
    region.close();
  }

  @BeforeEach
  void passAndZero() {
    http.pass();
    http.resetCounters();
    region.resetCounters();
  }

  @Test
  void passProxiesSignedRequestsWithBodiesIntact() {
    byte[] body = new byte[3 * 1024 * 1024 + 17];
    new Random(3).nextBytes(body);

    // The SDK's default: aws-chunked body with a trailing CRC32 checksum, length known.
    s3.putObject(b -> b.bucket(BUCKET).key("framed"), RequestBody.fromBytes(body));
    // A stream body with a declared length, as a non-replayable upload would be sent.
    s3.putObject(
        b -> b.bucket(BUCKET).key("streamed"),
        RequestBody.fromInputStream(new ByteArrayInputStream(body), body.length));
    byte[] read = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("framed")).asByteArray();
    HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("present"));

    assertThat(read).isEqualTo(body);
    assertThat(region.readObject(BUCKET, "streamed"))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(body));
    assertThat(head.contentLength()).isEqualTo(4);
    assertThat(head.eTag()).isNotBlank();
    assertThat(http.requestCount()).isEqualTo(4);
    assertThat(region.requestCount(Operation.PUT_OBJECT)).isEqualTo(2);
    assertThat(region.uploadsReceived(BUCKET, "framed")).isEqualTo(1);
  }

  @Test
  void serviceUnavailableAnswers503WithoutReachingTheRegion() {
    http.serviceUnavailable();
    assertS3Error(503, "ServiceUnavailable");
    assertThat(http.mode()).isEqualTo("503 ServiceUnavailable");
    assertThat(region.requestCount()).isZero();
    assertThat(http.requestCount()).isEqualTo(1);
  }

  @Test
  void slowDownAnswers503SlowDown() {
    http.slowDown();
    assertS3Error(503, "SlowDown");
  }

  @Test
  void internalErrorAnswers500() {
    http.internalError();
    assertS3Error(500, "InternalError");
  }

  @Test
  void headRequestsSeeTheStatusOfAFault() {
    http.serviceUnavailable();
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("present")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(503));
  }

  @Test
  void slowResponsesAreProxiedLate() {
    http.slowResponses(Duration.ofMillis(300));
    long started = System.nanoTime();

    byte[] read = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("present")).asByteArray();

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(read).containsExactly(1, 2, 3, 4);
    assertThat(region.requestCount(Operation.GET_OBJECT)).isEqualTo(1);
  }

  @Test
  void passRestoresServiceAfterAFault() {
    http.internalError();
    assertS3Error(500, "InternalError");
    http.pass();
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("present")).asByteArray())
        .containsExactly(1, 2, 3, 4);
  }

  private void assertS3Error(int status, String code) {
    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("present")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(status);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            });
  }
}
