package io.github.s3failover.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Security;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JVM's own resolver, pointed at a hosts file this program rewrites: the DNS path of a plain
 * client (lookup, then the JVM's address cache), with the file standing in for the answer of the
 * system resolver. Must be installed before anything in the JVM resolves a name.
 */
final class JvmHostsFile {
  private final Path file;
  private final Map<String, String> entries = new TreeMap<>(); // guarded by this

  private JvmHostsFile(Path file) {
    this.file = file;
  }

  /**
   * Points the JVM at a hosts file and sets its positive cache time.
   *
   * @param file the hosts file to write, unless {@code -Djdk.net.hosts.file} names one
   * @param cacheSeconds {@code networkaddress.cache.ttl}: 30 is the JVM's default without a
   *     security manager
   * @return the file, holding {@code localhost} only
   */
  static JvmHostsFile install(Path file, int cacheSeconds) {
    // A file given on the command line wins: the JVM may have read the property already.
    String given = System.getProperty("jdk.net.hosts.file");
    JvmHostsFile hosts = new JvmHostsFile(given == null ? file : Path.of(given));
    hosts.set("localhost", "127.0.0.1");
    if (given == null) {
      System.setProperty("jdk.net.hosts.file", file.toAbsolutePath().toString());
    }
    Security.setProperty("networkaddress.cache.ttl", Integer.toString(cacheSeconds));
    // A failed lookup must not be cached longer than a successful one in this experiment.
    Security.setProperty("networkaddress.cache.negative.ttl", "1");
    return hosts;
  }

  /**
   * Checks that the JVM really resolves through the file (it reads the property once, at the first
   * lookup, so a lookup made earlier by something else would have fixed the system resolver).
   */
  void verify(String name, String expected) {
    try {
      String got = InetAddress.getByName(name).getHostAddress();
      if (!got.equals(expected)) {
        throw new IllegalStateException(name + " resolves to " + got + ", not " + expected);
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          "the JVM does not resolve through "
              + file
              + ": run with -Djdk.net.hosts.file=<that file> or resolve nothing before this",
          e);
    }
  }

  /** Maps a name to an address, replacing its previous address, as a DNS change would. */
  synchronized void set(String name, String address) {
    entries.put(name, address);
    StringBuilder text = new StringBuilder();
    entries.forEach((n, a) -> text.append(a).append(' ').append(n).append('\n'));
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
