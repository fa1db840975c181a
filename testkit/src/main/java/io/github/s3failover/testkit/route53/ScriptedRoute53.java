package io.github.s3failover.testkit.route53;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Route 53's REST/XML API (2013-04-01) in memory, without a transport and without checkers: the
 * same API, zones, record sets, change-batch rules, health checks and errors as {@link
 * LocalRoute53}, but a health check reports what the test {@link #setHealthy says}, and a change
 * turns INSYNC after a number of GetChange calls instead of a delay. Put it behind any HTTP server
 * (the route53 module's tests put it behind WireMock) with {@link #serve}.
 *
 * <p>Beyond LocalRoute53 it accepts calculated (healthy while at least HealthThreshold children
 * are) and CloudWatch-alarm health checks, private zones, and record sets put directly. As in Route
 * 53, DeleteHealthCheck deletes a check that a record still uses ({@link #deletedWhileInUse()}
 * tells), and deleted checks' caller references are kept until {@link
 * #forgetDeletedCallerReferences()}. Thread-safe.
 */
public final class ScriptedRoute53 {

  private static final Instant CHECKED = Instant.parse("2026-11-25T12:00:00Z");

  /**
   * An answer of the API.
   *
   * @param status the HTTP status
   * @param body the XML body, in Route 53's namespace
   * @param headers the headers to send (Content-Type, x-amzn-RequestId, Location)
   */
  public record Response(int status, String body, Map<String, String> headers) {

    /** Copies the headers. */
    public Response {
      headers = Map.copyOf(headers);
    }
  }

  /** What a test says the checkers of one health check report. */
  private static final class Script {
    boolean healthy = true;
    List<Boolean> lastResults; // each checker's last result; null: every checker says healthy
  }

  private final Zones zones = new Zones();
  private final HealthCheckStore checks = new HealthCheckStore(HealthCheckStore.ALL_TYPES);
  private final Map<String, Script> scripts = new HashMap<>();
  private final Map<String, Integer> pendingChanges = new HashMap<>();
  private final ApiCalls api = new ApiCalls(new Api(new Backend()));
  private int pendingPolls = 1;

  /** An empty Route 53: no zones, no health checks. */
  public ScriptedRoute53() {}

  /**
   * Answers one API request.
   *
   * @param method the HTTP method
   * @param target the raw request target, path and query as sent, e.g. {@code
   *     /2013-04-01/hostedzone/Z1/rrset?name=a.example.com}
   * @param body the request body, empty for none
   * @return Route 53's answer, an ErrorResponse for an error
   */
  public synchronized Response serve(String method, String target, String body) {
    Api.Response r = api.serve(method, target, body == null ? "" : body);
    return new Response(r.status(), r.body(), r.headers());
  }

  /**
   * Adds a public hosted zone with its SOA and NS records.
   *
   * @param id the zone id, without {@code /hostedzone/}
   * @param name the zone's name
   */
  public synchronized void addZone(String id, String name) {
    zones.add(Objects.requireNonNull(id, "id"), Objects.requireNonNull(name, "name"), false);
  }

  /**
   * Adds a private hosted zone (one associated with VPCs) with its SOA and NS records.
   *
   * @param id the zone id
   * @param name the zone's name
   */
  public synchronized void addPrivateZone(String id, String name) {
    zones.add(Objects.requireNonNull(id, "id"), Objects.requireNonNull(name, "name"), true);
  }

  /**
   * Puts a record set directly, without the API's checks, e.g. one someone else made.
   *
   * @param zoneId the zone
   * @param record the record set
   */
  public synchronized void putRecord(String zoneId, LocalRecord record) {
    zones.put(zoneId, Objects.requireNonNull(record, "record"));
  }

  /**
   * Every record set of a zone, as ListResourceRecordSets lists them.
   *
   * @param zoneId the zone
   * @return the record sets, in Route 53's order
   */
  public synchronized List<LocalRecord> records(String zoneId) {
    return zones.list(zoneId);
  }

  /**
   * The ids of every health check, in creation order.
   *
   * @return the ids
   */
  public synchronized List<String> healthCheckIds() {
    return List.copyOf(checks.checks.keySet());
  }

  /**
   * A health check's tags.
   *
   * @param id the health check id
   * @return the tags
   */
  public synchronized Map<String, String> tags(String id) {
    return Map.copyOf(checks.get(id).tags);
  }

  /**
   * A health check's configuration fields as Route 53 holds them (Type, Port, ...).
   *
   * @param id the health check id
   * @return the fields and their values
   */
  public synchronized Map<String, String> healthCheckConfig(String id) {
    return Map.copyOf(checks.get(id).config);
  }

  /**
   * Creates a health check as CreateHealthCheck does with a fresh caller reference, without
   * counting it among the {@link #operations()}, and tags it.
   *
   * @param check the configuration
   * @param tags the tags
   * @return the new health check's id
   */
  public synchronized String createHealthCheck(LocalHealthCheck check, Map<String, String> tags) {
    String body = check.createRequest("scripted-" + UUID.randomUUID());
    HealthCheckStore.Check created =
        checks.create(Xml.parse(body, "CreateHealthCheckRequest")).getKey();
    created.tags.putAll(tags);
    return created.id;
  }

  /** Lets the days pass after which Route 53 forgets the caller references of deleted checks. */
  public synchronized void forgetDeletedCallerReferences() {
    checks.forgetDeleted();
  }

  /**
   * The health checks deleted while a record still referenced them (Route 53 allows it).
   *
   * @return the ids, in deletion order
   */
  public synchronized List<String> deletedWhileInUse() {
    return List.copyOf(checks.deletedWhileInUse);
  }

  /**
   * Sets whether a health check's endpoint is healthy: what DNS answers follow, and what every
   * checker reports unless {@link #setLastResults} says otherwise.
   *
   * @param healthCheckId the health check
   * @param healthy whether the endpoint is healthy
   */
  public synchronized void setHealthy(String healthCheckId, boolean healthy) {
    checks.get(healthCheckId);
    script(healthCheckId).healthy = healthy;
  }

  /**
   * Sets each checker's last result as GetHealthCheckStatus lists it, in checker-region order; a
   * shorter list leaves the remaining checkers without a report (an empty list: a new check).
   *
   * @param healthCheckId the health check
   * @param results each checker's last result
   */
  public synchronized void setLastResults(String healthCheckId, List<Boolean> results) {
    checks.get(healthCheckId);
    script(healthCheckId).lastResults = List.copyOf(results);
  }

  /**
   * Changes a configuration field directly, as someone in the console would.
   *
   * @param healthCheckId the health check
   * @param field the field, e.g. {@code Disabled}
   * @param value its new value, e.g. {@code true}
   */
  public synchronized void setConfig(String healthCheckId, String field, String value) {
    checks.get(healthCheckId).config.put(field, value);
  }

  /**
   * Sets how many GetChange calls of a change answer PENDING before INSYNC (1 by default).
   *
   * @param polls zero or more
   */
  public synchronized void pendingPolls(int polls) {
    if (polls < 0) {
      throw new IllegalArgumentException("pendingPolls must be zero or more: " + polls);
    }
    this.pendingPolls = polls;
  }

  /**
   * Makes the next calls of an API operation fail, e.g. to rehearse Throttling.
   *
   * @param operation the operation, e.g. {@code ChangeResourceRecordSets}
   * @param status the HTTP status, e.g. 400
   * @param code Route 53's error code, e.g. {@code Throttling}
   * @param times how many calls fail
   */
  public synchronized void failNext(String operation, int status, String code, int times) {
    api.failNext(operation, status, code, times);
  }

  /**
   * The API operations called so far, in order (ListHealthChecks, CreateHealthCheck, ...).
   *
   * @return a copy
   */
  public synchronized List<String> operations() {
    return api.operations();
  }

  /** Forgets the operations called so far. */
  public synchronized void clearOperations() {
    api.clearOperations();
  }

  private Script script(String id) {
    return scripts.computeIfAbsent(id, i -> new Script());
  }

  /**
   * Whether Route 53 routes as if the check were healthy: Disabled counts as healthy whatever the
   * checkers see, a calculated check is healthy while HealthThreshold children are, Inverted flips
   * the result, and a deleted check counts as healthy.
   */
  private boolean routesAsHealthy(String id) {
    HealthCheckStore.Check check = checks.checks.get(id);
    if (check == null) {
      return true;
    }
    boolean base;
    if ("true".equals(check.config.get("Disabled"))) {
      base = true;
    } else if ("CALCULATED".equals(check.config.get("Type"))) {
      long healthyChildren =
          check.children.stream()
              .filter(c -> checks.checks.containsKey(c) && routesAsHealthy(c))
              .count();
      base = healthyChildren >= Integer.parseInt(check.config.getOrDefault("HealthThreshold", "0"));
    } else {
      base = script(id).healthy;
    }
    return "true".equals(check.config.get("Inverted")) != base;
  }

  /** The API's view of this state; every call comes with this object's lock held. */
  private final class Backend implements Api.Backend {
    @Override
    public Zones zones() {
      return zones;
    }

    @Override
    public HealthCheckStore checks() {
      return checks;
    }

    @Override
    public void created(HealthCheckStore.Check check) {}

    @Override
    public void updated(HealthCheckStore.Check check) {}

    @Override
    public void deleted(HealthCheckStore.Check check) {
      scripts.remove(check.id);
    }

    @Override
    public String submitted(Zones.Zone zone) {
      String id =
          "C"
              + UUID.randomUUID()
                  .toString()
                  .replace("-", "")
                  .substring(0, 12)
                  .toUpperCase(Locale.ROOT);
      pendingChanges.put(id, pendingPolls);
      return id;
    }

    @Override
    public String changeStatus(String id) {
      Integer pending = pendingChanges.get(id);
      if (pending == null) {
        return null;
      }
      pendingChanges.put(id, Math.max(0, pending - 1));
      return pending > 0 ? "PENDING" : "INSYNC";
    }

    @Override
    public HealthCheckStatus status(HealthCheckStore.Check check) {
      Script script = script(check.id);
      List<String> reporters = check.regions.isEmpty() ? List.of("us-east-1") : check.regions;
      List<HealthCheckStatus.Observation> observations = new ArrayList<>();
      for (int i = 0; i < reporters.size(); i++) {
        if (script.lastResults != null && i >= script.lastResults.size()) {
          break; // a checker that has not reported yet is not listed
        }
        boolean success = script.lastResults == null ? script.healthy : script.lastResults.get(i);
        observations.add(
            new HealthCheckStatus.Observation(
                reporters.get(i),
                "192.0.2." + (i + 1),
                success,
                success
                    ? "Success: HTTP Status Code 200, OK"
                    : "Failure: HTTP Status Code 403, Forbidden",
                CHECKED));
      }
      int healthyCheckers =
          (int) observations.stream().filter(HealthCheckStatus.Observation::success).count();
      return new HealthCheckStatus(
          check.id, routesAsHealthy(check.id), healthyCheckers, reporters.size(), observations);
    }

    @Override
    public LocalRecord answer(String zoneId, String name, String type) {
      // The records as changed, not waiting for INSYNC: the test decides health, not time.
      return DnsAnswers.choose(
          DnsAnswers.group(zones.list(zoneId), name, type), ScriptedRoute53.this::routesAsHealthy);
    }
  }
}
