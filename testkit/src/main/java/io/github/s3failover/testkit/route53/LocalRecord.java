package io.github.s3failover.testkit.route53;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A resource record set as {@link LocalRoute53} holds it.
 *
 * @param name the owner name, absolute and lower case (trailing dot)
 * @param type the record type, e.g. {@code CNAME}
 * @param setIdentifier the set identifier, or null for a simple record
 * @param failover {@code PRIMARY}, {@code SECONDARY} or null
 * @param ttl the TTL in seconds, or null
 * @param values the values, in the order given
 * @param healthCheckId the health check id, or null
 */
public record LocalRecord(
    String name,
    String type,
    String setIdentifier,
    String failover,
    Long ttl,
    List<String> values,
    String healthCheckId) {

  /** Makes the name absolute and lower case, and the values an immutable copy. */
  public LocalRecord {
    name = absolute(Objects.requireNonNull(name, "name"));
    Objects.requireNonNull(type, "type");
    values = List.copyOf(values);
  }

  /**
   * One half of a failover pair of CNAME records.
   *
   * @param name the record name
   * @param role {@code PRIMARY} or {@code SECONDARY}
   * @param target the host name the CNAME points at
   * @param ttl the TTL, seconds
   * @param healthCheckId the health check that decides, or null for none (always healthy)
   * @return the record set, with the role in lower case as its set identifier
   */
  public static LocalRecord failoverCname(
      String name, String role, String target, long ttl, String healthCheckId) {
    return new LocalRecord(
        name, "CNAME", role.toLowerCase(Locale.ROOT), role, ttl, List.of(target), healthCheckId);
  }

  /**
   * A name in Route 53's form: lower case, with the trailing dot.
   *
   * @param name a DNS name, with or without the trailing dot
   * @return the absolute lower-case name
   */
  public static String absolute(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n : n + ".";
  }

  /** Same name, type and set identifier: the key Route 53 identifies a record set by. */
  boolean sameSet(LocalRecord o) {
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

  String xml() {
    StringBuilder v = new StringBuilder();
    values.forEach(
        value ->
            v.append("<ResourceRecord>")
                .append(Xml.el("Value", value))
                .append("</ResourceRecord>"));
    return "<ResourceRecordSet>"
        + Xml.el("Name", name)
        + Xml.el("Type", type)
        + Xml.el("SetIdentifier", setIdentifier)
        + Xml.el("Failover", failover)
        + Xml.el("TTL", ttl)
        + "<ResourceRecords>"
        + v
        + "</ResourceRecords>"
        + Xml.el("HealthCheckId", healthCheckId)
        + "</ResourceRecordSet>";
  }
}
