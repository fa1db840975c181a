package io.github.s3failover.testkit.route53;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.w3c.dom.Element;

/**
 * Hosted zones and their record sets. A change batch is checked change by change, in order, and
 * applied only if every change passes (Route 53 applies a batch atomically). Each zone also keeps
 * the records its name servers serve: those of the last change that reached INSYNC.
 */
final class Zones {

  /** A hosted zone: what the API holds now, and what DNS serves. */
  static final class Zone {
    final String id;
    final String name;
    final boolean privateZone;
    List<LocalRecord> records = new ArrayList<>();
    List<LocalRecord> served = List.of();
    long servedChange;

    Zone(String id, String name, boolean privateZone) {
      this.id = id;
      this.name = name;
      this.privateZone = privateZone;
    }
  }

  static final Comparator<LocalRecord> ORDER =
      Comparator.comparing((LocalRecord r) -> sortKey(r.name()))
          .thenComparing(LocalRecord::type)
          .thenComparing(r -> Objects.requireNonNullElse(r.setIdentifier(), ""));

  final Map<String, Zone> zones = new LinkedHashMap<>();

  /** Route 53 lists names by their labels read right to left. */
  static String sortKey(String name) {
    String[] labels = LocalRecord.absolute(name).split("\\.");
    StringBuilder key = new StringBuilder();
    for (int i = labels.length - 1; i >= 0; i--) {
      key.append(labels[i]).append('\u0001');
    }
    return key.toString();
  }

  /** Adds a zone with its NS and SOA records (a private zone is one associated with VPCs). */
  Zone add(String id, String name, boolean privateZone) {
    String apex = LocalRecord.absolute(name);
    Zone zone = new Zone(id, apex, privateZone);
    zone.records.add(
        new LocalRecord(
            apex, "NS", null, null, 172800L, List.of("ns-1.local-route53.test."), null));
    zone.records.add(
        new LocalRecord(
            apex,
            "SOA",
            null,
            null,
            900L,
            List.of(
                "ns-1.local-route53.test. hostmaster.local-route53.test. 1 7200 900 1209600 86400"),
            null));
    zone.served = List.copyOf(zone.records);
    zones.put(id, zone);
    return zone;
  }

  Zone zone(String id) {
    Zone zone = zones.get(id);
    if (zone == null) {
      throw new ApiError(404, "NoSuchHostedZone", "No hosted zone found with ID: " + id);
    }
    return zone;
  }

  List<LocalRecord> list(String zoneId) {
    List<LocalRecord> sets = new ArrayList<>(zone(zoneId).records);
    sets.sort(ORDER);
    return sets;
  }

  /** Puts a record set without the API's checks, e.g. one someone else made. */
  void put(String zoneId, LocalRecord record) {
    Zone zone = zone(zoneId);
    List<LocalRecord> next = new ArrayList<>(zone.records);
    next.add(record);
    zone.records = next;
  }

  boolean uses(String healthCheckId) {
    return zones.values().stream()
        .flatMap(z -> z.records.stream())
        .anyMatch(r -> healthCheckId.equals(r.healthCheckId()));
  }

  /**
   * Checks and applies a change batch.
   *
   * @return the zone's records after the batch
   * @throws ApiError InvalidChangeBatch listing every problem, if any change fails
   */
  List<LocalRecord> change(String zoneId, Element batch, Predicate<String> healthCheckExists) {
    Zone zone = zone(zoneId);
    List<LocalRecord> next = new ArrayList<>(zone.records);
    List<String> problems = new ArrayList<>();
    List<Element> changes = Xml.children(Xml.child(batch, "Changes"), "Change");
    if (changes.isEmpty()) {
      throw ApiError.invalidInput("ChangeBatch has no Change");
    }
    for (Element change : changes) {
      String action = Xml.text(change, "Action");
      LocalRecord set = parse(Xml.child(change, "ResourceRecordSet"));
      LocalRecord current = next.stream().filter(set::sameSet).findFirst().orElse(null);
      switch (Objects.requireNonNullElse(action, "")) {
        case "CREATE", "UPSERT" -> {
          if ("CREATE".equals(action) && current != null) {
            problems.add(
                "Tried to create resource record set " + set.describe() + " but it already exists");
            continue;
          }
          String problem = admissible(zone, set, next, healthCheckExists);
          if (problem != null) {
            problems.add(problem);
            continue;
          }
          next.remove(current);
          next.add(set);
        }
        case "DELETE" -> {
          if (current == null) {
            problems.add(
                "Tried to delete resource record set " + set.describe() + " but it was not found");
          } else if (!current.equals(set)) {
            problems.add(
                "Tried to delete resource record set "
                    + set.describe()
                    + " but the values provided do not match the current values");
          } else {
            next.remove(current);
          }
        }
        default ->
            throw ApiError.invalidInput("Action must be CREATE, DELETE or UPSERT: " + action);
      }
    }
    if (!problems.isEmpty()) {
      // Route 53 lists every problem of the batch in one message, in brackets.
      throw ApiError.invalidChangeBatch("[" + String.join(", ", problems) + "]");
    }
    zone.records = next;
    return List.copyOf(next);
  }

