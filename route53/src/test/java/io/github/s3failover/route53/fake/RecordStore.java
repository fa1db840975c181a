package io.github.s3failover.route53.fake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.w3c.dom.Element;

/** Hosted zones and their record sets, changed atomically by change batches. */
public final class RecordStore {

  record Zone(String id, String name, boolean privateZone) {}

  /** A record set as Route 53 holds it; names are absolute (trailing dot). */
  public record RecordSet(
      String name,
      String type,
      String setIdentifier,
      String failover,
      Long ttl,
      List<String> values,
      String healthCheckId) {

    String xml() {
      StringBuilder values = new StringBuilder();
      this.values.forEach(
          v ->
              values
                  .append("<ResourceRecord>")
                  .append(Xml.el("Value", v))
                  .append("</ResourceRecord>"));
      return "<ResourceRecordSet>"
          + Xml.el("Name", name)
          + Xml.el("Type", type)
          + Xml.el("SetIdentifier", setIdentifier)
          + Xml.el("Failover", failover)
          + Xml.el("TTL", ttl)
          + "<ResourceRecords>"
          + values
          + "</ResourceRecords>"
          + Xml.el("HealthCheckId", healthCheckId)
          + "</ResourceRecordSet>";
    }

    boolean sameSet(RecordSet o) {
      return name.equals(o.name)
          && type.equals(o.type)
          && Objects.equals(setIdentifier, o.setIdentifier);
    }

    String describe() {
      return "[name='"
          + name
          + "', type='"
          + type
          + "'"
          + (setIdentifier == null ? "" : ", set-identifier='" + setIdentifier + "'")
          + "]";
    }
  }

  final Map<String, Zone> zones = new LinkedHashMap<>();
  final Map<String, List<RecordSet>> records = new HashMap<>();

  static final Comparator<RecordSet> ORDER =
      Comparator.comparing((RecordSet r) -> sortKey(r.name()))
          .thenComparing(RecordSet::type)
          .thenComparing(r -> Objects.requireNonNullElse(r.setIdentifier(), ""));

  /** Route 53 lists names by their labels read right to left. */
  static String sortKey(String name) {
    String[] labels = absolute(name).split("\\.");
    StringBuilder key = new StringBuilder();
    for (int i = labels.length - 1; i >= 0; i--) {
      key.append(labels[i]).append('\u0001');
    }
    return key.toString();
  }

  static String absolute(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n : n + ".";
  }

  Zone zone(String id) {
    Zone zone = zones.get(id);
    if (zone == null) {
      throw new ApiError(404, "NoSuchHostedZone", "No hosted zone found with ID: " + id);
    }
    return zone;
  }

  List<RecordSet> list(String zoneId) {
    zone(zoneId);
    List<RecordSet> sets = new ArrayList<>(records.getOrDefault(zoneId, List.of()));
    sets.sort(ORDER);
    return sets;
  }

  /** Applies a change batch atomically: every change is checked before any is made. */
  void change(String zoneId, Element batch, Predicate<String> healthCheckExists) {
    Zone zone = zone(zoneId);
    List<RecordSet> next = new ArrayList<>(records.getOrDefault(zoneId, List.of()));
    List<String> problems = new ArrayList<>();
    List<Element> changes = Xml.children(Xml.child(batch, "Changes"), "Change");
    if (changes.isEmpty()) {
      throw ApiError.invalidInput("ChangeBatch has no Change");
    }
    for (Element change : changes) {
      String action = Xml.text(change, "Action");
      RecordSet set = parse(Xml.child(change, "ResourceRecordSet"));
      RecordSet current = next.stream().filter(set::sameSet).findFirst().orElse(null);
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
      // Route 53 checks the batch change by change, in order: a name may never hold two
      // failover records of one role, not even between two changes of one batch.
      String clash = roleClash(set, next);
      if (clash != null) {
        problems.add(clash);
      }
    }
    if (!problems.isEmpty()) {
      // Route 53 lists every problem of the batch in one message, in brackets.
      throw new ApiError(400, "InvalidChangeBatch", "[" + String.join(", ", problems) + "]");
    }
    records.put(zoneId, next);
  }

  private static String roleClash(RecordSet changed, List<RecordSet> sets) {
    if (changed.failover() == null) {
      return null;
    }
    List<RecordSet> sameRole =
        sets.stream()
            .filter(
                r ->
                    r.name().equals(changed.name())
                        && r.type().equals(changed.type())
                        && changed.failover().equals(r.failover()))
            .toList();
    if (sameRole.size() < 2) {
      return null;
    }
    return "RRSet with DNS name "
        + changed.name()
        + ", type "
        + changed.type()
        + " cannot hold two "
        + changed.failover()
        + " failover records: "
        + sameRole.stream().map(RecordSet::describe).toList()
        + " (order the batch so that the old record is deleted first)";
  }

  private static String admissible(
      Zone zone, RecordSet set, List<RecordSet> others, Predicate<String> healthCheckExists) {
    if (!set.name().equals(zone.name()) && !set.name().endsWith("." + zone.name())) {
      return "RRSet with DNS name " + set.name() + " is not permitted in zone " + zone.name();
    }
    if ("CNAME".equals(set.type()) && set.name().equals(zone.name())) {
      return "RRSet of type CNAME with DNS name "
          + set.name()
          + " is not permitted at apex in zone "
          + zone.name();
    }
    for (RecordSet other : others) {
      if (other.name().equals(set.name()) && !other.sameSet(set)) {
        boolean bothFailoverCname =
            "CNAME".equals(set.type())
                && "CNAME".equals(other.type())
                && set.setIdentifier() != null
                && other.setIdentifier() != null;
        if ("CNAME".equals(set.type()) && !bothFailoverCname
            || "CNAME".equals(other.type()) && !bothFailoverCname) {
          return "RRSet of type "
              + set.type()
              + " with DNS name "
              + set.name()
              + " is not permitted because a conflicting RRSet of type "
              + other.type()
              + " with the same DNS name already exists in zone "
              + zone.name();
        }
      }
    }
    if (set.failover() != null && set.setIdentifier() == null) {
      return "A failover record set needs a SetIdentifier: " + set.describe();
    }
    if (set.healthCheckId() != null && !healthCheckExists.test(set.healthCheckId())) {
      return "Invalid health check id " + set.healthCheckId() + " for " + set.describe();
    }
    return null;
  }

  static RecordSet parse(Element e) {
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
    return new RecordSet(
        absolute(Objects.requireNonNull(Xml.text(e, "Name"))),
        Xml.text(e, "Type"),
        Xml.text(e, "SetIdentifier"),
        failover,
        ttl == null ? null : Long.valueOf(ttl),
        List.copyOf(values),
        Xml.text(e, "HealthCheckId"));
  }
}
