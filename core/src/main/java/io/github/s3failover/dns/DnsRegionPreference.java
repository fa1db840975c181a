package io.github.s3failover.dns;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.PreferenceContext;
import io.github.s3failover.RegionPreference;
import io.github.s3failover.dns.internal.DnsAnswerParser;
import io.github.s3failover.dns.internal.DnsLookup;
import io.github.s3failover.dns.internal.DnsRefresher;
import io.github.s3failover.dns.internal.DnsSettings;
import io.github.s3failover.dns.internal.Resolvers;
import io.github.s3failover.internal.Durations;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Type;

/**
 * A {@link RegionPreference} that follows a DNS name, typically a Route 53 failover record such as
 * {@code app.example.com}: the region its answer names is the preferred one.
 *
 * <p>How an answer names a region, checked along the CNAME chain from the name:
 *
 * <ul>
 *   <li>a CNAME target (or any name in the chain) equal to one of a region's {@link
 *       FailoverRegion#hostNames()}, compared case-insensitively without the trailing dot; this is
 *       what the provisioning module writes (failover CNAMEs to the regional bucket endpoints);
 *   <li>a TXT string {@code region=<id>} naming a configured region id (query type {@code TXT});
 *   <li>opt-in, {@link Builder#matchAddresses(boolean)}: an A or AAAA address given for a region
 *       with {@link Builder#addresses(String, String...)}. Addresses are a weak signal: S3
 *       endpoints resolve to many, changing addresses shared by many buckets, so this suits private
 *       endpoints with fixed addresses, not public S3 endpoints.
 * </ul>
 *
 * <p>An answer that names no configured region, or two at once, is ignored and reported by a {@code
 * DnsAnswerIgnoredEvent}: DNS may only choose among the regions the application configured.
 *
 * <p>The name is resolved by dnsjava, straight against the configured servers (or the system's), so
 * neither the JVM's address cache nor a shared dnsjava cache hides a change. The first lookup
 * happens in {@link #start(PreferenceContext)}, waiting at most the start timeout; later ones run
 * on one daemon thread when the answer's TTL (the lowest TTL of the records used, clamped to
 * [minTtl, maxTtl]) runs out. {@link #preferredRegion()} only reads a volatile field.
 *
 * <p>When a lookup fails (timeout, SERVFAIL, NXDOMAIN, empty or unreadable answer), the last good
 * answer is kept until it is older than its TTL plus the stale time, then the preference answers
 * empty (priority order) until DNS answers again. Failures are retried with a back-off from minTtl
 * up to maxTtl, logged at WARN and reported by {@code DnsFailureEvent}.
 *
 * <p>One instance serves one client: it is started by that client's {@code build()} and stopped by
 * its {@code close()}.
 */
public final class DnsRegionPreference implements RegionPreference {
  /** Shortest time between two lookups, whatever the TTL says: 1 s (a TTL of 0 is common). */
  public static final Duration DEFAULT_MIN_TTL = Duration.ofSeconds(1);

  /** Longest time an answer is used before asking again: 60 s, Route 53's advice with checks. */
  public static final Duration DEFAULT_MAX_TTL = Duration.ofSeconds(60);

  /** How long the last good answer outlives its TTL while lookups fail: 5 minutes. */
  public static final Duration DEFAULT_STALE_TIME = Duration.ofMinutes(5);

  /** How long {@code start} waits for the first answer: 2 s. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(2);

  /** How long one query waits for its answer: 2 s. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(2);

  /** The record type asked for by default. */
  public static final String DEFAULT_QUERY_TYPE = "A";

  private static final Set<String> QUERY_TYPES = Set.of("A", "AAAA", "CNAME", "TXT");

  private final Builder settings;
  private final Name name;
  private volatile DnsRefresher refresher;

  private DnsRegionPreference(Builder b) {
    this.settings = b.copy();
    this.name = b.parsedName;
  }

  /**
   * Starts a preference that follows the given name.
   *
   * @param name a DNS name, for example {@code app.example.com} (taken as absolute)
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public Optional<String> preferredRegion() {
    DnsRefresher r = refresher;
    return r == null ? Optional.empty() : r.preferred();
  }

  /**
   * True once the last good answer has outlived its TTL plus the stale time, until DNS answers
   * again: writes under {@code PRIMARY_ONLY} then fail fast rather than follow the priority order.
   */
  @Override
  public boolean answerLost() {
    DnsRefresher r = refresher;
    return r != null && r.answerLost();
  }

