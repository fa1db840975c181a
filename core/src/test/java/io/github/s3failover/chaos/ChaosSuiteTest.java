package io.github.s3failover.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.RegionAttempt;
import io.github.s3failover.RegionBoundException;
import io.github.s3failover.S3FailoverException;
import io.github.s3failover.event.RegionSwitchedEvent;
import io.github.s3failover.event.SwitchReason;
import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 32 threads of reads, writes and multipart uploads through one client while every region and the
 * DNS server misbehave at random, then the invariants that no fault may break. The run lasts {@code
 * -Ds3f.chaos.seconds} (12 by default, so CI stays fast); the seed is printed and can be replayed
 * with {@code -Ds3f.chaos.seed}.
 */
@LocalRegions(count = 3)
class ChaosSuiteTest {
  private static final int THREADS = 32;
  private static final long SECONDS = Long.getLong("s3f.chaos.seconds", 12);
  private static final long SEED = Long.getLong("s3f.chaos.seed", System.nanoTime());

  private final LocalDnsServer dns = LocalDnsServer.open();
  private final ChaosSetup setup = new ChaosSetup();

  @AfterEach
  void stopDns() {
    dns.close();
  }

  @Test
  // A ceiling for runs lengthened by -Ds3f.chaos.seconds (up to 10 min); the default run ends in
  // SECONDS plus set-up and checks.
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void nothingAcknowledgedIsLostAndEveryRuleHoldsUnderRandomFaults(TestRegions regions)
      throws Exception {
    List<TestRegion> configured = List.of(regions.primary(), regions.secondary());
    TestRegion unconfigured = regions.tertiary(); // DNS names it; nothing may connect to it
    ChaosSetup.createBuckets(regions.all());
    for (int i = 0; i < Workload.SEEDED_KEYS; i++) {
      for (TestRegion region : configured) {
        region
            .region()
            .putObject(
                ChaosSetup.physical(region), Workload.seededKey(i), Workload.seededContent(i));
      }
    }
    dns.setCname(ChaosSetup.DNS_NAME, ChaosSetup.hostName(regions.primary()), ChaosSetup.TTL);
    String unconfiguredHost = ChaosSetup.hostName(unconfigured);
    dns.setA(unconfiguredHost, ChaosSetup.TTL, "127.0.0.1");
    System.out.println("chaos seed " + SEED + ", " + SECONDS + " s, " + THREADS + " threads");

    ResourceSnapshot before = ResourceSnapshot.take();
    List<String> secrets = new ArrayList<>();
    regions.all().forEach(r -> secrets.add(r.region().secretKey()));
    Run run = run(configured, unconfiguredHost);
    Workload workload = run.workload();
    FaultSchedule faults = run.faults();
    String logs = run.logs();

    System.out.printf(
        "chaos: %d reads, %d writes acknowledged (%d multipart), %d failures, %d 404s of"
            + " unreplicated writes, %d switches; faults: %s%n",
        workload.reads.get(),
        workload.acks.size(),
        workload.acks.stream().filter(Workload.Ack::multipart).count(),
        workload.failures.size(),
        workload.notYetReplicated.get(),
        setup.events(RegionSwitchedEvent.class).size(),
        faults.log.size());

    assertThat(workload.violations).as("workload rules").isEmpty();
    assertThat(workload.reads.get()).as("reads served").isGreaterThan(50);
    assertThat(workload.acks).as("writes acknowledged").hasSizeGreaterThan(20);
    acknowledgedWritesAreInTheRegionThatAcknowledgedThem(configured, workload);
    multipartUploadsNeverMixRegions(configured, workload);
    streamBodiesAreSentAtMostOnce(configured, workload);
    switchesRespectTheDwellTime();
    everyFailureNamesTheRegionsTried(workload);
    assertThat(unconfigured.tcp().connectionsAccepted())
        .as("connections to the host DNS named but the client does not configure")
        .isZero();
    assertThat(unconfigured.region().requestCount()).isZero();
    for (String secret : secrets) {
      assertThat(logs).as("logs of the run").doesNotContain(secret);
    }
    assertThat(logs).as("log capture works").contains("s3-failover");
    logs = null; // megabytes of stack traces, not the client's
    // What the run itself keeps (its records, the stored objects) is not the client's: drop it,
    // so the heap comparison sees only what a closed client might have leaked.
    workload.forget();
    long uploaded = 0;
    for (TestRegion region : regions.all()) {
      uploaded += region.region().bodyBytesReceived();
      region.region().clear();
    }
    before.assertNoLeakAfterClose(run.client(), uploaded);
  }

