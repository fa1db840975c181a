package io.github.s3failover.route53.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.s3failover.route53.ProvisioningException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A bucket policy statement that lets Route 53's health checkers, and no one else without
 * credentials, read one object: Allow s3:GetObject on {@code BUCKET/KEY} to Principal * under an
 * aws:SourceIp condition listing the ranges AWS publishes in ip-ranges.json under service
 * ROUTE53_HEALTHCHECKS. S3 does not count a policy that "limits access to a set of CIDRs using
 * aws:SourceIp" as public (Amazon S3 User Guide, "The meaning of public"; the
 * PublicAccessBlockConfiguration reference), so Block Public Access can stay on. Pure.
 */
public final class CheckerPolicy {

  /** The statement id that marks our statement in a bucket policy. */
  public static final String SID = "S3FailoverRoute53HealthCheckers";

  /** The ip-ranges.json service name of Route 53's health checkers. */
  public static final String SERVICE = "ROUTE53_HEALTHCHECKS";

  private static final ObjectMapper JSON = new ObjectMapper();

  private CheckerPolicy() {}

  /**
   * The health-checker ranges in an ip-ranges.json file, IPv4 then IPv6, without duplicates.
   *
   * @param ipRanges the file, as downloaded from AWS
   * @return the CIDRs
   * @throws ProvisioningException if the file cannot be read or has no such ranges
   */
  public static List<String> ranges(Path ipRanges) {
    JsonNode root;
    try {
      root = JSON.readTree(ipRanges.toFile());
    } catch (IOException e) {
      throw new ProvisioningException(
          ipRanges + " is not a readable ip-ranges.json: " + e.getMessage(), e);
    }
    Set<String> cidrs = new LinkedHashSet<>();
    collect(root.path("prefixes"), "ip_prefix", cidrs);
    collect(root.path("ipv6_prefixes"), "ipv6_prefix", cidrs);
    if (cidrs.isEmpty()) {
      throw new ProvisioningException(
          ipRanges
              + " lists no "
              + SERVICE
              + " ranges: download the current ip-ranges.json from AWS (see the README) and pass"
              + " that file");
    }
    return List.copyOf(cidrs);
  }

  private static void collect(JsonNode prefixes, String field, Set<String> into) {
    for (JsonNode p : prefixes) {
      if (SERVICE.equals(p.path("service").asText()) && p.hasNonNull(field)) {
        into.add(p.get(field).asText());
      }
    }
  }

  /**
   * Our statement.
   *
   * @param bucket the bucket
   * @param key the health object's key
   * @param cidrs the checker ranges
   * @return the statement
   */
  public static ObjectNode statement(String bucket, String key, List<String> cidrs) {
    ObjectNode statement = JSON.createObjectNode();
    statement.put("Sid", SID);
    statement.put("Effect", "Allow");
    statement.put("Principal", "*");
    statement.put("Action", "s3:GetObject");
    statement.put("Resource", "arn:aws:s3:::" + bucket + "/" + key);
    ArrayNode ips =
        statement.putObject("Condition").putObject("IpAddress").putArray("aws:SourceIp");
    cidrs.forEach(ips::add);
    return statement;
  }

  /**
   * A bucket policy with our statement added, or replaced where it exists, and every other
   * statement kept (PutBucketPolicy replaces the whole policy).
   *
   * @param existing the current policy JSON, or null when the bucket has none
   * @param statement our statement
   * @return the policy JSON to put
   */
  public static String merged(String existing, ObjectNode statement) {
    ObjectNode policy;
    try {
      policy =
          existing == null || existing.isBlank()
              ? JSON.createObjectNode().put("Version", "2012-10-17")
              : (ObjectNode) JSON.readTree(existing);
    } catch (IOException | ClassCastException e) {
      throw new ProvisioningException("the bucket's current policy is not a JSON object", e);
    }
    List<JsonNode> kept = new ArrayList<>();
    JsonNode statements = policy.path("Statement");
    if (statements.isObject()) {
      kept.add(statements);
    } else {
      statements.forEach(kept::add);
    }
    kept.removeIf(s -> SID.equals(s.path("Sid").asText()));
    kept.add(statement);
    ArrayNode out = policy.putArray("Statement");
    kept.forEach(out::add);
    return policy.toString();
  }
}