  /**
   * Whether a record may join the others. Changes are checked in order against the state the
   * previous ones left, so a batch that would hold two PRIMARY records for one name at any point
   * (for example swapping roles with two UPSERTs) is refused, as Route 53 refuses it.
   */
  private static String admissible(
      Zones.Zone zone, LocalRecord set, List<LocalRecord> others, Predicate<String> checkExists) {
    if (!set.name().equals(zone.name) && !set.name().endsWith("." + zone.name)) {
      return "RRSet with DNS name " + set.name() + " is not permitted in zone " + zone.name;
    }
    if ("CNAME".equals(set.type()) && set.name().equals(zone.name)) {
      return "RRSet of type CNAME with DNS name "
          + set.name()
          + " is not permitted at apex in zone "
          + zone.name;
    }
    if (set.failover() != null && set.setIdentifier() == null) {
      return "A failover record set needs a SetIdentifier: " + set.describe();
    }
    for (LocalRecord other : others) {
      if (!other.name().equals(set.name()) || other.sameSet(set)) {
        continue;
      }
      // CNAMEs may share a name only as a routed set (failover, weighted...): all with identifiers.
      boolean routedCnames =
          "CNAME".equals(set.type())
              && "CNAME".equals(other.type())
              && set.setIdentifier() != null
              && other.setIdentifier() != null;
      if (("CNAME".equals(set.type()) || "CNAME".equals(other.type())) && !routedCnames) {
        return "RRSet of type "
            + set.type()
            + " with DNS name "
            + set.name()
            + " is not permitted because a conflicting RRSet of type "
            + other.type()
            + " with the same DNS name already exists in zone "
            + zone.name;
      }
      if (!other.type().equals(set.type())) {
        continue;
      }
      if ((set.failover() == null) != (other.failover() == null)) {
        return "RRSet "
            + set.describe()
            + " cannot be created: failover and non-failover record sets cannot share a name and"
            + " type";
      }
      if (set.failover() != null && set.failover().equals(other.failover())) {
        return "Tried to create resource record set "
            + set.describe()
            + " with Failover="
            + set.failover()
            + " but "
            + other.describe()
            + " already has Failover="
            + other.failover()
            + ": RRSet with DNS name "
            + set.name()
            + ", type "
            + set.type()
            + " cannot hold two "
            + set.failover()
            + " failover records (order the batch so that the old record is deleted first)";
      }
    }
    if (set.healthCheckId() != null && !checkExists.test(set.healthCheckId())) {
      return "Invalid health check id " + set.healthCheckId() + " for " + set.describe();
    }
    return null;
  }

  static LocalRecord parse(Element e) {
    if (e == null) {
      throw ApiError.invalidInput("ResourceRecordSet is required");
    }
    List<String> values = new ArrayList<>();
    Xml.children(Xml.child(e, "ResourceRecords"), "ResourceRecord")
        .forEach(r -> values.add(Xml.text(r, "Value")));
    String ttl = Xml.text(e, "TTL");
    String failover = Xml.text(e, "Failover");
    if (failover != null && !failover.equals("PRIMARY") && !failover.equals("SECONDARY")) {
      throw ApiError.invalidInput("Failover must be PRIMARY or SECONDARY: " + failover);
    }
    String name = Xml.text(e, "Name");
    String type = Xml.text(e, "Type");
    if (name == null || type == null) {
      throw ApiError.invalidInput("ResourceRecordSet needs Name and Type");
    }
    return new LocalRecord(
        name,
        type,
        Xml.text(e, "SetIdentifier"),
        failover,
        ttl == null ? null : Long.valueOf(ttl),
        values,
        Xml.text(e, "HealthCheckId"));
  }
}
