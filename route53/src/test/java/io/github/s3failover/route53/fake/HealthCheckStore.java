package io.github.s3failover.route53.fake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.w3c.dom.Element;

/** Health checks, their caller references, tags and checker status, as Route 53 keeps them. */
final class HealthCheckStore {

  private static final List<String> CONFIG_FIELDS =
      List.of(
          "IPAddress",
          "Port",
          "Type",
          "ResourcePath",
          "FullyQualifiedDomainName",
          "RequestInterval",
          "FailureThreshold",
          "MeasureLatency",
          "Inverted",
          "Disabled",
          "EnableSNI",
          "InsufficientDataHealthStatus",
          "HealthThreshold");
  private static final Set<String> TYPES =
      Set.of("HTTP", "HTTPS", "TCP", "HTTP_STR_MATCH", "CLOUDWATCH_METRIC", "CALCULATED");
  private static final Set<String> NO_ENDPOINT = Set.of("CLOUDWATCH_METRIC", "CALCULATED");
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
    boolean healthy = true;

    /** Each checker's last result, if set; otherwise every checker reports {@link #healthy}. */
    List<Boolean> lastResults;

    /**
     * Whether Route 53 routes as if the check were healthy: Disabled counts as healthy whatever the
     * checkers see, and Inverted flips the result.
     */
    boolean routesAsHealthy(Map<String, Check> all) {
      boolean base;
      if ("true".equals(config.get("Disabled"))) {
        base = true;
      } else if ("CALCULATED".equals(config.get("Type"))) {
        long healthyChildren =
            children.stream()
                .map(all::get)
                .filter(c -> c != null && c.routesAsHealthy(all))
                .count();
        base = healthyChildren >= Integer.parseInt(config.getOrDefault("HealthThreshold", "0"));
      } else {
        base = healthy;
      }
      return "true".equals(config.get("Inverted")) != base;
    }

    Check(String id, String callerReference) {
      this.id = id;
      this.callerReference = callerReference;
    }

    String signature() {
      return config + "|" + regions;
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

  Check create(Element request) {
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
        return existing; // same reference, same settings: Route 53 returns the existing check
      }
      throw new ApiError(
          409,
          "HealthCheckAlreadyExists",
          "A health check with caller reference "
              + reference
              + " already exists or was deleted, with other settings or deleted");
    }
    references.put(reference, candidate.id);
    checks.put(candidate.id, candidate);
    return candidate;
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
    for (Element reset :
        Xml.children(Xml.child(request, "ResetElements"), "ResettableElementName")) {
      if ("Regions".equals(reset.getTextContent().trim())) {
        check.regions.clear();
        check.regions.addAll(CHECKER_REGIONS);
      }
    }
    for (String immutable : List.of("Type", "RequestInterval", "MeasureLatency")) {
      if (Xml.child(request, immutable) != null) {
        throw ApiError.invalidInput(immutable + " cannot be updated");
      }
    }
    readConfig(check, request, false);
    check.version++;
    return check;
  }

  /**
   * Deletes a check. Route 53 does not refuse a check that records still use (its API reference:
   * "Route 53 does not prevent you from deleting a health check even if the health check is
   * associated with one or more resource record sets"); such a record's answers become
   * unpredictable. The fake deletes it too and remembers that it did.
   */
  void delete(String id, boolean inUse) {
    get(id);
    if (inUse) {
      deletedWhileInUse.add(id);
    }
    checks.remove(id);
  }

  Check get(String id) {
    Check check = checks.get(id);
    if (check == null) {
      throw new ApiError(404, "NoSuchHealthCheck", "No health check exists with the ID " + id);
    }
    return check;
  }

  private static void readConfig(Check check, Element source, boolean creating) {
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
    Element regions = Xml.child(source, "Regions");
    if (regions != null) {
      check.regions.clear();
      Xml.children(regions, "Region").forEach(r -> check.regions.add(r.getTextContent().trim()));
      if (check.regions.size() < 3 || !CHECKER_REGIONS.containsAll(check.regions)) {
        throw ApiError.invalidInput("Regions needs at least 3 valid regions: " + check.regions);
      }
    } else if (creating && !NO_ENDPOINT.contains(check.config.get("Type"))) {
      check.regions.addAll(CHECKER_REGIONS);
    }
    if (!creating) {
      return;
    }
    String kind = check.config.get("Type");
    if (kind != null && NO_ENDPOINT.contains(kind)) {
      check.config.putIfAbsent("Inverted", "false");
      check.config.putIfAbsent("Disabled", "false");
      if ("CLOUDWATCH_METRIC".equals(kind) && check.config.get("AlarmName") == null) {
        throw ApiError.invalidInput("AlarmIdentifier is required for CLOUDWATCH_METRIC");
      }
      return;
    }
    check.config.putIfAbsent("RequestInterval", "30");
    check.config.putIfAbsent("FailureThreshold", "3");
    check.config.putIfAbsent("MeasureLatency", "false");
    check.config.putIfAbsent("Inverted", "false");
    check.config.putIfAbsent("Disabled", "false");
    String type = check.config.get("Type");
    if (type == null || !TYPES.contains(type)) {
      throw ApiError.invalidInput("Type must be one of " + TYPES + ": " + type);
    }
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

  String statusXml(String id) {
    Check check = get(id);
    StringBuilder out = new StringBuilder("<HealthCheckObservations>");
    int n = 0;
    List<String> reporters = check.regions.isEmpty() ? List.of("us-east-1") : check.regions;
    for (int i = 0; i < reporters.size(); i++) {
      n++;
      if (check.lastResults != null && i >= check.lastResults.size()) {
        break; // a checker that has not reported yet is not listed
      }
      boolean success = check.lastResults == null ? check.healthy : check.lastResults.get(i);
      String status =
          success
              ? "Success: HTTP Status Code 200, OK"
              : "Failure: HTTP Status Code 403, Forbidden";
      out.append("<HealthCheckObservation>")
          .append(Xml.el("Region", reporters.get(i)))
          .append(Xml.el("IPAddress", "192.0.2." + n))
          .append("<StatusReport>")
          .append(Xml.el("Status", status))
          .append(Xml.el("CheckedTime", "2026-11-25T12:00:00.000Z"))
          .append("</StatusReport></HealthCheckObservation>");
    }
    return out.append("</HealthCheckObservations>").toString();
  }
}
