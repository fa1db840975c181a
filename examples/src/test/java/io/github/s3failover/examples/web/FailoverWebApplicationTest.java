package io.github.s3failover.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.spring.S3FailoverRegionCustomizer;
import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web example against two local regions and a DNS server whose record names the primary: its
 * endpoint keeps answering while the primary black-holes traffic, Actuator's health shows the
 * switch and its metrics count the failover.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(90)
class FailoverWebApplicationTest {
  private static final String RECORD = "media.example.test";

  private static TestRegions regions;
  private static LocalDnsServer dns;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Value("${local.server.port}")
  private int port;

  @DynamicPropertySource
  static void regions(DynamicPropertyRegistry properties) {
    regions = TestRegions.start(2, true);
    dns = LocalDnsServer.open();
    dns.setCname(RECORD, "media-primary.s3.example.test", Duration.ofSeconds(1));
    for (TestRegion region : regions.all()) {
      region.region().createBucket("media-" + region.name());
      region
          .region()
          .putObject("media-" + region.name(), "cat", "meow".getBytes(StandardCharsets.UTF_8));
      String p = "s3.failover.regions." + region.name() + ".";
      String awsRegion = region.name().equals("primary") ? "us-east-1" : "eu-west-1";
      properties.add(p + "aws-region", () -> awsRegion);
      properties.add(p + "endpoint", () -> region.endpoint().toString());
      properties.add(p + "path-style", () -> "true");
      properties.add(p + "buckets.media", () -> "media-" + region.name());
      properties.add(p + "host-names", () -> "media-" + region.name() + ".s3.example.test");
    }
    properties.add("s3.failover.dns.name", () -> RECORD);
    properties.add("s3.failover.dns.servers", dns::hostPort);
    properties.add("s3.failover.dns.query-type", () -> "CNAME");
    // A breaker that needs only 2 calls in its window and stays open for the whole test: how many
    // reads fail over before it opens is then a fixed number, not a race with a half-open probe.
    properties.add("s3.failover.breaker.minimum-calls", () -> "2");
    properties.add("s3.failover.breaker.wait-in-open", () -> "60s");
    // This test counts the reads that fail over inside the call before the breaker opens; the
    // background probes (which open it on their own) and hedged reads (which serve a slow region's
    // reads from the other one without a failover) would make that count a race, so both are off.
    properties.add("s3.failover.health-probes-enabled", () -> "false");
    properties.add("s3.failover.hedged-reads-enabled", () -> "false");
    // The example's 500 ms suits a demo; the first, cold call of this JVM on a busy shared machine
    // can take longer, and would then fail before the fault is even injected.
    properties.add("s3.failover.read-timeout", () -> "2s");
  }

  @AfterAll
  static void stop() {
    dns.close();
    regions.close();
  }

  /** The local regions accept one key pair, as AWS regions accept one IAM identity. */
  @TestConfiguration
  static class Credentials {
    @Bean
    S3FailoverRegionCustomizer localCredentials() {
      return (id, region) -> region.credentialsProvider(regions.primary().credentials());
    }
  }

  @Test
  void theEndpointKeepsAnsweringWhileThePrimaryFailsAndActuatorShowsIt() throws Exception {
    assertThat(get("/media/cat")).isEqualTo("200 meow");
    String before = get("/actuator/health");
    assertThat(before)
        .contains("\"s3Failover\"")
        .contains("\"activeRegion\":\"primary\"")
        .contains("\"answerAge\"");

    // Counted from here: on a loaded machine the very first call can miss the 500 ms read timeout
    // and fail over too.
    double failoversBefore = count(FAILOVERS);
    double secondaryBefore = count(SECONDARY_SUCCESSES);
    regions.primary().tcp().blackHole();
    long started = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      assertThat(get("/media/cat")).isEqualTo("200 meow");
    }
    // At most two calls wait out the read timeout before the breaker opens; the rest go straight
    // on.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

    String after = get("/actuator/health");
    assertThat(after)
        .startsWith("200 ")
        .endsWith("\"status\":\"UP\"}")
        .contains("\"preferredRegion\":\"primary\"")
        .contains("\"activeRegion\":\"secondary\"")
        .contains("\"primary\":\"OPEN\"");
    // The breaker's window (minimum 2 calls) holds the call before the fault and the first failure:
    // it opens then, so exactly one read failed over, and the secondary served all 20.
    assertThat(count(FAILOVERS) - failoversBefore)
        .as("reads that failed over before the breaker opened")
        .isEqualTo(1.0);
    assertThat(count(SECONDARY_SUCCESSES) - secondaryBefore)
        .as("reads served by the secondary")
        .isEqualTo(20.0);
    regions.primary().tcp().pass();
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  private static final String FAILOVERS = "/actuator/metrics/s3.failover.failovers";
  private static final String SECONDARY_SUCCESSES =
      "/actuator/metrics/s3.failover.calls?tag=region:secondary&tag=outcome:success";

  /** A meter's count; 0 while the meter does not exist yet (nothing counted). */
  private double count(String path) throws Exception {
    String body = get(path);
    if (body.startsWith("404 ")) {
      return 0;
    }
    Matcher m = Pattern.compile("\"statistic\":\"COUNT\",\"value\":([0-9.E]+)").matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
