package io.github.s3failover.testkit.route53;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.w3c.dom.Element;

/** Health checks' configurations, caller references and tags, as Route 53's API keeps them. */
final class HealthCheckStore {

  static final List<String> CONFIG_FIELDS =
      List.of(
          "IPAddress",
          "Port",
          "Type",
          "ResourcePath",
          "FullyQualifiedDomainName",
          "SearchString",
          "RequestInterval",
          "FailureThreshold",
          "MeasureLatency",
          "Inverted",
          "Disabled",
          "HealthThreshold",
          "EnableSNI",
          "InsufficientDataHealthStatus");

  /** The types that probe an endpoint. */
  static final Set<String> ENDPOINT_TYPES =
      Set.of("HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP");

  /** Every type the store knows: the endpoint types and those without an endpoint. */
  static final Set<String> ALL_TYPES =
      Set.of(
          "HTTP",
          "HTTPS",
          "HTTP_STR_MATCH",
          "HTTPS_STR_MATCH",
          "TCP",
          "CALCULATED",
          "CLOUDWATCH_METRIC");

  private static final Set<String> NO_ENDPOINT = Set.of("CALCULATED", "CLOUDWATCH_METRIC");

  /** Route 53's checker regions, the default of a new health check. */
  static final List<String> CHECKER_REGIONS =
      List.of(
          "us-east-1",
          "us-west-1",
          "us-west-2",
          "eu-west-1",
          "ap-southeast-1",
          "ap-southeast-2",
          "ap-northeast-1",
          "sa-east-1");

  static final class Check {
    final String id;
    final String callerReference;
    final Map<String, String> config = new LinkedHashMap<>();
    final List<String> regions = new ArrayList<>();
    final List<String> children = new ArrayList<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    long version = 1;
    Checkers checkers;

    Check(String id, String callerReference) {
      this.id = id;
      this.callerReference = callerReference;
    }

    String signature() {
      return config + "|" + regions + "|" + children;
    }

    String xml() {
      StringBuilder c = new StringBuilder();
      CONFIG_FIELDS.forEach(f -> c.append(Xml.el(f, config.get(f))));
      if (config.containsKey("AlarmName")) {
        c.append("<AlarmIdentifier>")
            .append(Xml.el("Region", config.get("AlarmRegion")))
            .append(Xml.el("Name", config.get("AlarmName")))
            .append("</AlarmIdentifier>");
      }
      if (!children.isEmpty()) {
        c.append("<ChildHealthChecks>");
        children.forEach(id -> c.append(Xml.el("ChildHealthCheck", id)));
        c.append("</ChildHealthChecks>");
      }
      if (!regions.isEmpty()) {
        c.append("<Regions>");
        regions.forEach(r -> c.append(Xml.el("Region", r)));
        c.append("</Regions>");
      }
      return "<HealthCheck>"
          + Xml.el("Id", id)
          + Xml.el("CallerReference", callerReference)
          + "<HealthCheckConfig>"
          + c
          + "</HealthCheckConfig>"
          + Xml.el("HealthCheckVersion", version)
          + "</HealthCheck>";
    }
  }

  final Map<String, Check> checks = new LinkedHashMap<>();

  /** Checks deleted while a record still referenced them. */
  final List<String> deletedWhileInUse = new ArrayList<>();

  /**
   * Caller references used, with the check each created; kept after deletion until {@link
   * #forgetDeleted()} (Route 53 "does not store the CallerReference for a deleted health check
   * indefinitely": it forgets it after a number of days).
   */
  private final Map<String, String> references = new HashMap<>();

  private final Set<String> types;

  /**
   * A store that accepts health checks of some types.
   *
   * @param types the accepted types; others are refused with InvalidInput
   */
  HealthCheckStore(Set<String> types) {
    this.types = Set.copyOf(types);
  }

  /**
   * Creates a check, or returns the one a caller reference made with the same settings.
   *
   * @return the check, and whether it is new
   */
  Map.Entry<Check, Boolean> create(Element request) {
    String reference = Xml.text(request, "CallerReference");
    Element config = Xml.child(request, "HealthCheckConfig");
    if (reference == null || reference.isEmpty() || reference.length() > 64 || config == null) {
      throw ApiError.invalidInput("CallerReference (1-64) and HealthCheckConfig are required");
    }
    Check candidate = new Check(UUID.randomUUID().toString(), reference);
    readConfig(candidate, config, true);
    String previous = references.get(reference);
    if (previous != null) {
      Check existing = checks.get(previous);
      if (existing != null && existing.signature().equals(candidate.signature())) {
        return Map.entry(existing, false); // same reference, same settings: the existing check
      }
      throw new ApiError(
          409,
          "HealthCheckAlreadyExists",
          "A health check with caller reference "
              + reference
              + " already exists with other settings, or was deleted");
    }
    references.put(reference, candidate.id);
    checks.put(candidate.id, candidate);
    return Map.entry(candidate, true);
  }

  /** Forgets the caller references of deleted checks, as Route 53 does after some days. */
  void forgetDeleted() {
    references.values().removeIf(id -> !checks.containsKey(id));
  }

