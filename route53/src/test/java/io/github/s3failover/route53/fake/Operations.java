package io.github.s3failover.route53.fake;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.w3c.dom.Element;

/** Serves one Route 53 API call against the fake's state; the caller holds the lock. */
final class Operations {

  private final RecordStore records;
  private final HealthCheckStore checks;
  private final Map<String, Integer> pendingChanges;
  private final int pendingPolls;

  Operations(
      RecordStore records,
      HealthCheckStore checks,
      Map<String, Integer> pendingChanges,
      int pendingPolls) {
    this.records = records;
    this.checks = checks;
    this.pendingChanges = pendingChanges;
    this.pendingPolls = pendingPolls;
  }

  static ResponseDefinition xml(int status, String body) {
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(status)
        .withHeader("Content-Type", "text/xml")
        .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
        .withBody(body)
        .build();
  }

  private static ResponseDefinition ok(String root, String content) {
    return xml(200, Xml.document(root, content));
  }

  private static String query(Request request, String name) {
    QueryParameter p = request.queryParameter(name);
    return p != null && p.isPresent() ? p.firstValue() : null;
  }

  private static int maxItems(Request request) {
    String max = query(request, "maxitems");
    return max == null ? 100 : Integer.parseInt(max);
  }

  ResponseDefinition handle(String operation, String path, Request request) {
    String body = request.getBodyAsString();
    return switch (operation) {
      case "ListHostedZonesByName" -> listZones(request);
      case "GetHostedZone" -> {
        RecordStore.Zone zone = records.zone(FakeRoute53.zoneIdOf(path));
        yield ok(
            "GetHostedZoneResponse",
            zoneXml(zone)
                + "<DelegationSet><NameServers><NameServer>ns-1.awsdns-01.org</NameServer>"
                + "</NameServers></DelegationSet>");
      }
      case "ListResourceRecordSets" -> listRecords(FakeRoute53.zoneIdOf(path), request);
      case "ChangeResourceRecordSets" -> {
        Element root = Xml.parse(body, "ChangeResourceRecordSetsRequest");
        Element batch = Xml.child(root, "ChangeBatch");
        records.change(FakeRoute53.zoneIdOf(path), batch, checks.checks::containsKey);
        String id =
            "C" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        pendingChanges.put(id, pendingPolls);
        yield ok(
            "ChangeResourceRecordSetsResponse",
            changeInfo(id, "PENDING", Xml.text(batch, "Comment")));
      }
      case "GetChange" -> {
        String id = FakeRoute53.changeIdOf(path);
        Integer pending = pendingChanges.get(id);
        if (pending == null) {
          throw new ApiError(
              404, "NoSuchChange", "A change with the specified change ID does not exist.");
        }
        pendingChanges.put(id, Math.max(0, pending - 1));
        yield ok("GetChangeResponse", changeInfo(id, pending > 0 ? "PENDING" : "INSYNC", null));
      }
      case "CreateHealthCheck" -> {
        HealthCheckStore.Check check = checks.create(Xml.parse(body, "CreateHealthCheckRequest"));
        yield ResponseDefinitionBuilder.like(
                xml(201, Xml.document("CreateHealthCheckResponse", check.xml())))
            .withHeader(
                "Location", "https://route53.amazonaws.com/2013-04-01/healthcheck/" + check.id)
            .build();
      }
      case "ListHealthChecks" -> listChecks(request);
      case "GetHealthCheck" ->
          ok("GetHealthCheckResponse", checks.get(FakeRoute53.healthCheckIdOf(path)).xml());
      case "UpdateHealthCheck" -> {
        HealthCheckStore.Check check =
            checks.update(
                FakeRoute53.healthCheckIdOf(path), Xml.parse(body, "UpdateHealthCheckRequest"));
        yield ok("UpdateHealthCheckResponse", check.xml());
      }
      case "DeleteHealthCheck" -> {
        String id = FakeRoute53.healthCheckIdOf(path);
        boolean inUse =
            records.records.values().stream()
                .flatMap(List::stream)
                .anyMatch(r -> id.equals(r.healthCheckId()));
        checks.delete(id, inUse);
        yield ok("DeleteHealthCheckResponse", "");
      }
      case "GetHealthCheckStatus" ->
          ok("GetHealthCheckStatusResponse", checks.statusXml(FakeRoute53.healthCheckIdOf(path)));
      case "ListTagsForResources" -> listTags(Xml.parse(body, "ListTagsForResourcesRequest"));
      case "ChangeTagsForResource" -> {
        Element root = Xml.parse(body, "ChangeTagsForResourceRequest");
        HealthCheckStore.Check check = checks.get(FakeRoute53.taggedIdOf(path));
        for (Element tag : Xml.children(Xml.child(root, "AddTags"), "Tag")) {
          check.tags.put(
              Xml.text(tag, "Key"), Objects.requireNonNullElse(Xml.text(tag, "Value"), ""));
        }
        Xml.children(Xml.child(root, "RemoveTagKeys"), "Key")
            .forEach(k -> check.tags.remove(k.getTextContent().trim()));
        yield ok("ChangeTagsForResourceResponse", "");
      }
      case "TestDNSAnswer" -> testAnswer(request);
      default -> throw new ApiError(404, "UnknownOperation", "no such operation: " + operation);
    };
  }

