package io.github.s3failover;

import io.github.s3failover.testkit.TestRegion;
import java.net.URI;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The faults of the primary region that {@link RegionalFaultTest} and {@link
 * AsyncRegionalFaultTest} put each client through: where the client reaches the region, how the
 * fault starts and how it heals.
 */
enum PrimaryFault {
  REFUSED(TestRegion::endpoint, r -> r.tcp().refuse(), r -> r.tcp().pass()),
  BLACK_HOLE(TestRegion::endpoint, r -> r.tcp().blackHole(), r -> r.tcp().pass()),
  RESET_MID_RESPONSE(
      TestRegion::endpoint, r -> r.tcp().resetAfterBytes(2_000), r -> r.tcp().pass()),
  HTTP_503_STORM(
      r -> r.http().endpoint(), r -> r.http().serviceUnavailable(), r -> r.http().pass());

  final Function<TestRegion, URI> endpoint;
  final Consumer<TestRegion> inject;
  final Consumer<TestRegion> heal;

  PrimaryFault(
      Function<TestRegion, URI> endpoint, Consumer<TestRegion> inject, Consumer<TestRegion> heal) {
    this.endpoint = endpoint;
    this.inject = inject;
    this.heal = heal;
  }
}
