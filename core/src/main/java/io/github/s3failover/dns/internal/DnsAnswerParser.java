package io.github.s3failover.dns.internal;

import io.github.s3failover.event.DnsFailureEvent.Reason;
import io.github.s3failover.internal.InternalApi;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

/**
 * Turns a DNS response into a {@link DnsAnswer}: follows the CNAME chain from the queried name and
 * stops at the first name, {@code region=} TXT string or (opt-in) address that identifies a
 * configured region. Stateless and thread-safe.
 */
@InternalApi
public final class DnsAnswerParser {
  /** Longer chains are loops or misconfiguration; resolvers give up around here too. */
  private static final int MAX_CHAIN = 16;

  private static final String TXT_KEY = "region=";

  private final Map<String, String> regionByHost;
  private final Set<String> regionIds;
  private final Map<InetAddress, String> regionByAddress;

  /**
   * Creates a parser.
   *
   * @param regionByHost region id by host name (lower case, no trailing dot)
   * @param regionIds the ids of the configured regions, for the TXT form
   * @param regionByAddress region id by address; empty unless addresses are matched
   */
  public DnsAnswerParser(
      Map<String, String> regionByHost,
      Set<String> regionIds,
      Map<InetAddress, String> regionByAddress) {
    this.regionByHost = Map.copyOf(regionByHost);
    this.regionIds = Set.copyOf(regionIds);
    this.regionByAddress = Map.copyOf(regionByAddress);
  }

  /**
   * Reads a response to a query for {@code name}.
   *
   * @param name the queried name
   * @param response the response
   * @param requireAuthenticated whether the response must carry the AD flag (DNSSEC validated)
   * @return the answer
   */
  public DnsAnswer parse(Name name, Message response, boolean requireAuthenticated) {
    int rcode = response.getRcode();
    if (rcode == Rcode.SERVFAIL) {
      // A validating resolver turns a bogus answer into SERVFAIL.
      return new DnsAnswer.Failed(
          requireAuthenticated ? Reason.DNSSEC_INVALID : Reason.SERVFAIL,
          "SERVFAIL" + (requireAuthenticated ? " (DNSSEC validation failed or server error)" : ""),
          null);
    }
    if (rcode == Rcode.NXDOMAIN) {
      // The rcode speaks of the end of a CNAME chain: a chain whose target lies in the same zone
      // but does not exist there still names the region on its way.
      DnsAnswer chain =
          response.getSection(Section.ANSWER).isEmpty()
              ? null
              : follow(name, response.getSection(Section.ANSWER));
      return chain instanceof DnsAnswer.Matched
          ? chain
          : new DnsAnswer.Failed(Reason.NXDOMAIN, "NXDOMAIN: " + name + " does not exist", null);
    }
    if (rcode != Rcode.NOERROR) {
      return new DnsAnswer.Failed(Reason.MALFORMED, "rcode " + Rcode.string(rcode), null);
    }
    if (response.getHeader().getFlag(Flags.TC)) {
      return new DnsAnswer.Failed(Reason.TRUNCATED, "truncated answer (TC bit set)", null);
    }
    if (requireAuthenticated && !response.getHeader().getFlag(Flags.AD)) {
      return new DnsAnswer.Failed(
          Reason.DNSSEC_INVALID, "answer is not DNSSEC-validated (no AD flag)", null);
    }
    List<Record> answers = response.getSection(Section.ANSWER);
    if (answers.isEmpty()) {
      return new DnsAnswer.Failed(Reason.NO_ANSWER, "no record for " + name, null);
    }
    return follow(name, answers);
  }

  private DnsAnswer follow(Name name, List<Record> answers) {
    long ttl = Long.MAX_VALUE;
    List<String> seen = new ArrayList<>();
    Set<Name> visited = new HashSet<>();
    Name current = name;
    for (int step = 0; step < MAX_CHAIN && visited.add(current); step++) {
      String host = host(current);
      if (step > 0) {
        seen.add(host);
      }
      String byHost = regionByHost.get(host);
      if (byHost != null) {
        return new DnsAnswer.Matched(byHost, seconds(ttl), host);
      }
      Name next = null;
      Set<String> txtRegions = new LinkedHashSet<>();
      Set<String> addressRegions = new LinkedHashSet<>();
      for (Record record : answers) {
        if (!record.getName().equals(current)) {
          continue;
        }
        ttl = Math.min(ttl, record.getTTL());
        if (record instanceof CNAMERecord) {
          Name target = ((CNAMERecord) record).getTarget();
          if (next != null && !next.equals(target)) {
            // A name has one CNAME at most (RFC 2181, 10.1). Following the last of several would
            // let the order of the records, which means nothing, pick the region.
            return new DnsAnswer.Ignored(
                "several CNAME targets for " + host + ": " + next + ", " + target, seconds(ttl));
          }
          next = target;
        } else if (record instanceof TXTRecord) {
          for (String text : ((TXTRecord) record).getStrings()) {
            seen.add("TXT \"" + text + "\"");
            String id = regionOfTxt(text);
            if (id != null) {
              txtRegions.add(id);
            }
          }
        } else if (record instanceof ARecord || record instanceof AAAARecord) {
          InetAddress address =
              record instanceof ARecord
                  ? ((ARecord) record).getAddress()
                  : ((AAAARecord) record).getAddress();
          seen.add(address.getHostAddress());
          String id = regionByAddress.get(address);
          if (id != null) {
            addressRegions.add(id);
          }
        }
      }
      Set<String> found = txtRegions.isEmpty() ? addressRegions : txtRegions;
      if (found.size() == 1) {
        String id = found.iterator().next();
        return new DnsAnswer.Matched(id, seconds(ttl), txtRegions.isEmpty() ? "address" : "TXT");
      }
      if (found.size() > 1) {
        // The records of an RRset have no order: picking one would be a coin toss.
        return new DnsAnswer.Ignored("names several regions " + found + ": " + seen, seconds(ttl));
      }
      if (next == null) {
        break;
      }
      current = next;
    }
    if (ttl == Long.MAX_VALUE) {
      return new DnsAnswer.Failed(
          Reason.NO_ANSWER, "no record for " + name + " in the answer section", null);
    }
    return new DnsAnswer.Ignored(
        seen.isEmpty() ? "no region named" : seen.toString(), seconds(ttl));
  }

  private String regionOfTxt(String text) {
    String t = text.trim();
    if (t.length() <= TXT_KEY.length() || !t.regionMatches(true, 0, TXT_KEY, 0, TXT_KEY.length())) {
      return null;
    }
    String id = t.substring(TXT_KEY.length()).trim();
    return regionIds.contains(id) ? id : null;
  }

  /**
   * Returns a host name as {@code FailoverRegion.hostNames()} holds it: lower case, no trailing
   * dot.
   *
   * @param name a DNS name
   * @return the normalised host name
   */
  public static String host(Name name) {
    String s = name.toString(true);
    return s.toLowerCase(Locale.ROOT);
  }

  private static Duration seconds(long ttl) {
    return Duration.ofSeconds(ttl == Long.MAX_VALUE ? 0 : ttl);
  }
}
