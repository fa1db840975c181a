package io.github.s3failover.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.event.DnsAnswerIgnoredEvent;
import io.github.s3failover.event.DnsFailureEvent;
import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * What a hostile or broken network must not achieve: DNS cannot send traffic to a host the
 * application did not configure, broken or oversized DNS answers cannot stop the refresher, and no
 * secret key reaches a log line or an exception.
 */
@LocalRegions(count = 3)
@Timeout(60)
class ChaosSecurityTest {
  private final LocalDnsServer dns = LocalDnsServer.open();
  private final ChaosSetup setup = new ChaosSetup();

  @AfterEach
  void stopDns() {
    dns.close();
  }

  private static byte[] read(FailoverS3Client client) {
    return client.getObjectAsBytes(b -> b.bucket(ChaosSetup.BUCKET).key("k")).asByteArray();
  }

  private static void seed(List<TestRegion> regions) {
    ChaosSetup.createBuckets(regions);
    regions.forEach(
        r -> r.region().putObject(ChaosSetup.physical(r), "k", Workload.filled(100, 'k')));
  }

  @Test
  void aDnsAnswerNamingAnUnconfiguredHostNeverGetsAConnection(TestRegions regions)
      throws Exception {
    List<TestRegion> configured = List.of(regions.primary(), regions.secondary());
    TestRegion stranger = regions.tertiary();
    seed(regions.all());
    String strangerHost = ChaosSetup.hostName(stranger);
    dns.setCname(ChaosSetup.DNS_NAME, ChaosSetup.hostName(regions.secondary()), ChaosSetup.TTL);
    dns.setA(strangerHost, ChaosSetup.TTL, "127.0.0.1");

    try (FailoverS3Client client = setup.client(configured, dns)) {
      read(client);
      assertThat(client.status().activeRegion()).isEqualTo("secondary");
      dns.setCname(ChaosSetup.DNS_NAME, strangerHost, ChaosSetup.TTL);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> !setup.events(DnsAnswerIgnoredEvent.class).isEmpty());
      for (int i = 0; i < 50; i++) {
        read(client);
      }
      // The ignored answer does not count as an opinion: the last trusted one still holds.
      assertThat(client.status().activeRegion()).isEqualTo("secondary");
      assertThat(stranger.tcp().connectionsAccepted()).isZero();
      assertThat(stranger.region().requestCount()).isZero();
    }
  }

  @Test
  void garbageAndOversizedDnsAnswersAreRejectedAndTheRefresherKeepsFollowingTheRecord(
      TestRegions regions) throws Exception {
    List<TestRegion> configured = List.of(regions.primary(), regions.secondary());
    seed(configured);
    dns.setCname(ChaosSetup.DNS_NAME, ChaosSetup.hostName(regions.primary()), ChaosSetup.TTL);

    try (FailoverS3Client client = setup.client(configured, dns)) {
      await().until(() -> "primary".equals(client.status().preferredRegion()));
      for (Consumer<LocalDnsServer> fault :
          List.<Consumer<LocalDnsServer>>of(LocalDnsServer::garbage, LocalDnsServer::oversized)) {
        setup.events.clear();
        fault.accept(dns);
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> !setup.events(DnsFailureEvent.class).isEmpty());
        read(client);
        assertThat(client.status().preferredRegion()).isEqualTo("primary");
        assertThat(setup.events(DnsFailureEvent.class))
            .allMatch(e -> e.reason() == DnsFailureEvent.Reason.MALFORMED, "rejected as malformed");
      }
      dns.healthy();
      dns.setCname(ChaosSetup.DNS_NAME, ChaosSetup.hostName(regions.secondary()), ChaosSetup.TTL);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> "secondary".equals(client.status().preferredRegion()));
    }
  }

  @Test
  void noSecretKeyReachesALogLineOrAnException(TestRegions regions) {
    List<TestRegion> configured = List.of(regions.primary(), regions.secondary());
    seed(configured);
    dns.setCname(ChaosSetup.DNS_NAME, ChaosSetup.hostName(regions.primary()), ChaosSetup.TTL);
    String secret = regions.primary().region().secretKey();
    String wrongSecret = "wrongSecretKeyThatMustNotLeak" + System.nanoTime();
    StringBuilder seen = new StringBuilder();

    try (LogCapture logs = LogCapture.start()) {
      try (FailoverS3Client client = setup.client(configured, dns)) {
        read(client);
        regions.primary().tcp().refuse();
        regions.secondary().tcp().blackHole();
        for (int i = 0; i < 6; i++) {
          seen.append(describe(catchThrowable(() -> read(client))));
          seen.append(
              describe(
                  catchThrowable(
                      () ->
                          client.putObject(
                              b -> b.bucket(ChaosSetup.BUCKET).key("w" + System.nanoTime()),
                              RequestBody.fromString("x")))));
        }
        seen.append(client).append(client.status());
      }
      regions.primary().tcp().pass();
      regions.secondary().tcp().pass();
      // A region that rejects the signature: S3 echoes the string to sign, never the key.
      ChaosSetup wrong = new ChaosSetup();
      try (FailoverS3Client client =
          wrong.clientWithCredentials(
              configured,
              dns,
              StaticCredentialsProvider.create(
                  AwsBasicCredentials.create(
                      regions.primary().region().accessKey(), wrongSecret)))) {
        seen.append(describe(catchThrowable(() -> read(client))));
      }
      seen.append(logs.text());
    }
    assertThat(seen.toString())
        .contains("primary")
        .contains("signature we calculated does not match")
        .doesNotContain(secret)
        .doesNotContain(wrongSecret);
  }

  /** Everything an exception can show: its message, its causes, its suppressed and its stack. */
  private static String describe(Throwable t) {
    assertThat(t).isNotNull();
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
