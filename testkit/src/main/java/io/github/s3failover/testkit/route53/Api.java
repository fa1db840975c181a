package io.github.s3failover.testkit.route53;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * Route 53's REST/XML API (version 2013-04-01), the part the provisioning module calls, over the
 * zones and health checks of a {@link Backend}: {@link LocalRoute53}'s engine (checkers that probe)
 * or {@link ScriptedRoute53} (health a test sets). Transport-free: a request in, a response out;
 * {@link ApiCalls} is its door. The caller holds the state's lock.
 */
final class Api {

  /**
   * One API request.
   *
   * @param path the decoded path after {@link ApiCalls#PREFIX}
   * @param query the decoded query parameters (the first value of each)
   */
  record Request(String method, String path, Map<String, String> query, String body) {}

  record Response(int status, String body, Map<String, String> headers) {}

  /** What the API needs from the server it belongs to. */
  interface Backend {
    Zones zones();

    HealthCheckStore checks();

    /** Starts probing a new check. */
    void created(HealthCheckStore.Check check);

    /** Restarts the probes of an updated check. */
    void updated(HealthCheckStore.Check check);

    /** Stops probing a deleted check. */
    void deleted(HealthCheckStore.Check check);

    /** A batch was applied: returns its change id, PENDING until it reaches the name servers. */
    String submitted(Zones.Zone zone);

    /** PENDING or INSYNC (a GetChange call), or null for an unknown id. */
    String changeStatus(String id);

    /** What the checkers report for a check now. */
    HealthCheckStatus status(HealthCheckStore.Check check);

    /** The values DNS answers for a name and type now, or null for none. */
    LocalRecord answer(String zoneId, String name, String type);
  }

  private static final Pattern HOSTED_ZONE = Pattern.compile("/hostedzone/([^/]+)(/rrset/?)?");
  private static final Pattern HEALTH_CHECK = Pattern.compile("/healthcheck/([^/]+)(/status)?");
  private static final Pattern TAGS = Pattern.compile("/tags/healthcheck(/([^/]+))?");
  private static final Pattern CHANGE = Pattern.compile("/change/([^/]+)");

  private final Backend state;

  Api(Backend state) {
    this.state = state;
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

  static Response xml(int status, String body) {
    return xml(status, body, null);
  }

  private static Response xml(int status, String body, String location) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/xml");
    headers.put("x-amzn-RequestId", UUID.randomUUID().toString());
    if (location != null) {
      headers.put("Location", location);
    }
    return new Response(status, body, Map.copyOf(headers));
  }

  private static Response ok(String root, String content) {
    return xml(200, Xml.document(root, content));
  }

  private static String group(Pattern pattern, String path, int group) {
    Matcher m = pattern.matcher(path);
    if (!m.matches()) {
      throw new IllegalStateException(path);
    }
    return m.group(group);
  }

