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
 * @param healthChecks our health checks per role (found by tags), oldest first
 */
public record Observed(
    String zoneId,
    String zoneName,
    boolean privateZone,
    List<ResourceRecordSet> records,
    Map<FailoverRole, List<HealthCheck>> healthChecks) {

  // Copies the collections.
  public Observed {
    records = List.copyOf(records);
    healthChecks = Map.copyOf(healthChecks);
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
