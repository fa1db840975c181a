package io.github.s3failover.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

@Timeout(30)
class LocalRegionTest {

  private static final String BUCKET = "region-test";

  private static LocalRegion region;

  // One client per test: a test that stops the region leaves dead pooled connections behind.
  private S3Client s3;

  @BeforeAll
  static void startRegion() {
    region = LocalRegion.start("primary");
    region.createBucket(BUCKET);
  }

  @AfterAll
  static void stopRegion() {
    region.close();
  }

  @BeforeEach
  void zeroCounters() {
    region.start();
    region.resetCounters();
    s3 = Clients.s3(region.endpoint(), region.credentials());
  }

  @AfterEach
  void closeClient() {
    s3.close();
  }

  @Test
  void servesRealS3RequestsAndCountsEachKind() {
    byte[] data = "hello, region".getBytes(StandardCharsets.UTF_8);

    s3.putObject(b -> b.bucket(BUCKET).key("greeting"), RequestBody.fromBytes(data));
    byte[] read = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("greeting")).asByteArray();
    long length = s3.headObject(b -> b.bucket(BUCKET).key("greeting")).contentLength();
    List<String> keys =
        s3.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
    s3.deleteObject(b -> b.bucket(BUCKET).key("greeting"));
    s3.createBucket(b -> b.bucket("made-by-sdk"));