  private ResponseDefinition listZones(Request request) {
    String dnsName = query(request, "dnsname");
    StringBuilder zones = new StringBuilder("<HostedZones>");
    records.zones.values().stream()
        .filter(
            z ->
                dnsName == null
                    || RecordStore.sortKey(z.name()).compareTo(RecordStore.sortKey(dnsName)) >= 0)
        .sorted((a, b) -> RecordStore.sortKey(a.name()).compareTo(RecordStore.sortKey(b.name())))
        .limit(maxItems(request))
        .forEach(z -> zones.append(zoneXml(z)));
    zones.append("</HostedZones>");
    return ok(
        "ListHostedZonesByNameResponse",
        zones
            + Xml.el("DNSName", dnsName == null ? null : RecordStore.absolute(dnsName))
            + "<IsTruncated>false</IsTruncated>"
            + Xml.el("MaxItems", maxItems(request)));
  }

  private String zoneXml(RecordStore.Zone z) {
    return "<HostedZone>"
        + Xml.el("Id", "/hostedzone/" + z.id())
        + Xml.el("Name", z.name())
        + Xml.el("CallerReference", "zone-" + z.id())
        + "<Config><PrivateZone>"
        + z.privateZone()
        + "</PrivateZone></Config>"
        + Xml.el("ResourceRecordSetCount", records.records.getOrDefault(z.id(), List.of()).size())
        + "</HostedZone>";
  }

  private ResponseDefinition listRecords(String zoneId, Request request) {
    List<RecordStore.RecordSet> all = records.list(zoneId);
    String name = query(request, "name");
    String type = query(request, "type");
    String identifier = query(request, "identifier");
    if (type != null && name == null) {
      throw ApiError.invalidInput("type requires name");
    }
    List<RecordStore.RecordSet> from = new ArrayList<>();
    for (RecordStore.RecordSet r : all) {
      int byName =
          name == null ? 0 : RecordStore.sortKey(r.name()).compareTo(RecordStore.sortKey(name));
      int byType = type == null || byName != 0 ? byName : r.type().compareTo(type);
      int byId =
          identifier == null || byType != 0
              ? byType
              : Objects.requireNonNullElse(r.setIdentifier(), "").compareTo(identifier);
      if (byId >= 0) {
        from.add(r);
      }
    }
    int max = maxItems(request);
    StringBuilder out = new StringBuilder("<ResourceRecordSets>");
    from.stream().limit(max).forEach(r -> out.append(r.xml()));
    out.append("</ResourceRecordSets>");
    boolean truncated = from.size() > max;
    out.append(Xml.el("IsTruncated", truncated));
    if (truncated) {
      RecordStore.RecordSet next = from.get(max);
      out.append(Xml.el("NextRecordName", next.name()))
          .append(Xml.el("NextRecordType", next.type()))
          .append(Xml.el("NextRecordIdentifier", next.setIdentifier()));
    }
    out.append(Xml.el("MaxItems", max));
    return ok("ListResourceRecordSetsResponse", out.toString());
  }

