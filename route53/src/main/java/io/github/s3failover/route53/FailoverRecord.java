package io.github.s3failover.route53;

import java.util.Objects;
import java.util.Optional;

/**
 * One failover resource record set as this module writes it to Route 53: a {@code CNAME} whose
 * target is a regional bucket endpoint. These values are what a DNS server must serve for {@code
 * FailoverS3Client}'s DNS preference to see the same answer Route 53 gives, so a test can replay
 * them onto a local DNS server.
 *
 * @param name the record name, fully qualified, lower case, without a trailing dot
 * @param type always {@code CNAME}
 * @param setIdentifier the record's set identifier, unique within the name
 * @param failover PRIMARY or SECONDARY
 * @param ttl the TTL in seconds
 * @param target the host name the CNAME points at, without a trailing dot
 * @param healthCheckId the Route 53 health check the record follows, if known (empty before apply)
 */
public record FailoverRecord(
    String name,
    String type,
    String setIdentifier,
    FailoverRole failover,
    long ttl,
    String target,
    Optional<String> healthCheckId) {

  /** The only record type this module writes; see the module README for why not an alias. */
  public static final String CNAME = "CNAME";

  // Checks that every component is present.
  public FailoverRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(setIdentifier, "setIdentifier");
    Objects.requireNonNull(failover, "failover");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(healthCheckId, "healthCheckId");
  }

  /**
   * The record as a line of a zone file (RFC 1035), e.g. for a local DNS server that stands in for
   * Route 53's answer. Route 53 answers with one record of a failover pair at a time, so a test
   * serves the line of the role that should be answering.
   *
   * @return {@code NAME. TTL IN CNAME TARGET.}
   */
  public String zoneFileLine() {
    return name + ". " + ttl + " IN " + type + " " + target + ".";
  }

  /**
   * The same record following another health check.
   *
   * @param id the health check id
   * @return a copy with {@code healthCheckId} set
   */
  public FailoverRecord withHealthCheckId(String id) {
    return new FailoverRecord(name, type, setIdentifier, failover, ttl, target, Optional.of(id));
  }
}
