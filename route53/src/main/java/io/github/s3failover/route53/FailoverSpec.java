package io.github.s3failover.route53;

import io.github.s3failover.route53.internal.SpecRules;
import io.github.s3failover.route53.internal.SpecYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What to provision in Route 53: a pair of failover CNAME records at {@code recordName} in a hosted
 * zone, each pointing at one region's bucket endpoint and following that region's health check.
 * Read from YAML with {@link #fromYaml(Path)} (the format is in the module README) or built with
 * {@link #builder()}.
 *
 * @param hostedZone the hosted zone: an id ({@code Z...}) or a name ({@code example.com})
 * @param recordName the failover record's name, inside the zone and not its apex (a CNAME cannot
 *     sit at the apex); lower case, without a trailing dot
 * @param ttl the records' TTL in seconds, 1-60
 * @param primary the region answered while it is healthy
 * @param secondary the region answered while the primary is not
 */
public record FailoverSpec(
    String hostedZone, String recordName, long ttl, RegionSpec primary, RegionSpec secondary) {

  /**
   * TTL unless the spec says otherwise: 30 s. Route 53 recommends 60 s or less with health checks;
   * every second of TTL adds to the time clients keep using a region Route 53 has withdrawn.
   */
  public static final long DEFAULT_TTL = 30;

  /** The largest TTL accepted: Route 53's recommended ceiling for records with health checks. */
  public static final long MAX_TTL = 60;

  // Checks every field and reports every problem at once.
  public FailoverSpec {
    SpecRules rules = new SpecRules();
    hostedZone = hostedZone == null ? null : hostedZone.trim();
    recordName = SpecRules.normalizeName(recordName);
    if (rules.present(hostedZone, "hostedZone") && !SpecRules.isZoneId(hostedZone)) {
      hostedZone = SpecRules.normalizeName(hostedZone);
      rules.require(
          SpecRules.isHostName(hostedZone),
          "hostedZone",
          "'" + hostedZone + "' is neither a hosted zone id (Z...) nor a domain name");
    }
    if (rules.present(recordName, "recordName")) {
      if (rules.require(
              SpecRules.isHostName(recordName),
              "recordName",
              "'" + recordName + "' is not a DNS name; expected e.g. s3.example.com")
          && hostedZone != null
          && !SpecRules.isZoneId(hostedZone)) {
        rules.require(
            !recordName.equals(hostedZone),
            "recordName",
            "'"
                + recordName
                + "' is the zone apex; a CNAME cannot sit at the apex, use a name below it such as"
                + " s3."
                + hostedZone);
        rules.require(
            recordName.equals(hostedZone) || recordName.endsWith("." + hostedZone),
            "recordName",
            "'" + recordName + "' is not inside the hosted zone '" + hostedZone + "'");
      }
    }
    rules.require(
        ttl >= 1 && ttl <= MAX_TTL,
        "ttl",
        ttl
            + " is not allowed; allowed: 1-"
            + MAX_TTL
            + " seconds (Route 53 recommends <= 60 with health checks)");
    if (rules.present(primary, "regions (priority: primary)")) {
      rules.require(
          primary.role() == FailoverRole.PRIMARY, "primary", "must have priority primary");
    }
    if (rules.present(secondary, "regions (priority: secondary)")) {
      rules.require(
          secondary.role() == FailoverRole.SECONDARY, "secondary", "must have priority secondary");
    }
    if (primary != null && secondary != null) {
      rules.require(
          !primary.endpoint().equals(secondary.endpoint()),
          "regions",
          "both regions point at " + primary.endpoint() + "; each needs its own endpoint");
      rules.require(
          !primary.setIdentifier().equals(secondary.setIdentifier()),
          "regions",
          "both regions use setIdentifier " + primary.setIdentifier() + "; each needs its own");
    }
    rules.throwIfAny();
  }

  /**
   * Reads a spec from a YAML file.
   *
   * @param file the file
   * @return the spec
   * @throws SpecException naming every bad field with its allowed values
   * @throws UncheckedIOException if the file cannot be read
   */
  public static FailoverSpec fromYaml(Path file) {
    try {
      return parseYaml(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spec " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a spec from YAML text.
   *
   * @param yaml the document
   * @return the spec
   * @throws SpecException naming every bad field with its allowed values
   */
  public static FailoverSpec parseYaml(String yaml) {
    return SpecYaml.parse(yaml);
  }

  /**
   * Both regions, primary first.
   *
   * @return the regions
   */
  public List<RegionSpec> regions() {
    return List.of(primary, secondary);
  }

  /**
   * The region of a role.
   *
   * @param role PRIMARY or SECONDARY
   * @return that region
   */
  public RegionSpec region(FailoverRole role) {
    return role == FailoverRole.PRIMARY ? primary : secondary;
  }

  /**
   * The two records this spec asks for, without health check ids (those exist only after {@code
   * apply}; see {@link Provisioner#apply()}). A DNS test can serve these values as they are.
   *
   * @return PRIMARY then SECONDARY
   */
  public List<FailoverRecord> records() {
    return regions().stream()
        .map(
            r ->
                new FailoverRecord(
                    recordName,
                    FailoverRecord.CNAME,
                    r.setIdentifier(),
                    r.role(),
                    ttl,
                    r.endpoint(),
                    Optional.empty()))
        .toList();
  }

  /**
   * A builder; the TTL defaults to {@value #DEFAULT_TTL} s.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link FailoverSpec}; the record's constructor validates on {@link #build()}. */
  public static final class Builder {
    private String hostedZone;
    private String recordName;
    private long ttl = DEFAULT_TTL;
    private RegionSpec primary;
    private RegionSpec secondary;

    private Builder() {}

    /**
     * Sets the hosted zone.
     *
     * @param hostedZone an id ({@code Z...}) or a name
     * @return this builder
     */
    public Builder hostedZone(String hostedZone) {
      this.hostedZone = hostedZone;
      return this;
    }

    /**
     * Sets the record name.
     *
     * @param recordName a name inside the zone, not its apex
     * @return this builder
     */
    public Builder recordName(String recordName) {
      this.recordName = recordName;
      return this;
    }

    /**
     * Sets the TTL.
     *
     * @param seconds 1-60
     * @return this builder
     */
    public Builder ttl(long seconds) {
      this.ttl = seconds;
      return this;
    }

    /**
     * Sets the primary region.
     *
     * @param primary a region with role PRIMARY
     * @return this builder
     */
    public Builder primary(RegionSpec primary) {
      this.primary = primary;
      return this;
    }

    /**
     * Sets the secondary region.
     *
     * @param secondary a region with role SECONDARY
     * @return this builder
     */
    public Builder secondary(RegionSpec secondary) {
      this.secondary = secondary;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     * @throws SpecException naming every bad field
     */
    public FailoverSpec build() {
      return new FailoverSpec(hostedZone, recordName, ttl, primary, secondary);
    }
  }
}