  /** Answers one operation; throws {@link ApiError} for Route 53's errors. */
  Response handle(String operation, Request request) {
    String path = request.path();
    String body = request.body();
    return switch (operation) {
      case "ListHostedZonesByName" -> listZones(request);
      case "GetHostedZone" -> {
        Zones.Zone zone = state.zones().zone(group(HOSTED_ZONE, path, 1));
        yield ok(
            "GetHostedZoneResponse",
            zoneXml(zone)
                + "<DelegationSet><NameServers><NameServer>ns-1.local-route53.test</NameServer>"
                + "</NameServers></DelegationSet>");
      }
      case "ListResourceRecordSets" -> listRecords(group(HOSTED_ZONE, path, 1), request);
      case "ChangeResourceRecordSets" -> {
        String zoneId = group(HOSTED_ZONE, path, 1);
        Element batch =
            Xml.child(Xml.parse(body, "ChangeResourceRecordSetsRequest"), "ChangeBatch");
        if (batch == null) {
          throw ApiError.invalidInput("ChangeBatch is required");
        }
        state.zones().change(zoneId, batch, state.checks().checks::containsKey);
        String id = state.submitted(state.zones().zone(zoneId));
        yield ok(
            "ChangeResourceRecordSetsResponse",
            changeInfo(id, "PENDING", Xml.text(batch, "Comment")));
      }
      case "GetChange" -> {
        String id = group(CHANGE, path, 1);
        String status = state.changeStatus(id);
        if (status == null) {
          throw new ApiError(
              404, "NoSuchChange", "A change with the specified change ID does not exist.");
        }
        yield ok("GetChangeResponse", changeInfo(id, status, null));
      }
      case "CreateHealthCheck" -> {
        Map.Entry<HealthCheckStore.Check, Boolean> created =
            state.checks().create(Xml.parse(body, "CreateHealthCheckRequest"));
        HealthCheckStore.Check check = created.getKey();
        if (created.getValue()) {
          state.created(check);
        }
        yield xml(
            201,
            Xml.document("CreateHealthCheckResponse", check.xml()),
            "https://route53.amazonaws.com/2013-04-01/healthcheck/" + check.id);
      }
      case "ListHealthChecks" -> listChecks(request);
      case "GetHealthCheck" ->
          ok("GetHealthCheckResponse", state.checks().get(group(HEALTH_CHECK, path, 1)).xml());
      case "UpdateHealthCheck" -> {
        HealthCheckStore.Check check =
            state
                .checks()
                .update(group(HEALTH_CHECK, path, 1), Xml.parse(body, "UpdateHealthCheckRequest"));
        state.updated(check);
        yield ok("UpdateHealthCheckResponse", check.xml());
      }
      case "DeleteHealthCheck" -> {
        String id = group(HEALTH_CHECK, path, 1);
        state.deleted(state.checks().delete(id, state.zones().uses(id)));
        yield ok("DeleteHealthCheckResponse", "");
      }
      case "GetHealthCheckStatus" ->
          ok(
              "GetHealthCheckStatusResponse",
              HealthCheckStore.statusXml(
                  state.status(state.checks().get(group(HEALTH_CHECK, path, 1)))));
      case "ListTagsForResources" -> listTags(Xml.parse(body, "ListTagsForResourcesRequest"));
      case "ChangeTagsForResource" -> {
        Element root = Xml.parse(body, "ChangeTagsForResourceRequest");
        HealthCheckStore.Check check = state.checks().get(group(TAGS, path, 2));
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

  private static int maxItems(Request request) {
    String max = request.query().get("maxitems");
    return max == null ? 100 : Integer.parseInt(max);
  }

  private Response listZones(Request request) {
    String dnsName = request.query().get("dnsname");
    StringBuilder zones = new StringBuilder("<HostedZones>");
    state.zones().zones.values().stream()
        .filter(
            z -> dnsName == null || Zones.sortKey(z.name).compareTo(Zones.sortKey(dnsName)) >= 0)
        .sorted((a, b) -> Zones.sortKey(a.name).compareTo(Zones.sortKey(b.name)))
        .limit(maxItems(request))
        .forEach(z -> zones.append(zoneXml(z)));
    zones.append("</HostedZones>");
    return ok(
        "ListHostedZonesByNameResponse",
        zones
            + Xml.el("DNSName", dnsName == null ? null : LocalRecord.absolute(dnsName))
            + "<IsTruncated>false</IsTruncated>"
            + Xml.el("MaxItems", maxItems(request)));
  }

  private static String zoneXml(Zones.Zone z) {
    return "<HostedZone>"
        + Xml.el("Id", "/hostedzone/" + z.id)
        + Xml.el("Name", z.name)
        + Xml.el("CallerReference", "zone-" + z.id)
        + "<Config><PrivateZone>"
        + z.privateZone
        + "</PrivateZone></Config>"
        + Xml.el("ResourceRecordSetCount", z.records.size())
        + "</HostedZone>";
  }

  private Response listRecords(String zoneId, Request request) {
    List<LocalRecord> all = state.zones().list(zoneId);
    String name = request.query().get("name");
    String type = request.query().get("type");
    String identifier = request.query().get("identifier");
    if (type != null && name == null) {
      throw ApiError.invalidInput("type requires name");
    }
    List<LocalRecord> from = new ArrayList<>();
    for (LocalRecord r : all) {
      int byName = name == null ? 0 : Zones.sortKey(r.name()).compareTo(Zones.sortKey(name));
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
      LocalRecord next = from.get(max);
      out.append(Xml.el("NextRecordName", next.name()))
          .append(Xml.el("NextRecordType", next.type()))
          .append(Xml.el("NextRecordIdentifier", next.setIdentifier()));
    }
    out.append(Xml.el("MaxItems", max));
    return ok("ListResourceRecordSetsResponse", out.toString());
  }

  private Response listChecks(Request request) {
    List<HealthCheckStore.Check> all = new ArrayList<>(state.checks().checks.values());
    String marker = request.query().get("marker");
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

  private Response listTags(Element request) {
    List<Element> ids = Xml.children(Xml.child(request, "ResourceIds"), "ResourceId");
    if (ids.isEmpty() || ids.size() > 10) {
      throw ApiError.invalidInput("ResourceIds needs 1-10 ids, got " + ids.size());
    }
    StringBuilder out = new StringBuilder("<ResourceTagSets>");
    for (Element id : ids) {
      HealthCheckStore.Check check = state.checks().get(id.getTextContent().trim());
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

  /** Answers with what the name servers answer now: the same choice the DNS server serves. */
  private Response testAnswer(Request request) {
    String zoneId = request.query().get("hostedzoneid");
    if (state.zones().zone(zoneId).privateZone) {
      // The API reference: "This call only supports querying public hosted zones." The exact
      // error Route 53 answers for a private zone is not documented; this one is assumed.
      throw ApiError.invalidInput("TestDNSAnswer only supports public hosted zones");
    }
    String recordName = request.query().get("recordname");
    String type = request.query().get("recordtype");
    if (recordName == null || type == null) {
      throw ApiError.invalidInput("recordname and recordtype are required");
    }
    String name = LocalRecord.absolute(recordName);
    LocalRecord answer = state.answer(zoneId, name, type);
    StringBuilder data = new StringBuilder("<RecordData>");
    if (answer != null) {
      answer.values().forEach(v -> data.append(Xml.el("RecordDataEntry", v)));
    }
    data.append("</RecordData>");
    return ok(
        "TestDNSAnswerResponse",
        Xml.el("Nameserver", "ns-1.local-route53.test")
            + Xml.el("RecordName", name)
            + Xml.el("RecordType", type)
            + data
            + Xml.el("ResponseCode", answer == null ? "NXDOMAIN" : "NOERROR")
            + Xml.el("Protocol", "UDP"));
  }

  private static String changeInfo(String id, String status, String comment) {
    return "<ChangeInfo>"
        + Xml.el("Id", "/change/" + id)
        + Xml.el("Status", status)
        + Xml.el(
            "SubmittedAt",
            java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
        + Xml.el("Comment", comment)
        + "</ChangeInfo>";
  }
}