  /**
   * Returns how long ago the DNS answer in use arrived, for health checks: a refresh that brings
   * the same answer counts as new, so an age well above the record's TTL means lookups fail.
   *
   * @return the age, or empty before the first answer and after a stale answer was given up
   */
  public Optional<Duration> answerAge() {
    DnsRefresher r = refresher;
    return r == null ? Optional.empty() : r.answerAge();
  }

  @Override
  public synchronized void start(PreferenceContext context) {
    if (refresher != null) {
      throw new IllegalStateException(this + " is already started; build one per client");
    }
    Map<String, String> byHost = new LinkedHashMap<>();
    for (FailoverRegion region : context.regions()) {
      for (String host : region.hostNames()) {
        String other = byHost.putIfAbsent(host, region.id());
        if (other != null && !other.equals(region.id())) {
          throw new IllegalArgumentException(
              "host name '"
                  + host
                  + "' is given to regions '"
                  + other
                  + "' and '"
                  + region.id()
                  + "'; a DNS answer must identify one region");
        }
      }
    }
    Map<InetAddress, String> byAddress = new LinkedHashMap<>();
    settings.addresses.forEach(
        (regionId, addresses) -> {
          context.requireRegion(regionId, "DnsRegionPreference.addresses(regionId, ...)");
          addresses.forEach(a -> byAddress.put(a, regionId));
        });
    if (!settings.matchAddresses) {
      byAddress.clear();
    }
    if (byHost.isEmpty() && byAddress.isEmpty() && !settings.queryType.equals("TXT")) {
      throw new IllegalArgumentException(
          "DnsRegionPreference("
              + name
              + "): no region has hostNames(...), so no "
              + settings.queryType
              + " answer could name one; add the host names the record points at to each"
              + " FailoverRegion, or use queryType(\"TXT\") with region=<id> records");
    }
    Set<String> ids =
        context.regions().stream().map(FailoverRegion::id).collect(Collectors.toSet());
    Resolver resolver =
        Resolvers.create(settings.servers, settings.queryTimeout, settings.trustAnchors);
    DnsLookup lookup =
        new DnsLookup(
            resolver,
            name,
            Type.value(settings.queryType),
            new DnsAnswerParser(byHost, ids, byAddress),
            settings.trustAnchors != null,
            Resolvers.lookupBudget(settings.servers, settings.queryTimeout));
    DnsRefresher r =
        new DnsRefresher(lookup, context, settings.minTtl, settings.maxTtl, settings.staleTime);
    refresher = r;
    r.start(settings.startTimeout);
  }

  @Override
  public void close() {
    DnsRefresher r = refresher;
    if (r != null) {
      r.close();
    }
  }

  @Override
  public String toString() {
    return "DnsRegionPreference[" + DnsAnswerParser.host(name) + " " + settings.queryType + "]";
  }

  /** Builds a {@link DnsRegionPreference}. Every setter validates its argument. */
  public static final class Builder {
    private final String rawName;
    private final Name parsedName;
    private List<InetSocketAddress> servers = List.of();
    private String queryType = DEFAULT_QUERY_TYPE;
    private Duration minTtl = DEFAULT_MIN_TTL;
    private Duration maxTtl = DEFAULT_MAX_TTL;
    private Duration staleTime = DEFAULT_STALE_TIME;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
    private boolean matchAddresses;
    private Map<String, List<InetAddress>> addresses = new LinkedHashMap<>();
    private String trustAnchors;

    private Builder(String name) {
      this.rawName = name;
      this.parsedName = DnsSettings.parseName(name);
    }

    private Builder copy() {
      Builder b = new Builder(rawName);
      b.servers = servers;
      b.queryType = queryType;
      b.minTtl = minTtl;
      b.maxTtl = maxTtl;
      b.staleTime = staleTime;
      b.startTimeout = startTimeout;
      b.queryTimeout = queryTimeout;
      b.matchAddresses = matchAddresses;
      b.addresses = Map.copyOf(addresses);
      b.trustAnchors = trustAnchors;
      return b;
    }

    /**
     * Sets the DNS servers to ask, instead of the system's; several are tried in turn.
     *
     * @param hostPorts IP literals with an optional port, for example {@code 10.0.0.2}, {@code
     *     127.0.0.1:5353} or {@code [::1]:53} (host names are refused: resolving them would need
     *     DNS)
     * @return this builder
     */
    public Builder servers(String... hostPorts) {
      this.servers = DnsSettings.parseServers(hostPorts);
      return this;
    }

