package io.github.s3failover.route53.fake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Route 53 in memory, served over its real REST/XML API by WireMock: a change batch is
 * applied atomically and answered PENDING, GetChange turns it INSYNC, caller references are
 * remembered (those of deleted checks until {@link #forgetDeletedCallerReferences()}),
 * DeleteHealthCheck deletes even a check a record still uses (as Route 53 does; {@link
 * #deletedWhileInUse()} tells). Errors come in Route 53's ErrorResponse shape. Tests point the
 * SDK's Route 53 client at {@link #endpoint()}.
 */
public final class FakeRoute53 implements AutoCloseable {

  private static final String NAME = "fake-route53";
  private static final Pattern HOSTED_ZONE = Pattern.compile("/hostedzone/([^/]+)(/rrset/?)?");
  private static final Pattern HEALTH_CHECK = Pattern.compile("/healthcheck/([^/]+)(/status)?");
  private static final Pattern TAGS = Pattern.compile("/tags/healthcheck(/([^/]+))?");
  private static final Pattern CHANGE = Pattern.compile("/change/([^/]+)");

  private record Fault(int status, String code) {}

  private final RecordStore records = new RecordStore();
  private final HealthCheckStore checks = new HealthCheckStore();
  private final Map<String, Integer> pendingChanges = new HashMap<>();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private final List<String> operations = new ArrayList<>();
  private final WireMockServer server;
  private int pendingPolls = 1;

  private FakeRoute53() {
    server =
        new WireMockServer(
            WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(new Transformer()));
    server.start();
    server.stubFor(
        any(urlPathMatching("/2013-04-01/.*")).willReturn(aResponse().withTransformers(NAME)));
  }

  /** Starts an empty Route 53 on a free loopback port. */
  public static FakeRoute53 start() {
    return new FakeRoute53();
  }

  /** Where the SDK's Route 53 client should send requests. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** The WireMock server, for request-journal assertions. */
  public WireMockServer wireMock() {
    return server;
  }

  /** Adds a public hosted zone with its SOA and NS records. */
  public synchronized void addZone(String id, String name) {
    addZone(id, name, false);
  }

  /** Adds a private hosted zone (one associated with VPCs) with its SOA and NS records. */
  public synchronized void addPrivateZone(String id, String name) {
    addZone(id, name, true);
  }

  private void addZone(String id, String name, boolean privateZone) {
    String apex = RecordStore.absolute(name);
    records.zones.put(id, new RecordStore.Zone(id, apex, privateZone));
    records.records.put(
        id,
        new ArrayList<>(
            List.of(
                new RecordStore.RecordSet(
                    apex, "NS", null, null, 172800L, List.of("ns-1.awsdns-01.org."), null),
                new RecordStore.RecordSet(
                    apex,
                    "SOA",
                    null,
                    null,
                    900L,
                    List.of(
                        "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"),
                    null))));
  }

  /** Puts a record set directly, e.g. one that is not ours. */
  public synchronized void putRecord(String zoneId, RecordStore.RecordSet set) {
    records.records.get(zoneId).add(set);
  }

  /** Every record set of a zone, in Route 53's order. */
  public synchronized List<RecordStore.RecordSet> records(String zoneId) {
    return records.list(zoneId);
  }

  /** The ids of every health check. */
  public synchronized List<String> healthCheckIds() {
    return List.copyOf(checks.checks.keySet());
  }

  /** The tags of a health check. */
  public synchronized Map<String, String> tags(String id) {
    return Map.copyOf(checks.get(id).tags);
  }

  /** A health check's configuration fields, as Route 53 holds them. */
  public synchronized Map<String, String> config(String id) {
    return Map.copyOf(checks.get(id).config);
  }

  /** Creates a health check that is not ours (another team's), with a tag. */
  public synchronized String addForeignHealthCheck(String fqdn, String tagKey, String tagValue) {
    String body =
        Xml.document(
            "CreateHealthCheckRequest",
            Xml.el("CallerReference", "other-" + UUID.randomUUID())
                + "<HealthCheckConfig><Type>HTTPS</Type>"
                + Xml.el("FullyQualifiedDomainName", fqdn)
                + "<Port>443</Port></HealthCheckConfig>");
    HealthCheckStore.Check check = checks.create(Xml.parse(body, "CreateHealthCheckRequest"));
    check.tags.put(tagKey, tagValue);
    return check.id;
  }

  /** Lets the days pass after which Route 53 forgets the caller references of deleted checks. */
  public synchronized void forgetDeletedCallerReferences() {
    checks.forgetDeleted();
  }

  /** The health checks deleted while a record still referenced them (Route 53 allows it). */
  public synchronized List<String> deletedWhileInUse() {
    return List.copyOf(checks.deletedWhileInUse);
  }

  /** What Route 53's checkers will report for a health check. */
  public synchronized void setHealthy(String healthCheckId, boolean healthy) {
    checks.get(healthCheckId).healthy = healthy;
  }

  /**
   * Each checker's last result as GetHealthCheckStatus lists it, in checker-region order; a shorter
   * list leaves the remaining checkers without a report (an empty list: a new check).
   */
  public synchronized void setLastResults(String healthCheckId, List<Boolean> results) {
    checks.get(healthCheckId).lastResults = List.copyOf(results);
  }

  /** Changes a configuration field directly, as someone in the console would. */
  public synchronized void setConfig(String healthCheckId, String field, String value) {
    checks.get(healthCheckId).config.put(field, value);
  }

  /** How many GetChange calls answer PENDING before INSYNC (default 1). */
  public synchronized void pendingPolls(int polls) {
    this.pendingPolls = polls;
  }

  /** Makes the next {@code times} calls of an operation fail with an error. */
  public synchronized void failNext(String operation, int status, String code, int times) {
    Deque<Fault> queue = faults.computeIfAbsent(operation, o -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(new Fault(status, code));
    }
  }

  /** The operations called so far, in order (ListHealthChecks, CreateHealthCheck, ...). */
  public synchronized List<String> operations() {
    return List.copyOf(operations);
  }

  /** Forgets the operations called so far. */
  public synchronized void clearOperations() {
    operations.clear();
  }

  @Override
  public void close() {
    server.stop();
  }

  private synchronized ResponseDefinition serve(Request request) {
    String path = URI.create(request.getUrl()).getPath().substring("/2013-04-01".length());
    String method = request.getMethod().getName();
    String operation = operation(method, path);
    operations.add(operation);
    try {
      Fault fault = faults.getOrDefault(operation, new ArrayDeque<>()).poll();
      if (fault != null) {
        throw new ApiError(
            fault.status(), fault.code(), "injected " + fault.code() + " for " + operation);
      }
      Operations ops = new Operations(records, checks, pendingChanges, pendingPolls);
      return ops.handle(operation, path, request);
    } catch (ApiError e) {
      return Operations.xml(e.status, e.body());
    }
  }

  static String operation(String method, String path) {
    Matcher m;
    if (path.equals("/hostedzonesbyname")) {
      return "ListHostedZonesByName";
    } else if ((m = HOSTED_ZONE.matcher(path)).matches()) {
      return m.group(2) == null
          ? "GetHostedZone"
          : method.equals("POST") ? "ChangeResourceRecordSets" : "ListResourceRecordSets";
    } else if (path.equals("/healthcheck")) {
      return method.equals("POST") ? "CreateHealthCheck" : "ListHealthChecks";
    } else if ((m = HEALTH_CHECK.matcher(path)).matches()) {
      if (m.group(2) != null) {
        return "GetHealthCheckStatus";
      }
      return switch (method) {
        case "POST" -> "UpdateHealthCheck";
        case "DELETE" -> "DeleteHealthCheck";
        default -> "GetHealthCheck";
      };
    } else if ((m = TAGS.matcher(path)).matches()) {
      return m.group(2) == null ? "ListTagsForResources" : "ChangeTagsForResource";
    } else if (CHANGE.matcher(path).matches()) {
      return "GetChange";
    } else if (path.equals("/testdnsanswer")) {
      return "TestDNSAnswer";
    }
    return "Unknown " + method + " " + path;
  }

  private static String group(Pattern pattern, String path, int group) {
    Matcher m = pattern.matcher(path);
    if (!m.matches()) {
      throw new IllegalStateException(path);
    }
    return m.group(group);
  }

  static String zoneIdOf(String path) {
    return group(HOSTED_ZONE, path, 1);
  }

  static String healthCheckIdOf(String path) {
    return group(HEALTH_CHECK, path, 1);
  }

  static String taggedIdOf(String path) {
    return group(TAGS, path, 2);
  }

  static String changeIdOf(String path) {
    return group(CHANGE, path, 1);
  }

  private final class Transformer implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      return serve(serveEvent.getRequest());
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return NAME;
    }
  }
}
