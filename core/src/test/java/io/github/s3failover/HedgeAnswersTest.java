package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.s3failover.event.ReadHedgedEvent;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * What a hedge race ends with when a region answers with an error: the hedge region's "not there"
 * (404, 403, 412) may only mean that replication has not reached it, so it never beats the first
 * region's answer.
 */
@LocalRegions(count = 2)
@Timeout(60)
class HedgeAnswersTest {
  /** Hedge after 10 ms, every read, so that each read of these tests races. */
  private static final HedgedReads ALWAYS =
      HedgedReads.builder()
          .minDelay(Duration.ofMillis(10))
          .maxDelay(Duration.ofMillis(10))
          .budgetPercent(100)
          .burst(1000)
          .build();

  /** Each byte to or from the primary is this late: its answers come well after the hedge's. */
  private static final Duration PRIMARY_LATENCY = Duration.ofMillis(150);

  @Test
  void aNotFoundFromTheHedgeRegionNeverBeatsTheObjectInTheFirstRegion(TestRegions regions)
      throws Exception {
    seedPrimaryOnly(regions, "fresh", "only in the primary");
    Fixture fixture = new Fixture();
    regions.primary().tcp().latency(PRIMARY_LATENCY);
    try (FailoverS3Client client =
        fixture.builder(regions).readTimeout(Duration.ofSeconds(5)).hedgedReads(ALWAYS).build()) {
      String asBytes = client.getObjectAsBytes(b -> b.bucket("data").key("fresh")).asUtf8String();
      String streamed;
      try (InputStream in = client.getObject(b -> b.bucket("data").key("fresh"))) {
        streamed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      long length = client.headObject(b -> b.bucket("data").key("fresh")).contentLength();

      assertThat(asBytes).isEqualTo("only in the primary");
      assertThat(streamed).isEqualTo("only in the primary");
      assertThat(length).isEqualTo("only in the primary".length());
      // Every read raced, and the secondary's 404 came first each time.
      assertThat(fixture.events(ReadHedgedEvent.class))
          .hasSize(3)
          .allSatisfy(e -> assertThat(e.winner()).isEqualTo("primary"));
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(2);
      assertThat(regions.secondary().region().requestCount(Operation.HEAD_OBJECT)).isEqualTo(1);
    }
  }

  @Test
  void aPreconditionFailedFromTheHedgeRegionNeverBeatsTheFirstRegionsObject(TestRegions regions) {
    seedPrimaryOnly(regions, "v", "new version");
    regions
        .secondary()
        .region()
        .putObject(Fixture.physical(regions.secondary()), "v", bytes("old"));
    String etag =
        regions
            .primary()
            .region()
            .readObject(Fixture.physical(regions.primary()), "v")
            .map(b -> "\"" + md5(b) + "\"")
            .orElseThrow();
    Fixture fixture = new Fixture();
    regions.primary().tcp().latency(PRIMARY_LATENCY);
    try (FailoverS3Client client =
        fixture.builder(regions).readTimeout(Duration.ofSeconds(5)).hedgedReads(ALWAYS).build()) {
      String read =
          client.getObjectAsBytes(b -> b.bucket("data").key("v").ifMatch(etag)).asUtf8String();

      assertThat(read).isEqualTo("new version");
      assertThat(fixture.events(ReadHedgedEvent.class))
          .singleElement()
          .satisfies(e -> assertThat(e.winner()).isEqualTo("primary"));
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);
    }
  }

  @Test
  void anAccessDeniedFromTheHedgeRegionNeverBeatsTheFirstRegionsObject(TestRegions regions) {
    seedPrimaryOnly(regions, "k", "readable in the primary");
    Fixture fixture = new Fixture();
    regions.primary().tcp().latency(PRIMARY_LATENCY);
    try (FailoverS3Client client =
        fixture
            .builder(
                regions,
                (region, b) -> {
                  if (region.name().equals("secondary")) {
                    // S3 answers 403 where a key is missing and the caller may not list the bucket.
                    b.credentialsProvider(
                        StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(region.region().accessKey(), "wrong")));
                  }
                })
            .readTimeout(Duration.ofSeconds(5))
            .hedgedReads(ALWAYS)
            .build()) {
      String read = client.getObjectAsBytes(b -> b.bucket("data").key("k")).asUtf8String();

      assertThat(read).isEqualTo("readable in the primary");
      assertThat(fixture.events(ReadHedgedEvent.class))
          .singleElement()
          .satisfies(e -> assertThat(e.winner()).isEqualTo("primary"));
    }
  }

  @Test
  void whenBothRegionsAnswerNotFoundTheApplicationGetsTheFirstRegionsNotFound(TestRegions regions) {
    seedPrimaryOnly(regions, "other", "x");
    Fixture fixture = new Fixture();
    regions.primary().tcp().latency(PRIMARY_LATENCY);
    try (FailoverS3Client client =
        fixture.builder(regions).readTimeout(Duration.ofSeconds(5)).hedgedReads(ALWAYS).build()) {
      assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("data").key("nowhere")))
          .isInstanceOf(NoSuchKeyException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("replicated"));

      assertThat(fixture.events(ReadHedgedEvent.class))
          .singleElement()
          .satisfies(e -> assertThat(e.winner()).isNull());
      assertThat(regions.primary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);
    }
  }

  @Test
  void whenTheFirstRegionFailsTheHedgeRegionsNotFoundIsTheAnswerMarkedAsPossibleLag(
      TestRegions regions) {
    seedPrimaryOnly(regions, "lagging", "x");
    Fixture fixture = new Fixture();
    regions.primary().tcp().blackHole();
    try (FailoverS3Client client =
        fixture.builder(regions).readTimeout(Duration.ofMillis(500)).hedgedReads(ALWAYS).build()) {
      assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("data").key("lagging")))
          .isInstanceOf(NoSuchKeyException.class)
          .hasMessageContaining("not be replicated yet");

      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);
      assertThat(fixture.events(ReadHedgedEvent.class)).hasSize(1);
    }
  }

  private static void seedPrimaryOnly(TestRegions regions, String key, String content) {
    for (TestRegion region : regions.all()) {
      if (!region.region().bucketExists(Fixture.physical(region))) {
        region.region().createBucket(Fixture.physical(region));
      }
    }
    regions.primary().region().putObject(Fixture.physical(regions.primary()), key, bytes(content));
  }

  private static byte[] bytes(String s) {
    return Fixture.bytes(s);
  }

  private static String md5(byte[] data) {
    try {
      byte[] d = MessageDigest.getInstance("MD5").digest(data);
      StringBuilder hex = new StringBuilder();
      for (byte b : d) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