  Check update(String id, Element request) {
    Check check = get(id);
    String version = Xml.text(request, "HealthCheckVersion");
    if (version != null && Long.parseLong(version) != check.version) {
      throw new ApiError(
          409, "HealthCheckVersionMismatch", "version " + version + " is not " + check.version);
    }
    for (String immutable : List.of("Type", "RequestInterval", "MeasureLatency")) {
      if (Xml.child(request, immutable) != null) {
        throw ApiError.invalidInput(immutable + " cannot be updated");
      }
    }
    for (Element reset :
        Xml.children(Xml.child(request, "ResetElements"), "ResettableElementName")) {
      String element = reset.getTextContent().trim();
      switch (element) {
        case "Regions" -> {
          check.regions.clear();
          check.regions.addAll(CHECKER_REGIONS);
        }
        case "ChildHealthChecks" -> check.children.clear();
        case "ResourcePath", "FullyQualifiedDomainName" -> check.config.remove(element);
        default -> throw ApiError.invalidInput("ResettableElementName is not valid: " + element);
      }
    }
    readConfig(check, request, false);
    check.version++;
    return check;
  }

  Check get(String id) {
    Check check = checks.get(id);
    if (check == null) {
      throw new ApiError(404, "NoSuchHealthCheck", "No health check exists with the ID " + id);
    }
    return check;
  }

  /**
   * Deletes a check. Route 53 does not refuse a check that records still use (its API reference:
   * "Route 53 does not prevent you from deleting a health check even if the health check is
   * associated with one or more resource record sets"); such a record's answers become
   * unpredictable. The store deletes it too and remembers that it did.
   */
  Check delete(String id, boolean inUse) {
    Check check = get(id);
    if (inUse) {
      deletedWhileInUse.add(id);
    }
    checks.remove(id);
    return check;
  }

  private void readConfig(Check check, Element source, boolean creating) {
    for (String field : CONFIG_FIELDS) {
      String value = Xml.text(source, field);
      if (value != null) {
        check.config.put(field, value);
      }
    }
    Element kids = Xml.child(source, "ChildHealthChecks");
    if (kids != null) {
      check.children.clear();
      Xml.children(kids, "ChildHealthCheck")
          .forEach(k -> check.children.add(k.getTextContent().trim()));
    }
    Element alarm = Xml.child(source, "AlarmIdentifier");
    if (alarm != null) {
      check.config.put("AlarmName", Xml.text(alarm, "Name"));
      check.config.put("AlarmRegion", Xml.text(alarm, "Region"));
    }
    String type = check.config.get("Type");
    Element regions = Xml.child(source, "Regions");
    if (regions != null) {
      List<String> chosen = new ArrayList<>();
      Xml.children(regions, "Region").forEach(r -> chosen.add(r.getTextContent().trim()));
      if (chosen.size() < 3 || !CHECKER_REGIONS.containsAll(chosen)) {
        throw ApiError.invalidInput("Regions needs at least 3 valid regions: " + chosen);
      }
      check.regions.clear();
      check.regions.addAll(chosen);
    } else if (creating && !NO_ENDPOINT.contains(type)) {
      check.regions.addAll(CHECKER_REGIONS);
    }
    if (!creating) {
      return;
    }
    if (type == null || !types.contains(type)) {
      throw ApiError.invalidInput("Type must be one of " + types + ": " + type);
    }
    check.config.putIfAbsent("Inverted", "false");
    check.config.putIfAbsent("Disabled", "false");
    if (NO_ENDPOINT.contains(type)) {
      if ("CLOUDWATCH_METRIC".equals(type) && check.config.get("AlarmName") == null) {
        throw ApiError.invalidInput("AlarmIdentifier is required for CLOUDWATCH_METRIC");
      }
      return;
    }
    check.config.putIfAbsent("RequestInterval", "30");
    check.config.putIfAbsent("FailureThreshold", "3");
    check.config.putIfAbsent("MeasureLatency", "false");
    if (!Set.of("10", "30").contains(check.config.get("RequestInterval"))) {
      throw ApiError.invalidInput("RequestInterval must be 10 or 30");
    }
    int threshold = Integer.parseInt(check.config.get("FailureThreshold"));
    if (threshold < 1 || threshold > 10) {
      throw ApiError.invalidInput("FailureThreshold must be 1-10");
    }
    if (check.config.get("FullyQualifiedDomainName") == null
        && check.config.get("IPAddress") == null) {
      throw ApiError.invalidInput("FullyQualifiedDomainName or IPAddress is required");
    }
  }

  static String statusXml(HealthCheckStatus status) {
    StringBuilder out = new StringBuilder("<HealthCheckObservations>");
    for (HealthCheckStatus.Observation o : status.observations()) {
      out.append("<HealthCheckObservation>")
          .append(Xml.el("Region", o.region()))
          .append(Xml.el("IPAddress", o.ipAddress()))
          .append("<StatusReport>")
          .append(Xml.el("Status", o.status()))
          .append(Xml.el("CheckedTime", o.checkedAt()))
          .append("</StatusReport></HealthCheckObservation>");
    }
    return out.append("</HealthCheckObservations>").toString();
  }
}
