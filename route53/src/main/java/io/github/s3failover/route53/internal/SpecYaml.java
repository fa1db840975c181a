package io.github.s3failover.route53.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.s3failover.route53.FailoverRole;
import io.github.s3failover.route53.FailoverSpec;
import io.github.s3failover.route53.HealthCheckSpec;
import io.github.s3failover.route53.HealthCheckType;
import io.github.s3failover.route53.RegionSpec;
import io.github.s3failover.route53.SpecException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Reads a {@link FailoverSpec} from YAML. It walks the tree by hand rather than binding it, so that
 * every problem (unknown field, wrong type, bad value) is reported with its path in the file and
 * all of them at once.
 */
public final class SpecYaml {

  private static final YAMLMapper MAPPER = new YAMLMapper();
  private static final List<String> TOP = List.of("hostedZone", "recordName", "ttl", "regions");
  private static final List<String> REGION =
      List.of(
          "priority",
          "awsRegion",
          "bucket",
          "endpoint",
          "s3Endpoint",
          "setIdentifier",
          "healthCheck");
  private static final List<String> CHECK =
      List.of(
          "type",
          "port",
          "healthObjectKey",
          "requestInterval",
          "failureThreshold",
          "checkerRegions",
          "measureLatency",
          "alarmName",
          "alarmRegion",
          "insufficientDataHealthStatus");

  private final List<String> problems = new ArrayList<>();
  private boolean regionFailed;

  private SpecYaml() {}

  /**
   * Parses and validates a spec.
   *
   * @param yaml the YAML document
   * @return the spec
   * @throws SpecException listing every problem, each with its field path
   */
  public static FailoverSpec parse(String yaml) {
    JsonNode root;
    try {
      root = MAPPER.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new SpecException("(file)", "not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new SpecException("(file)", "expected a mapping with keys " + TOP);
    }
    return new SpecYaml().read(root);
  }

  private FailoverSpec read(JsonNode root) {
    unknownFields(root, "", TOP);
    FailoverSpec.Builder spec =
        FailoverSpec.builder()
            .hostedZone(text(root, "hostedZone", ""))
            .recordName(text(root, "recordName", ""));
    Long ttl = integer(root, "ttl", "");
    if (ttl != null) {
      spec.ttl(ttl);
    }
    JsonNode regions = root.get("regions");
    if (regions == null || !regions.isArray() || regions.size() != 2) {
      regionFailed = true;
      problems.add(
          "regions: expected a list of exactly 2 regions, one with priority primary and one"
              + " with priority secondary");
    } else {
      List<FailoverRole> seen = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String path = "regions[" + i + "].";
        RegionSpec region = region(regions.get(i), path);
        if (region == null) {
          regionFailed = true;
        } else if (seen.contains(region.role())) {
          problems.add(
              path
                  + "priority: "
                  + region.role().specName()
                  + " is used twice; one region must be primary and the other secondary");
          regionFailed = true;
        } else {
          seen.add(region.role());
          if (region.role() == FailoverRole.PRIMARY) {
            spec.primary(region);
          } else {
            spec.secondary(region);
          }
        }
      }
    }
    FailoverSpec built = null;
    try {
      built = spec.build();
    } catch (SpecException e) {
      // A region that failed has already said why; "is required" for it would only add noise.
      e.problems().stream()
          .filter(p -> !(regionFailed && p.startsWith("regions")))
          .forEach(problems::add);
    }
    if (!problems.isEmpty()) {
      throw new SpecException(problems);
    }
    return built;
  }