  /** What a run leaves to check; the client only weakly, to show that nothing else holds it. */
  private record Run(
      Workload workload,
      FaultSchedule faults,
      String logs,
      WeakReference<FailoverS3Client> client) {}

  /**
   * Runs the workload under faults for the configured time. A method of its own, so that no frame
   * of the test keeps the closed client reachable.
   */
  private Run run(List<TestRegion> configured, String unconfiguredHost) throws Exception {
    try (LogCapture capture = LogCapture.start()) {
      Workload workload;
      FaultSchedule faults;
      WeakReference<FailoverS3Client> reference;
      try (FailoverS3Client client = setup.client(configured, dns)) {
        reference = new WeakReference<>(client);
        workload = new Workload(client, THREADS, SEED);
        faults = new FaultSchedule(configured, dns, unconfiguredHost, SEED);
        Thread.sleep(SECONDS * 1_000);
        faults.close();
        workload.close();

        // A healed network serves again: the client did not wedge itself.
        await()
            .atMost(Duration.ofSeconds(10))
            .ignoreExceptions()
            .until(
                () ->
                    client
                            .getObjectAsBytes(
                                b -> b.bucket(ChaosSetup.BUCKET).key(Workload.seededKey(0)))
                            .asByteArray()
                            .length
                        > 0);
      }
      return new Run(workload, faults, capture.text(), reference);
    }
  }

  private static void acknowledgedWritesAreInTheRegionThatAcknowledgedThem(
      List<TestRegion> configured, Workload workload) {
    Map<String, TestRegion> byName =
        configured.stream().collect(Collectors.toMap(TestRegion::name, Function.identity()));
    for (Workload.Ack ack : workload.acks) {
      TestRegion region = byName.get(ack.region());
      assertThat(region).as("region of %s", ack).isNotNull();
      Optional<byte[]> stored = region.region().readObject(ChaosSetup.physical(region), ack.key());
      assertThat(stored).as("%s in %s", ack.key(), ack.region()).isPresent();
      assertThat(Workload.sha256(stored.get()))
          .as("content of %s", ack.key())
          .isEqualTo(ack.sha256());
    }
  }

  private static void multipartUploadsNeverMixRegions(
      List<TestRegion> configured, Workload workload) {
    for (String key : workload.multipartKeys) {
      String home = workload.createdIn.get(key);
      for (TestRegion region : configured) {
        if (!region.name().equals(home)) {
          assertThat(region.region().uploadsReceived(ChaosSetup.physical(region), key))
              .as("parts of %s (created in %s) sent to %s", key, home, region.name())
              .isZero();
          assertThat(region.region().objectExists(ChaosSetup.physical(region), key)).isFalse();
        }
      }
    }
  }

  private static void streamBodiesAreSentAtMostOnce(
      List<TestRegion> configured, Workload workload) {
    for (String key : workload.streamBodyKeys) {
      long sent = 0;
      for (TestRegion region : configured) {
        sent += region.region().uploadsReceived(ChaosSetup.physical(region), key);
      }
      assertThat(sent)
          .as("times the stream body of %s reached a region", key)
          .isLessThanOrEqualTo(1);
    }
  }

  private void switchesRespectTheDwellTime() {
    List<RegionSwitchedEvent> switches = new ArrayList<>(setup.events(RegionSwitchedEvent.class));
    switches.sort(Comparator.comparing(RegionSwitchedEvent::time));
    for (int i = 1; i < switches.size(); i++) {
      RegionSwitchedEvent previous = switches.get(i - 1);
      RegionSwitchedEvent current = switches.get(i);
      if (current.reason() == SwitchReason.REGION_UNHEALTHY
          || current.reason() == SwitchReason.PANIC) {
        continue; // leaving a failing region is never held back
      }
      assertThat(Duration.between(previous.time(), current.time()))
          .as("%s after %s", current, previous)
          .isGreaterThanOrEqualTo(ChaosSetup.DWELL);
    }
  }

  private static void everyFailureNamesTheRegionsTried(Workload workload) {
    for (Workload.Failure f : workload.failures) {
      RuntimeException failure = f.error();
      String message = String.valueOf(failure.getMessage());
      if (failure instanceof S3FailoverException) {
        S3FailoverException e = (S3FailoverException) failure;
        assertThat(e.attempts()).as("attempts of %s", failure).isNotEmpty();
        for (RegionAttempt attempt : e.attempts()) {
          assertThat(message).as("message of %s", failure).contains(attempt.region());
        }
        if (failure instanceof RegionBoundException) {
          assertThat(message).contains(((RegionBoundException) failure).region());
        }
      } else {
        assertThat(message)
            .as("%s failed, not with an S3FailoverException: %s", f.operation(), failure)
            .containsAnyOf("primary", "secondary");
      }
    }
  }
}
