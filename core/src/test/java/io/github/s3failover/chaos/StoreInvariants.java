package io.github.s3failover.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.testkit.TestRegion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the regions' stores and proxies must show after a chaos run, whatever the faults did:
 * acknowledged writes where they were acknowledged, overwritten objects whole, multipart uploads in
 * one region, stream bodies sent at most once.
 */
final class StoreInvariants {
  private StoreInvariants() {}

  static void acknowledgedWritesAreInTheRegionThatAcknowledgedThem(
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

  static void multipartUploadsNeverMixRegions(List<TestRegion> configured, Workload workload) {
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

  /**
   * Counted where the client sends, at each region's proxy: a body sent into a black hole never
   * reaches a server, so counting behind the proxy would miss a body sent there and then again
   * elsewhere.
   */
  static void streamBodiesAreSentAtMostOnce(List<TestRegion> all, Workload workload) {
    long entered = 0;
    for (String key : workload.streamBodyKeys) {
      long sent = 0;
      long arrived = 0;
      for (TestRegion region : all) {
        sent += region.tcp().bodiesEntered("PUT", "/" + ChaosSetup.physical(region) + "/" + key);
        arrived += region.region().uploadsReceived(ChaosSetup.physical(region), key);
      }
      assertThat(sent)
          .as(
              "times the stream body of %s entered a region's proxy (%d reached a server)",
              key, arrived)
          .isLessThanOrEqualTo(1);
      entered += sent;
    }
    assertThat(entered)
        .as(
            "stream bodies counted at the proxies (%d acknowledged)",
            workload.streamBodiesAcknowledged.get())
        .isGreaterThanOrEqualTo(workload.streamBodiesAcknowledged.get());
  }

  /** Every copy of an overwritten object is one whole version: no store holds a torn one. */
  static void overwrittenObjectsAreOneWholeVersion(List<TestRegion> configured) {
    for (TestRegion region : configured) {
      for (int i = 0; i < Versions.KEYS; i++) {
        byte[] stored =
            region.region().readObject(ChaosSetup.physical(region), Versions.key(i)).orElseThrow();
        assertThat(Versions.violation(i, stored)).as("%s in %s", Versions.key(i), region).isNull();
      }
    }
  }
}
