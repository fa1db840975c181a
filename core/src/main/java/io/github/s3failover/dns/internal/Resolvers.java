package io.github.s3failover.dns.internal;

import io.github.s3failover.internal.InternalApi;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.dnssec.ValidatingResolver;

/** Builds the dnsjava resolver a DNS preference queries through. */
@InternalApi
public final class Resolvers {
  /** How late dnsjava may notice that a query timed out. */
  private static final Duration TIMEOUT_GRANULARITY = Duration.ofSeconds(1);

  private Resolvers() {}

  /**
   * Builds a resolver that asks the given servers, or the system's when none is given.
   *
   * <p>UDP is not forced, so a {@link SimpleResolver} repeats a truncated answer over TCP by
   * itself.
   *
   * @param servers the servers, or empty for the system's ({@code /etc/resolv.conf} and the like)
   * @param timeout the timeout of one query
   * @param trustAnchors DNSSEC trust anchors in zone file format, or null for no validation
   * @return the resolver
   * @throws IllegalArgumentException if there is no server, or the trust anchors do not load
   */
  public static Resolver create(
      List<InetSocketAddress> servers, Duration timeout, String trustAnchors) {
    List<InetSocketAddress> targets = servers;
    if (targets.isEmpty()) {
      targets = ResolverConfig.getCurrentConfig().servers();
      if (targets.isEmpty()) {
        throw new IllegalArgumentException(
            "DnsRegionPreference: no DNS server given and the system configures none; set"
                + " servers(\"host:port\", ...)");
      }
    }
    List<Resolver> simple = new ArrayList<>();
    for (InetSocketAddress server : targets) {
      SimpleResolver resolver = new SimpleResolver(server);
      resolver.setTimeout(timeout);
      simple.add(resolver);
    }
    Resolver resolver;
    if (simple.size() == 1) {
      resolver = simple.get(0);
    } else {
      // dnsjava's ExtendedResolver.setTimeout is the budget of the whole lookup; each server
      // keeps its own query timeout. With one query timeout as the whole budget, a silent first
      // server would use it all up and the next one would never be asked.
      ExtendedResolver extended = new ExtendedResolver(simple);
      extended.setRetries(1);
      extended.setTimeout(lookupBudget(servers, timeout));
      // The ExtendedResolver gives each server a default timeout of its own when it takes them.
      for (Resolver server : extended.getResolvers()) {
        server.setTimeout(timeout);
      }
      resolver = extended;
    }
    if (trustAnchors == null) {
      return resolver;
    }
    ValidatingResolver validating = new ValidatingResolver(resolver);
    try {
      validating.loadTrustAnchors(
          new ByteArrayInputStream(trustAnchors.getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "DnsRegionPreference: the DNSSEC trust anchors do not load (" + e.getMessage() + ")", e);
    }
    if (validating.getTrustAnchors().items().isEmpty()) {
      throw new IllegalArgumentException(
          "DnsRegionPreference: dnssecTrustAnchors holds no DS or DNSKEY record");
    }
    validating.setTimeout(timeout);
    return validating;
  }

  /**
   * Returns how long a lookup through a resolver built here may take: for each server it may ask in
   * turn, one query timeout plus the granularity with which dnsjava notices a timeout (its NIO
   * selector wakes up about once a second).
   *
   * @param servers the servers given, or empty for the system's
   * @param queryTimeout the timeout of one query
   * @return the budget of one lookup
   */
  public static Duration lookupBudget(List<InetSocketAddress> servers, Duration queryTimeout) {
    int count =
        servers.isEmpty() ? ResolverConfig.getCurrentConfig().servers().size() : servers.size();
    return queryTimeout.plus(TIMEOUT_GRANULARITY).multipliedBy(Math.max(1, count));
  }
}
