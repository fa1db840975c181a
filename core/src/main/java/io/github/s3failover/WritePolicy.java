package io.github.s3failover;

/**
 * What {@link FailoverS3Client} does with a write (PutObject, DeleteObject, CopyObject, ...) when
 * the region that Route 53 prefers cannot take it.
 *
 * <p>Reads always fail over. Writes are different: two instances of an application that disagree
 * about which region is healthy would write to two regions at once (split brain), and replication
 * would then merge their writes in an order nobody chose.
 */
public enum WritePolicy {
  /**
   * Writes go only to the region the {@link RegionPreference} prefers now (with Route 53: the
   * region its failover record points at). While that region is unavailable, writes fail fast with
   * a {@link RegionBoundException}; they never move on the strength of one instance's own circuit
   * breaker. Route 53 decides for every instance of the application at once, so writes move
   * together when its answer changes. This is the default.
   */
  PRIMARY_ONLY,

  /**
   * Writes go to the first region that can take them, in the same order as reads. Higher
   * availability for writes, at the price of possible split brain while instances disagree about
   * regional health. A write moves to another region only when its body can be sent again.
   */
  FAILOVER
}
