package io.github.s3failover.dns.internal;

import io.github.s3failover.internal.InternalApi;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Checks and parses the settings of a {@code DnsRegionPreference.Builder}. */
@InternalApi
public final class DnsSettings {
  private static final int DNS_PORT = 53;

  private DnsSettings() {}

  /**
   * Parses a DNS name, taken as absolute.
   *
   * @param name for example {@code app.example.com}
   * @return the name
   */
  public static Name parseName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "DnsRegionPreference.builder(name): name is blank; give the record, e.g. app.example.com");
    }
    try {
      return Name.fromString(name.trim(), Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(
          "DnsRegionPreference.builder(name): '" + name + "' is not a DNS name: " + e.getMessage(),
          e);
    }
  }

  /**
   * Parses {@code ip}, {@code ip:port}, {@code [ipv6]:port} or a bare IPv6 literal.
   *
   * @param hostPorts the servers
   * @return their socket addresses
   */
  public static List<InetSocketAddress> parseServers(String... hostPorts) {
    if (hostPorts == null || hostPorts.length == 0) {
      throw new IllegalArgumentException(
          "servers(): give at least one server, e.g. \"10.0.0.2\" or \"127.0.0.1:5353\"");
    }
    List<InetSocketAddress> result = new ArrayList<>();
    for (String hostPort : hostPorts) {
      result.add(parseServer(hostPort));
    }
    return List.copyOf(result);
  }

  private static InetSocketAddress parseServer(String hostPort) {
    String s = hostPort == null ? "" : hostPort.trim();
    String host = s;
    int port = DNS_PORT;
    try {
      if (s.startsWith("[")) {
        int end = s.indexOf(']');
        host = s.substring(1, end);
        if (end + 1 < s.length()) {
          port = Integer.parseInt(s.substring(s.indexOf(':', end) + 1));
        }
      } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
        host = s.substring(0, s.indexOf(':'));
        port = Integer.parseInt(s.substring(s.indexOf(':') + 1));
      }
      if (port < 1 || port > 65_535) {
        throw new NumberFormatException("port " + port);
      }
      // A literal only: resolving a server's host name would itself need DNS.
      return new InetSocketAddress(Address.getByAddress(host), port);
    } catch (UnknownHostException | RuntimeException e) {
      throw new IllegalArgumentException(
          "servers(): '"
              + hostPort
              + "' is not an IP literal with an optional port, e.g. \"10.0.0.2\", \"127.0.0.1:5353\""
              + " or \"[::1]:53\"",
          e);
    }
  }

  /**
   * Parses IP literals.
   *
   * @param regionId the region, for messages
   * @param literals the literals
   * @return the addresses
   */
  public static List<InetAddress> parseAddresses(String regionId, String... literals) {
    if (literals == null || literals.length == 0) {
      throw new IllegalArgumentException(
          "addresses(\"" + regionId + "\"): give at least one IP literal");
    }
    List<InetAddress> result = new ArrayList<>();
    for (String literal : literals) {
      try {
        result.add(Address.getByAddress(literal == null ? "" : literal.trim()));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(
            "addresses(\"" + regionId + "\"): '" + literal + "' is not an IP literal", e);
      }
    }
    return List.copyOf(result);
  }
}