    /**
     * Sets the record type asked for: {@code A} (default; a recursive resolver returns the whole
     * CNAME chain), {@code AAAA}, {@code CNAME} or {@code TXT}.
     *
     * @param type the type's mnemonic
     * @return this builder
     */
    public Builder queryType(String type) {
      String t = type == null ? "" : type.trim().toUpperCase(Locale.ROOT);
      if (!QUERY_TYPES.contains(t)) {
        throw new IllegalArgumentException(
            "queryType is '" + type + "'; use one of " + new TreeSet<>(QUERY_TYPES));
      }
      this.queryType = t;
      return this;
    }

    /**
     * Sets the shortest time between two lookups; a shorter TTL is raised to it. Default {@link
     * #DEFAULT_MIN_TTL}.
     *
     * @param minTtl more than zero
     * @return this builder
     */
    public Builder minTtl(Duration minTtl) {
      this.minTtl = Durations.positive(minTtl, "minTtl");
      return this;
    }

    /**
     * Sets the longest time an answer is used before asking again; a longer TTL is lowered to it.
     * Default {@link #DEFAULT_MAX_TTL}.
     *
     * @param maxTtl more than zero, at least minTtl
     * @return this builder
     */
    public Builder maxTtl(Duration maxTtl) {
      this.maxTtl = Durations.positive(maxTtl, "maxTtl");
      return this;
    }

    /**
     * Sets how long the last good answer is still used after its TTL ran out while lookups fail.
     * Default {@link #DEFAULT_STALE_TIME}.
     *
     * @param staleTime zero or more
     * @return this builder
     */
    public Builder staleTime(Duration staleTime) {
      this.staleTime = Durations.nonNegative(staleTime, "staleTime");
      return this;
    }

    /**
     * Sets how long building the client waits for the first answer. Default {@link
     * #DEFAULT_START_TIMEOUT}.
     *
     * @param timeout zero (do not wait) or more
     * @return this builder
     */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Durations.nonNegative(timeout, "startTimeout");
      return this;
    }

    /**
     * Sets how long one query waits for its answer. Default {@link #DEFAULT_QUERY_TIMEOUT}.
     *
     * @param timeout more than zero
     * @return this builder
     */
    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = Durations.positive(timeout, "queryTimeout");
      return this;
    }

    /**
     * Sets whether A and AAAA answers are matched against the {@link #addresses(String, String...)}
     * given per region (default false). See the class comment for its limits.
     *
     * @param match true to match addresses
     * @return this builder
     */
    public Builder matchAddresses(boolean match) {
      this.matchAddresses = match;
      return this;
    }

    /**
     * Gives the addresses by which an A or AAAA answer names a region; used only with {@link
     * #matchAddresses(boolean)}.
     *
     * @param regionId the id of a configured region (checked when the client is built)
     * @param ipLiterals IPv4 or IPv6 literals
     * @return this builder
     */
    public Builder addresses(String regionId, String... ipLiterals) {
      if (regionId == null || regionId.isBlank()) {
        throw new IllegalArgumentException("addresses(regionId, ...): regionId is blank");
      }
      addresses.put(regionId, DnsSettings.parseAddresses(regionId, ipLiterals));
      return this;
    }

    /**
     * Requires DNSSEC validation of every answer against the given trust anchors; an answer that is
     * bogus or not validated counts as a failed lookup.
     *
     * <p>Use it with {@code queryType("CNAME")} or {@code queryType("TXT")}: the validator vouches
     * only for records of signed zones, and an A query follows the CNAME into the target's zone
     * (S3's endpoints are not signed), so such an answer never validates.
     *
     * @param zoneFileText DS or DNSKEY records in zone file format, one per line, for example the
     *     output of {@code dig +noall +answer DNSKEY example.com}
     * @return this builder
     */
    public Builder dnssecTrustAnchors(String zoneFileText) {
      if (zoneFileText == null || zoneFileText.isBlank()) {
        throw new IllegalArgumentException(
            "dnssecTrustAnchors is blank; give DS or DNSKEY records in zone file format");
      }
      this.trustAnchors = zoneFileText;
      return this;
    }

    /**
     * Builds the preference; it starts when the client is built.
     *
     * @return the preference
     * @throws IllegalArgumentException if minTtl is above maxTtl
     */
    public DnsRegionPreference build() {
      if (minTtl.compareTo(maxTtl) > 0) {
        throw new IllegalArgumentException(
            "minTtl " + minTtl + " is above maxTtl " + maxTtl + "; use minTtl <= maxTtl");
      }
      return new DnsRegionPreference(this);
    }
  }
}
