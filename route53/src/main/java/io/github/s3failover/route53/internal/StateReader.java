package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.FailoverRole;
import io.github.s3failover.route53.FailoverSpec;
import io.github.s3failover.route53.ProvisioningException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceTagSet;
import software.amazon.awssdk.services.route53.model.Tag;
import software.amazon.awssdk.services.route53.model.TagResourceType;

/** Reads what Route 53 holds for a spec: the zone, the record sets at the name, our checks. */
public final class StateReader {

  /** ListTagsForResources takes at most this many ids per call. */
  private static final int TAG_BATCH = 10;

  private final Route53Client route53;

  /**
   * Creates a reader.
   *
   * @param route53 the client
   */
  public StateReader(Route53Client route53) {
    this.route53 = route53;
  }

  /**
   * Reads the state for a spec.
   *
   * @param spec the spec
   * @return what exists
   * @throws ProvisioningException if the zone does not exist or does not fit the record
   */
  public Observed read(FailoverSpec spec) {
    HostedZone zone = zone(spec.hostedZone());
    String zoneId = Ids.zoneId(zone.id());
    String zoneName = SpecRules.normalizeName(zone.name());
    String name = spec.recordName();
    if (name.equals(zoneName)) {
      throw new ProvisioningException(
          "recordName "
              + name
              + " is the apex of zone "
              + zoneName
              + ": a CNAME cannot sit at the apex; use a name below it, e.g. s3."
              + zoneName);
    }
    if (!name.endsWith("." + zoneName)) {
      throw new ProvisioningException(
          "recordName " + name + " is not inside hosted zone " + zoneName + " (" + zoneId + ")");
    }
    boolean privateZone = zone.config() != null && Boolean.TRUE.equals(zone.config().privateZone());
    Map<FailoverRole, List<HealthCheck>> main = new EnumMap<>(FailoverRole.class);
    Map<FailoverRole, Map<String, List<HealthCheck>>> parts = new EnumMap<>(FailoverRole.class);
    healthChecks(zoneId, name, main, parts);
    return new Observed(zoneId, zoneName, privateZone, records(zoneId, name), main, parts);
  }

  private HostedZone zone(String hostedZone) {
    if (SpecRules.isZoneId(hostedZone)) {
      String id = Ids.zoneId(hostedZone);
      try {
        return route53.getHostedZone(r -> r.id(id)).hostedZone();
      } catch (NoSuchHostedZoneException e) {
        throw new ProvisioningException(
            "hosted zone "
                + id
                + " does not exist, or these credentials cannot see it: check hostedZone in the"
                + " spec and the AWS account ("
                + Errors.detail(e)
                + ")",
            e);
      }
    }
    List<HostedZone> matches =
        route53
            .listHostedZonesByName(r -> r.dnsName(hostedZone).maxItems("10"))
            .hostedZones()
            .stream()
            .filter(z -> SpecRules.normalizeName(z.name()).equals(hostedZone))
            .toList();
    if (matches.isEmpty()) {
      throw new ProvisioningException(
          "no hosted zone named "
              + hostedZone
              + " in this account: create it, or check hostedZone in the spec");
    }
    List<HostedZone> publicZones =
        matches.stream()
            .filter(z -> z.config() == null || !Boolean.TRUE.equals(z.config().privateZone()))
            .toList();
    if (publicZones.size() != 1) {
      throw new ProvisioningException(
          "hosted zone name "
              + hostedZone
              + " matches "
              + matches.stream().map(z -> Ids.zoneId(z.id())).toList()
              + " ("
              + publicZones.size()
              + " public): put the zone id in hostedZone instead of its name");
    }
    return publicZones.get(0);
  }

  private List<ResourceRecordSet> records(String zoneId, String name) {
    List<ResourceRecordSet> found = new ArrayList<>();
    ListResourceRecordSetsRequest request =
        ListResourceRecordSetsRequest.builder()
            .hostedZoneId(zoneId)
            .startRecordName(name)
            .maxItems("100")
            .build();
    while (true) {
      ListResourceRecordSetsResponse page = route53.listResourceRecordSets(request);
      boolean past = false;
      for (ResourceRecordSet set : page.resourceRecordSets()) {
        // Listing starts at the name and runs on through the zone: stop at the first other name.
        if (SpecRules.normalizeName(set.name()).equals(name)) {
          found.add(set);
        } else {
          past = true;
          break;
        }
      }
      if (past || !Boolean.TRUE.equals(page.isTruncated())) {
        return found;
      }
      request =
          request.toBuilder()
              .startRecordName(page.nextRecordName())
              .startRecordType(page.nextRecordTypeAsString())
              .startRecordIdentifier(page.nextRecordIdentifier())
              .build();
    }
  }

  private void healthChecks(
      String zoneId,
      String name,
      Map<FailoverRole, List<HealthCheck>> ours,
      Map<FailoverRole, Map<String, List<HealthCheck>>> parts) {
    List<HealthCheck> all = new ArrayList<>();
    route53.listHealthChecksPaginator(r -> r.maxItems("100")).healthChecks().forEach(all::add);
    Map<String, HealthCheck> byId = new HashMap<>();
    all.forEach(h -> byId.put(h.id(), h));
    for (int i = 0; i < all.size(); i += TAG_BATCH) {
      List<String> ids =
          all.subList(i, Math.min(all.size(), i + TAG_BATCH)).stream()
              .map(HealthCheck::id)
              .toList();
      List<ResourceTagSet> sets =
          route53
              .listTagsForResources(
                  r -> r.resourceType(TagResourceType.HEALTHCHECK).resourceIds(ids))
              .resourceTagSets();
      for (ResourceTagSet set : sets) {
        Map<String, String> tags = new HashMap<>();
        for (Tag tag : set.tags()) {
          tags.put(tag.key(), tag.value());
        }
        FailoverRole role = HealthChecks.roleOf(tags, zoneId, name);
        if (role == null || !byId.containsKey(set.resourceId())) {
          continue;
        }
        String part = tags.get(HealthChecks.TAG_PART);
        if (part == null) {
          ours.computeIfAbsent(role, r -> new ArrayList<>()).add(byId.get(set.resourceId()));
        } else {
          parts
              .computeIfAbsent(role, r -> new HashMap<>())
              .computeIfAbsent(part, p -> new ArrayList<>())
              .add(byId.get(set.resourceId()));
        }
      }
    }
  }
}
