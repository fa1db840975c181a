package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.FailoverRole;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * What Route 53 holds now for one spec.
 *
 * @param zoneId the hosted zone id, without {@code /hostedzone/}
 * @param zoneName the zone's name, without a trailing dot
 * @param privateZone whether the zone is private (served only inside its VPCs)
 * @param records every record set at the spec's record name (any type)
 * @param healthChecks our main health checks per role (found by tags), oldest first: the one a
 *     record follows, the parent of a calculated check
 * @param parts the child checks of calculated checks per role and part ({@code tcp}, {@code alarm},
 *     {@code override})
 */
public record Observed(
    String zoneId,
    String zoneName,
    boolean privateZone,
    List<ResourceRecordSet> records,
    Map<FailoverRole, List<HealthCheck>> healthChecks,
    Map<FailoverRole, Map<String, List<HealthCheck>>> parts) {

  // Copies the collections.
  public Observed {
    records = List.copyOf(records);
    healthChecks = Map.copyOf(healthChecks);
    parts = Map.copyOf(parts);
  }

  /**
   * The child checks of one part of a role's calculated check.
   *
   * @param role the role
   * @param part the part
   * @return possibly empty
   */
  public List<HealthCheck> parts(FailoverRole role, String part) {
    return parts.getOrDefault(role, Map.of()).getOrDefault(part, List.of());
  }

  /**
   * Every child check of a role, whatever its part.
   *
   * @param role the role
   * @return possibly empty
   */
  public List<HealthCheck> allParts(FailoverRole role) {
    List<HealthCheck> all = new java.util.ArrayList<>();
    parts.getOrDefault(role, Map.of()).values().forEach(all::addAll);
    return all;
  }

  /**
   * Our health checks of a role.
   *
   * @param role the role
   * @return possibly empty
   */
  public List<HealthCheck> healthChecks(FailoverRole role) {
    return healthChecks.getOrDefault(role, List.of());
  }
}