    assertThat(read).isEqualTo(data);
    assertThat(length).isEqualTo(data.length);
    assertThat(keys).contains("greeting");
    assertThat(region.bucketExists("made-by-sdk")).isTrue();
    assertThat(region.requestCount()).isEqualTo(6);
    assertThat(region.requestCount(Operation.PUT_OBJECT)).isEqualTo(1);
    assertThat(region.requestCount(Operation.GET_OBJECT)).isEqualTo(1);
    assertThat(region.requestCount(Operation.HEAD_OBJECT)).isEqualTo(1);
    assertThat(region.requestCount(Operation.LIST_OBJECTS)).isEqualTo(1);
    assertThat(region.requestCount(Operation.DELETE_OBJECT)).isEqualTo(1);
    assertThat(region.requestCount(Operation.CREATE_BUCKET)).isEqualTo(1);
    assertThat(region.uploadsReceived(BUCKET, "greeting")).isEqualTo(1);
    // The SDK frames the body as aws-chunked with a trailing CRC32, and s3proxy accepts it.
    assertThat(region.bodyBytesReceived()).isGreaterThan(data.length);
  }

  /**
   * The AWS CRT sends its CreateMultipartUpload (no body) with {@code Expect: 100-continue} and
   * reads only a response framed by a length or chunks, as S3 sends them; Jetty alone ended such a
   * response where the connection closed.
   */
  @Test
  void anEmptyBodyThatExpects100ContinueIsAnsweredWithALength() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", region.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /"
                  + BUCKET
                  + "/k?uploads HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Expect: 100-continue\r\nContent-Length: 0\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
      String body = answer.substring(head.length() + 4);

      // Unsigned, so an error answer (s3proxy: 501 for anonymous requests); framed all the same.
      assertThat(head).startsWith("HTTP/1.1 ");
      assertThat(head).containsIgnoringCase("content-length: " + body.length());
      assertThat(body).contains("<Error>").endsWith("</Error>");
    }
  }

  @Test
  void theApache4TransportWorksToo() {
    byte[] data = new byte[2 * 1024 * 1024];
    new Random(1).nextBytes(data);
    try (S3Client apache4 = Clients.s3OnApache4(region.endpoint(), region.credentials())) {
      apache4.putObject(b -> b.bucket(BUCKET).key("apache4"), RequestBody.fromBytes(data));
      assertThat(apache4.getObjectAsBytes(b -> b.bucket(BUCKET).key("apache4")).asByteArray())
          .isEqualTo(data);
    }
    assertThat(region.uploadsReceived(BUCKET, "apache4")).isEqualTo(1);
  }

  @Test
  void directAccessSeedsAndReadsWithoutCountingTraffic() {
    region.putObject(BUCKET, "seeded/a", new byte[] {1, 2, 3});
    region.putObject(BUCKET, "seeded/b", new byte[0]);

    byte[] viaSdk = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("seeded/a")).asByteArray();
    region.resetCounters();

    assertThat(viaSdk).containsExactly(1, 2, 3);
    assertThat(region.readObject(BUCKET, "seeded/a"))
        .hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
    assertThat(region.readObject(BUCKET, "seeded/missing")).isEmpty();
    assertThat(region.objectExists(BUCKET, "seeded/b")).isTrue();
    assertThat(region.listKeys(BUCKET)).contains("seeded/a", "seeded/b");
    region.deleteObject(BUCKET, "seeded/b");
    assertThat(region.objectExists(BUCKET, "seeded/b")).isFalse();
    assertThat(region.requestCount()).isZero();
  }

  @Test
  void multipartUploadWorksAndEachStepIsCounted() {
    Random random = new Random(42);
    byte[] part1 = new byte[5 * 1024 * 1024];
    byte[] part2 = new byte[1024];
    random.nextBytes(part1);
    random.nextBytes(part2);

    String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("big")).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    byte[][] bodies = {part1, part2};
    for (int i = 0; i < bodies.length; i++) {
      int number = i + 1;
      String etag =
          s3.uploadPart(
                  b -> b.bucket(BUCKET).key("big").uploadId(uploadId).partNumber(number),
                  RequestBody.fromBytes(bodies[i]))
              .eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
    }
    s3.completeMultipartUpload(
        b -> b.bucket(BUCKET).key("big").uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    String abandoned = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("gone")).uploadId();
    s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("gone").uploadId(abandoned));

    byte[] stored = region.readObject(BUCKET, "big").orElseThrow();
    assertThat(stored).hasSize(part1.length + part2.length);
    assertThat(stored[part1.length]).isEqualTo(part2[0]);
    assertThat(region.requestCount(Operation.CREATE_MULTIPART_UPLOAD)).isEqualTo(2);
    assertThat(region.requestCount(Operation.UPLOAD_PART)).isEqualTo(2);
    assertThat(region.requestCount(Operation.COMPLETE_MULTIPART_UPLOAD)).isEqualTo(1);
    assertThat(region.requestCount(Operation.ABORT_MULTIPART_UPLOAD)).isEqualTo(1);
    assertThat(region.requestCount(Operation.PUT_OBJECT)).isZero();
    assertThat(region.uploadsReceived(BUCKET, "big")).isEqualTo(2);
    assertThat(region.objectExists(BUCKET, "gone")).isFalse();
  }

  @Test
  void wrongSecretIsRefusedWith403() {
    var forged =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(region.accessKey(), LocalRegion.randomSecret()));
    try (S3Client intruder = Clients.s3(region.endpoint(), forged)) {
      assertThatThrownBy(() -> intruder.listObjectsV2(b -> b.bucket(BUCKET)))
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
              });
    }
    assertThat(region.requestCount(Operation.LIST_OBJECTS)).isEqualTo(1);
  }

  @Test
  void stopRefusesConnectionsAndStartComesBackOnTheSamePortWithTheData() {
    region.putObject(BUCKET, "survivor", new byte[] {7});
    int port = region.port();

    region.stop();
    assertThat(region.isRunning()).isFalse();
    try (S3Client client = Clients.s3(region.endpoint(), region.credentials())) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> client.headObject(b -> b.bucket(BUCKET).key("survivor")))
          .isInstanceOf(SdkClientException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    region.start();
    assertThat(region.port()).isEqualTo(port);
    assertThat(region.endpoint().getPort()).isEqualTo(port);
    try (S3Client client = Clients.s3(region.endpoint(), region.credentials())) {
      assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("survivor")).asByteArray())
          .containsExactly(7);
    }
    region.restart();
    assertThat(region.port()).isEqualTo(port);
  }

  @Test
  void versioningCanBeEnabled() {
    region.createBucket("versioned");
    region.setBucketVersioning("versioned", true);
    s3.putObject(b -> b.bucket("versioned").key("k"), RequestBody.fromString("one"));
    s3.putObject(b -> b.bucket("versioned").key("k"), RequestBody.fromString("two"));

    List<ObjectVersion> versions = s3.listObjectVersions(b -> b.bucket("versioned")).versions();

    assertThat(versions).hasSize(2);
    assertThat(region.requestCount(Operation.PUT_OBJECT)).isEqualTo(2);
  }

  @Test
  void clearDropsEveryBucket() {
    try (LocalRegion scratch = LocalRegion.start("scratch")) {
      scratch.createBucket("one");
      scratch.putObject("one", "k", new byte[] {1});
      scratch.clear();
      assertThat(scratch.bucketExists("one")).isFalse();
    }
  }

  @Test
  void accessKeysDifferByRegionName() {
    assertThat(LocalRegion.defaultAccessKey("primary")).isEqualTo("AKIAPRIMARYXXXXXXXXX");
    assertThat(LocalRegion.defaultAccessKey("secondary")).hasSize(20);
    assertThat(LocalRegion.randomSecret()).hasSize(40).isNotEqualTo(LocalRegion.randomSecret());
  }
}