  private ResponseDefinition listChecks(Request request) {
    List<HealthCheckStore.Check> all = new ArrayList<>(checks.checks.values());
    String marker = query(request, "marker");
    int start = 0;
    if (marker != null) {
      start = all.stream().map(c -> c.id).toList().indexOf(marker);
      if (start < 0) {
        throw new ApiError(400, "InvalidPaginationToken", "marker " + marker + " is not valid");
      }
    }
    int max = maxItems(request);
    StringBuilder out = new StringBuilder("<HealthChecks>");
    all.stream().skip(start).limit(max).forEach(c -> out.append(c.xml()));
    out.append("</HealthChecks>").append(Xml.el("Marker", marker == null ? "" : marker));
    boolean truncated = start + max < all.size();
    out.append(Xml.el("IsTruncated", truncated));
    if (truncated) {
      out.append(Xml.el("NextMarker", all.get(start + max).id));
    }
    out.append(Xml.el("MaxItems", max));
    return ok("ListHealthChecksResponse", out.toString());
  }

  private ResponseDefinition listTags(Element request) {
    List<Element> ids = Xml.children(Xml.child(request, "ResourceIds"), "ResourceId");
    if (ids.isEmpty() || ids.size() > 10) {
      throw ApiError.invalidInput("ResourceIds needs 1-10 ids, got " + ids.size());
    }
    StringBuilder out = new StringBuilder("<ResourceTagSets>");
    for (Element id : ids) {
      HealthCheckStore.Check check = checks.get(id.getTextContent().trim());
      out.append("<ResourceTagSet><ResourceType>healthcheck</ResourceType>")
          .append(Xml.el("ResourceId", check.id))
          .append("<Tags>");
      check.tags.forEach(
          (k, v) ->
              out.append("<Tag>")
                  .append(Xml.el("Key", k))
                  .append(Xml.el("Value", v))
                  .append("</Tag>"));
      out.append("</Tags></ResourceTagSet>");
    }
    return ok("ListTagsForResourcesResponse", out.append("</ResourceTagSets>").toString());
  }

  /** Answers as a failover pair does: the primary while healthy, else a healthy secondary. */
  private ResponseDefinition testAnswer(Request request) {
    String zoneId = query(request, "hostedzoneid");
    if (records.zone(zoneId).privateZone()) {
      // The API reference: "This call only supports querying public hosted zones." The exact
      // error Route 53 answers for a private zone is not documented; this one is assumed.
      throw ApiError.invalidInput("TestDNSAnswer only supports public hosted zones");
    }
    String name = RecordStore.absolute(Objects.requireNonNull(query(request, "recordname")));
    String type = query(request, "recordtype");
    List<RecordStore.RecordSet> sets =
        records.list(zoneId).stream()
            .filter(r -> r.name().equals(name) && r.type().equals(type))
            .toList();
    RecordStore.RecordSet answer =
        sets.stream()
            .filter(r -> "PRIMARY".equals(r.failover()) && healthy(r))
            .findFirst()
            .or(
                () ->
                    sets.stream()
                        .filter(r -> "SECONDARY".equals(r.failover()) && healthy(r))
                        .findFirst())
            .or(() -> sets.stream().filter(r -> "PRIMARY".equals(r.failover())).findFirst())
            .or(() -> sets.stream().findFirst())
            .orElse(null);
    StringBuilder data = new StringBuilder("<RecordData>");
    if (answer != null) {
      answer.values().forEach(v -> data.append(Xml.el("RecordDataEntry", v)));
    }
    data.append("</RecordData>");
    return ok(
        "TestDNSAnswerResponse",
        Xml.el("Nameserver", "ns-1.awsdns-01.org")
            + Xml.el("RecordName", name)
            + Xml.el("RecordType", type)
            + data
            + Xml.el("ResponseCode", answer == null ? "NXDOMAIN" : "NOERROR")
            + Xml.el("Protocol", "UDP"));
  }

  private boolean healthy(RecordStore.RecordSet r) {
    HealthCheckStore.Check check =
        r.healthCheckId() == null ? null : checks.checks.get(r.healthCheckId());
    return check == null || check.routesAsHealthy(checks.checks);
  }

  private static String changeInfo(String id, String status, String comment) {
    return "<ChangeInfo>"
        + Xml.el("Id", "/change/" + id)
        + Xml.el("Status", status)
        + Xml.el("SubmittedAt", "2026-11-25T12:00:00.000Z")
        + Xml.el("Comment", comment)
        + "</ChangeInfo>";
  }
}