  private RegionSpec region(JsonNode node, String path) {
    if (!node.isObject()) {
      problems.add(path.substring(0, path.length() - 1) + ": expected a mapping");
      return null;
    }
    unknownFields(node, path, REGION);
    String priority = text(node, "priority", path);
    FailoverRole role = null;
    if (priority == null) {
      problems.add(path + "priority: is required; allowed: primary, secondary");
    } else {
      try {
        role = FailoverRole.valueOf(priority.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(
            path + "priority: '" + priority + "' is not allowed; allowed: primary, secondary");
      }
    }
    RegionSpec.Builder region =
        RegionSpec.builder(role)
            .awsRegion(text(node, "awsRegion", path))
            .bucket(text(node, "bucket", path))
            .endpoint(text(node, "endpoint", path))
            .setIdentifier(text(node, "setIdentifier", path));
    String s3Endpoint = text(node, "s3Endpoint", path);
    if (s3Endpoint != null) {
      try {
        region.s3Endpoint(URI.create(s3Endpoint));
      } catch (IllegalArgumentException e) {
        problems.add(path + "s3Endpoint: '" + s3Endpoint + "' is not a URL");
      }
    }
    JsonNode check = node.get("healthCheck");
    boolean checkFailed = false;
    if (check != null) {
      HealthCheckSpec spec = healthCheck(check, path + "healthCheck.");
      checkFailed = spec == null;
      region.healthCheck(spec);
    }
    // Build even when the health check failed, so the region's own fields are reported too.
    RegionSpec built = role == null ? null : attempt(region::build, path);
    return checkFailed ? null : built;
  }

  private HealthCheckSpec healthCheck(JsonNode node, String path) {
    if (!node.isObject()) {
      problems.add(path.substring(0, path.length() - 1) + ": expected a mapping");
      return null;
    }
    unknownFields(node, path, CHECK);
    HealthCheckSpec.Builder check = HealthCheckSpec.builder();
    String type = text(node, "type", path);
    if (type != null) {
      try {
        check.type(HealthCheckType.valueOf(type.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        problems.add(
            path
                + "type: '"
                + type
                + "' is not allowed; allowed: "
                + Arrays.toString(HealthCheckType.values()));
      }
    }
    Long port = integer(node, "port", path);
    if (port != null) {
      check.port(port.intValue());
    }
    String key = text(node, "healthObjectKey", path);
    if (key != null) {
      check.healthObjectKey(key);
    }
    Long interval = integer(node, "requestInterval", path);
    if (interval != null) {
      check.requestInterval(interval.intValue());
    }
    Long threshold = integer(node, "failureThreshold", path);
    if (threshold != null) {
      check.failureThreshold(threshold.intValue());
    }
    JsonNode regions = node.get("checkerRegions");
    if (regions != null) {
      if (!regions.isArray()) {
        problems.add(path + "checkerRegions: expected a list, e.g. [us-east-1, eu-west-1, ...]");
      } else {
        List<String> names = new ArrayList<>();
        regions.forEach(r -> names.add(r.asText()));
        check.checkerRegions(names);
      }
    }
    JsonNode latency = node.get("measureLatency");
    if (latency != null) {
      if (latency.isBoolean()) {
        check.measureLatency(latency.booleanValue());
      } else {
        problems.add(path + "measureLatency: '" + latency.asText() + "' is not true or false");
      }
    }
    String alarmName = text(node, "alarmName", path);
    String alarmRegion = text(node, "alarmRegion", path);
    if (alarmName != null || alarmRegion != null) {
      check.alarm(alarmName, alarmRegion);
    }
    String insufficient = text(node, "insufficientDataHealthStatus", path);
    if (insufficient != null) {
      HealthCheckSpec.InsufficientData status =
          Arrays.stream(HealthCheckSpec.InsufficientData.values())
              .filter(v -> v.apiName().equalsIgnoreCase(insufficient))
              .findFirst()
              .orElse(null);
      if (status == null) {
        problems.add(
            path
                + "insufficientDataHealthStatus: '"
                + insufficient
                + "' is not allowed; allowed: Healthy, Unhealthy, LastKnownStatus");
      } else {
        check.insufficientData(status);
      }
    }
    return attempt(check::build, path);
  }

  private <T> T attempt(Supplier<T> build, String path) {
    try {
      return build.get();
    } catch (SpecException e) {
      e.problems().forEach(p -> problems.add(path + p));
      return null;
    }
  }

  private void unknownFields(JsonNode node, String path, List<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(path + name + ": unknown field; allowed: " + known);
      }
    }
  }

  private String text(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      problems.add(path + field + ": expected a single value");
      return null;
    }
    return value.asText();
  }

  private Long integer(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber()) {
      problems.add(path + field + ": '" + value.asText() + "' is not a whole number");
      return null;
    }
    return value.longValue();
  }
}
