package io.github.s3failover.testkit.route53;

import java.time.Instant;
import java.util.List;

/** Something {@link LocalRoute53} did on its own: a health check changed, or a DNS answer. */
public sealed interface Route53Event {

  /**
   * When it happened.
   *
   * @return the instant
   */
  Instant at();

  /**
   * A health check's status changed because its checkers' states did (or a change of its
   * configuration, such as Disabled or Inverted).
   *
   * @param at when
   * @param healthCheckId the health check
   * @param healthy the new status
   * @param healthyCheckers how many checkers consider the endpoint healthy now
   * @param checkers how many checkers probe it
   */
  record HealthChanged(
      Instant at, String healthCheckId, boolean healthy, int healthyCheckers, int checkers)
      implements Route53Event {}

  /**
   * The answer the DNS server gives for a name changed.
   *
   * @param at when
   * @param name the name, absolute
   * @param type the record type
   * @param before the values answered before (empty if none)
   * @param after the values answered now (empty if the name is gone)
   * @param ttl the TTL of the new answer, seconds
   */
  record AnswerChanged(
      Instant at, String name, String type, List<String> before, List<String> after, long ttl)
      implements Route53Event {
    /** Copies the lists. */
    public AnswerChanged {
      before = List.copyOf(before);
      after = List.copyOf(after);
    }
  }
}
