package io.github.s3failover.benchmarks;

import io.github.s3failover.testkit.TestRegion;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What happens to the primary region in one failover-time scenario: the fault, how it heals, and
 * which endpoint clients must use to feel it (TCP faults live in the fault proxy, HTTP faults in
 * WireMock in front of the region).
 */
enum Scenario {
  /** The primary refuses connections (its process is down). */
  CONNECTION_REFUSED(TestRegion::endpoint, r -> r.tcp().refuse(), r -> r.tcp().pass()),
  /** The primary accepts nothing and answers nothing (a network partition). */
  BLACK_HOLE(TestRegion::endpoint, r -> r.tcp().blackHole(), r -> r.tcp().pass()),
  /** The primary resets every connection after its first 200 bytes (mid-response). */
  CONNECTION_RESET(TestRegion::endpoint, r -> r.tcp().resetAfterBytes(200), r -> r.tcp().pass()),
  /** The primary answers every request 503 Service Unavailable. */
  HTTP_503_STORM(
      r -> r.http().endpoint(), r -> r.http().serviceUnavailable(), r -> r.http().pass()),
  /** The primary answers, but each response takes {@link Slow#RESPONSE}. */
  SLOW_RESPONSES(
      r -> r.http().endpoint(), r -> r.http().slowResponses(Slow.RESPONSE), r -> r.http().pass()),
  /** Both regions stay healthy; only the DNS record flips to the secondary (and back). */
  DNS_FLIP(TestRegion::endpoint, r -> {}, r -> {});

  final Function<TestRegion, URI> endpoint;
  final Consumer<TestRegion> inject;
  final Consumer<TestRegion> heal;

  Scenario(
      Function<TestRegion, URI> endpoint, Consumer<TestRegion> inject, Consumer<TestRegion> heal) {
    this.endpoint = endpoint;
    this.inject = inject;
    this.heal = heal;
  }

  /** Whether Route 53 would see this fault: a health check notices all of them but a DNS flip. */
  boolean isRegionFault() {
    return this != DNS_FLIP;
  }

  /** How slow a slow response is: well above the failover client's attempt timeout. */
  static final class Slow {
    static final Duration RESPONSE = Duration.ofSeconds(3);

    private Slow() {}
  }

  /** Lower-case, dash-separated, for host names and file rows. */
  String slug() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
