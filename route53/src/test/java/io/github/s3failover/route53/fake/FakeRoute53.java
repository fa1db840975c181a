package io.github.s3failover.route53.fake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.s3failover.testkit.route53.LocalHealthCheck;
import io.github.s3failover.testkit.route53.LocalRecord;
import io.github.s3failover.testkit.route53.ScriptedRoute53;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Route 53 served over its real REST/XML API by WireMock: every request to {@code /2013-04-01/}
 * goes to the testkit's {@link ScriptedRoute53}, which holds the API's rules (change batches,
 * caller references, errors in Route 53's ErrorResponse shape) once for this fake and {@code
 * LocalRoute53}. WireMock adds its request journal ({@link #wireMock()}) and stubs that override
 * the model. A test sets health directly ({@link #setHealthy}). Tests point the SDK's Route 53
 * client at {@link #endpoint()}.
 */
public final class FakeRoute53 implements AutoCloseable {

  private static final String NAME = "fake-route53";

  private final ScriptedRoute53 model = new ScriptedRoute53();
  private final WireMockServer server;

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

  /** The WireMock server, for request-journal assertions and overriding stubs. */
  public WireMockServer wireMock() {
    return server;
  }

  /** Adds a public hosted zone with its SOA and NS records. */
  public void addZone(String id, String name) {
    model.addZone(id, name);
  }

  /** Adds a private hosted zone (one associated with VPCs) with its SOA and NS records. */
  public void addPrivateZone(String id, String name) {
    model.addPrivateZone(id, name);
  }

  /** Puts a record set directly, e.g. one that is not ours. */
  public void putRecord(String zoneId, LocalRecord set) {
    model.putRecord(zoneId, set);
  }

  /** Every record set of a zone, in Route 53's order. */
  public List<LocalRecord> records(String zoneId) {
    return model.records(zoneId);
  }

  /** The ids of every health check. */
  public List<String> healthCheckIds() {
    return model.healthCheckIds();
  }

  /** The tags of a health check. */
  public Map<String, String> tags(String id) {
    return model.tags(id);
  }

  /** A health check's configuration fields, as Route 53 holds them. */
  public Map<String, String> config(String id) {
    return model.healthCheckConfig(id);
  }

  /** Creates an HTTPS health check that is not ours (another team's), with a tag. */
  public String addForeignHealthCheck(String fqdn, String tagKey, String tagValue) {
    return model.createHealthCheck(
        new LocalHealthCheck("HTTPS", fqdn, 443, null, 30, 3), Map.of(tagKey, tagValue));
  }

  /** Lets the days pass after which Route 53 forgets the caller references of deleted checks. */
  public void forgetDeletedCallerReferences() {
    model.forgetDeletedCallerReferences();
  }

  /** The health checks deleted while a record still referenced them (Route 53 allows it). */
  public List<String> deletedWhileInUse() {
    return model.deletedWhileInUse();
  }

  /** What Route 53's checkers will report for a health check. */
  public void setHealthy(String healthCheckId, boolean healthy) {
    model.setHealthy(healthCheckId, healthy);
  }

  /**
   * Each checker's last result as GetHealthCheckStatus lists it, in checker-region order; a shorter
   * list leaves the remaining checkers without a report (an empty list: a new check).
   */
  public void setLastResults(String healthCheckId, List<Boolean> results) {
    model.setLastResults(healthCheckId, results);
  }

  /** Changes a configuration field directly, as someone in the console would. */
  public void setConfig(String healthCheckId, String field, String value) {
    model.setConfig(healthCheckId, field, value);
  }

  /** How many GetChange calls answer PENDING before INSYNC (default 1). */
  public void pendingPolls(int polls) {
    model.pendingPolls(polls);
  }

  /** Makes the next {@code times} calls of an operation fail with an error. */
  public void failNext(String operation, int status, String code, int times) {
    model.failNext(operation, status, code, times);
  }

  /** The operations called so far, in order (ListHealthChecks, CreateHealthCheck, ...). */
  public List<String> operations() {
    return model.operations();
  }

  /** Forgets the operations called so far. */
  public void clearOperations() {
    model.clearOperations();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Hands a request WireMock matched to the model and its answer back to WireMock. */
  private final class Transformer implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      Request request = serveEvent.getRequest();
      ScriptedRoute53.Response answer =
          model.serve(request.getMethod().getName(), request.getUrl(), request.getBodyAsString());
      ResponseDefinitionBuilder response =
          ResponseDefinitionBuilder.responseDefinition()
              .withStatus(answer.status())
              .withBody(answer.body());
      answer.headers().forEach(response::withHeader);
      return response.build();
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
