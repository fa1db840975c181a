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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;
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
  private static final HedgedReads ALWAYS = Fixture.hedgeEveryRead(Duration.ofMillis(10));

  /** Each byte to or from the primary is this late: its answers come well after the hedge's. */
  private static final Duration PRIMARY_LATENCY = Duration.ofMillis(150);

  @ParameterizedTest
  @EnumSource(Clients.class)
  void aNotFoundFromTheHedgeRegionNeverBeatsTheObjectInTheFirstRegion(
      Clients kind, TestRegions regions) throws Exception {
    seedPrimaryOnly(regions, "fresh", "only in the primary");
    Fixture fixture = new Fixture();
    regions.primary().tcp().latency(PRIMARY_LATENCY);
    try (FailoverS3Client client = build(kind, fixture, regions, Duration.ofSeconds(5), null)) {
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

  @ParameterizedTest
  @EnumSource(Clients.class)
  void aPreconditionFailedFromTheHedgeRegionNeverBeatsTheFirstRegionsObject(
      Clients kind, TestRegions regions) {
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
    try (FailoverS3Client client = build(kind, fixture, regions, Duration.ofSeconds(5), null)) {
      String read =
          client.getObjectAsBytes(b -> b.bucket("data").key("v").ifMatch(etag)).asUtf8String();

      assertThat(read).isEqualTo("new version");
      assertThat(fixture.events(ReadHedgedEvent.class))
          .singleElement()
          .satisfies(e -> assertThat(e.winner()).isEqualTo("primary"));
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Clients.class)
  void anAccessDeniedFromTheHedgeRegionNeverBeatsTheFirstRegionsObject(
      Clients kind, TestRegions regions) {
    seedPrimaryOnly(regions, "k", "readable in the primary");
    Fixture fixture = new Fixture();
    regions.primary().tcp().latency(PRIMARY_LATENCY);
    // S3 answers 403 where a key is missing and the caller may not list the bucket.
    try (FailoverS3Client client =
        build(kind, fixture, regions, Duration.ofSeconds(5), "secondary")) {
      String read = client.getObjectAsBytes(b -> b.bucket("data").key("k")).asUtf8String();

      assertThat(read).isEqualTo("readable in the primary");
      assertThat(fixture.events(ReadHedgedEvent.class))
          .singleElement()
          .satisfies(e -> assertThat(e.winner()).isEqualTo("primary"));
    }
  }

  @ParameterizedTest
  @EnumSource(Clients.class)
  void whenBothRegionsAnswerNotFoundTheApplicationGetsTheFirstRegionsNotFound(
      Clients kind, TestRegions regions) {
    seedPrimaryOnly(regions, "other", "x");
    Fixture fixture = new Fixture();
    regions.primary().tcp().latency(PRIMARY_LATENCY);
    try (FailoverS3Client client = build(kind, fixture, regions, Duration.ofSeconds(5), null)) {
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

  @ParameterizedTest
  @EnumSource(Clients.class)
  void whenTheFirstRegionFailsTheHedgeRegionsNotFoundIsTheAnswerMarkedAsPossibleLag(
      Clients kind, TestRegions regions) {
    seedPrimaryOnly(regions, "lagging", "x");
    Fixture fixture = new Fixture();
    regions.primary().tcp().blackHole();
    try (FailoverS3Client client = build(kind, fixture, regions, Duration.ofMillis(500), null)) {
      assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("data").key("lagging")))
          .isInstanceOf(NoSuchKeyException.class)
          .hasMessageContaining("not be replicated yet");

      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);
      assertThat(fixture.events(ReadHedgedEvent.class)).hasSize(1);
    }
  }

  /** Who builds the regional clients: the race runs differently for each (see Hedger). */
  enum Clients {
    /** The library: the first attempt runs on the caller's thread. */
    LIBRARY_BUILT,
    /** The application: both attempts run on hedger threads while the caller waits. */
    APPLICATION
  }

  private final List<S3Client> applicationClients = new ArrayList<>();

  @AfterEach
  void closeApplicationClients() {
    applicationClients.forEach(S3Client::close);
  }

  /**
   * A client over both regions, every read hedged.
   *
   * @param wrongSecret the region whose client signs with a wrong secret key (403), or null
   */
  private FailoverS3Client build(
      Clients kind,
      Fixture fixture,
      TestRegions regions,
      Duration readTimeout,
      String wrongSecret) {
    if (kind == Clients.LIBRARY_BUILT) {
      return fixture
          .builder(
              regions,
              (region, b) -> {
                if (region.name().equals(wrongSecret)) {
                  b.credentialsProvider(wrongSecret(region));
                }
              })
          .readTimeout(readTimeout)
          .hedgedReads(ALWAYS)
          .build();
    }
    FailoverS3ClientBuilder builder =
        FailoverS3Client.builder()
            .minimumDwell(Fixture.DWELL)
            .circuitBreakerConfig(Fixture.fastBreakers())
            .healthProbes(HealthProbes.disabled())
            .hedgedReads(ALWAYS)
            .addListener(fixture.events::add);
    for (TestRegion region : regions.all()) {
      S3Client own =
          S3Client.builder()
              .region(Fixture.awsRegion(region))
              .endpointOverride(region.endpoint())
              .forcePathStyle(true)
              .credentialsProvider(
                  region.name().equals(wrongSecret) ? wrongSecret(region) : region.credentials())
              .httpClientBuilder(Apache5HttpClient.builder().socketTimeout(readTimeout))
              .build();
      applicationClients.add(own);
      builder.addRegion(
          FailoverRegion.builder(region.name())
              .client(own)
              .bucket(Fixture.BUCKET, Fixture.physical(region))
              .build());
    }
    return builder.build();
  }

  private static StaticCredentialsProvider wrongSecret(TestRegion region) {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(region.region().accessKey(), "wrong"));
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
