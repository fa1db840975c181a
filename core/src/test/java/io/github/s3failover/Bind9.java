package io.github.s3failover;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * A real BIND 9 {@code named}, started as a child process on a free loopback port with a fresh
 * directory, authoritative for one zone that accepts RFC 2136 updates signed with a TSIG key: the
 * way a Route 53 record is flipped, done against a real server.
 */
final class Bind9 implements AutoCloseable {
  static final String ZONE = "failover.test.";
  static final String KEY_NAME = "s3f-update-key";
  private static final String INSTALL =
      "BIND 9 (named) is needed by this test and was not found at /usr/sbin/named or on PATH;"
          + " install it with: apt-get install -y bind9 bind9-utils bind9-dnsutils";

  private final Path dir;
  private final Process process;
  private final int port;
  private final TSIG tsig;

  private Bind9(Path dir, Process process, int port, TSIG tsig) {
    this.dir = dir;
    this.process = process;
    this.port = port;
    this.tsig = tsig;
  }

  /**
   * Starts named with the zone holding the given records (zone file lines, relative names). Never
   * skips: without named the test fails and says how to install it.
   */
  static Bind9 start(String... records) throws IOException, InterruptedException {
    return start(false, records);
  }

  /**
   * Starts named; with {@code signed}, the zone is signed by BIND's default DNSSEC policy (keys
   * made at start, updates re-signed).
   */
  static Bind9 start(boolean signed, String... records) throws IOException, InterruptedException {
    Path named = find("named");
    Path keygen = find("tsig-keygen");
    if (named == null || keygen == null) {
      throw new AssertionError(
          INSTALL + ("true".equals(System.getenv("CI")) ? " (CI=true: .ci/run installs it)" : ""));
    }
    Path dir = Files.createTempDirectory("s3f-bind9-");
    String keyFile = run(keygen.toString(), "-a", "hmac-sha256", KEY_NAME);
    Matcher secret = Pattern.compile("secret \"([^\"]+)\"").matcher(keyFile);
    if (!secret.find()) {
      throw new AssertionError("tsig-keygen printed no secret: " + keyFile);
    }
    Files.writeString(dir.resolve("tsig.key"), keyFile);
    StringBuilder zone =
        new StringBuilder(
            "$TTL 60\n@ IN SOA ns.failover.test. hostmaster.failover.test. 1 60 60 3600 1\n"
                + "@ IN NS ns\nns IN A 127.0.0.1\n");
    for (String record : records) {
      zone.append(record).append('\n');
    }
    Files.writeString(dir.resolve("failover.test.zone"), zone);
    int port = freePort();
    String d = dir.toAbsolutePath().toString();
    Files.writeString(
        dir.resolve("named.conf"),
        "include \""
            + d
            + "/tsig.key\";\n"
            + "options {\n  directory \""
            + d
            + "\";\n  listen-on port "
            + port
            + " { 127.0.0.1; };\n  listen-on-v6 { none; };\n  recursion no;\n"
            + "  dnssec-validation no;\n  pid-file \""
            + d
            + "/named.pid\";\n  session-keyfile \""
            + d
            + "/session.key\";\n  managed-keys-directory \""
            + d
            + "\";\n};\ncontrols { };\n"
            + "zone \"failover.test\" {\n  type primary;\n  file \"failover.test.zone\";\n"
            + (signed ? "  dnssec-policy default;\n  inline-signing no;\n" : "")
            + "  update-policy { grant "
            + KEY_NAME
            + " zonesub ANY; };\n};\n");
    Process process =
        new ProcessBuilder(named.toString(), "-g", "-c", d + "/named.conf")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("named.log").toFile())
            .start();
    Bind9 bind =
        new Bind9(dir, process, port, new TSIG(TSIG.HMAC_SHA256, KEY_NAME + ".", secret.group(1)));
    bind.awaitReady(signed);
    return bind;
  }

  int port() {
    return port;
  }

  String hostPort() {
    return "127.0.0.1:" + port;
  }

  /** Replaces the records of one type at a name, as Route 53 flips a failover record. */
  void replace(String name, int type, Duration ttl, String rdata) throws IOException {
    Update update = new Update(Name.fromString(ZONE));
    update.replace(Name.fromString(name, Name.fromString(ZONE)), type, ttl.getSeconds(), rdata);
    Message response = resolver(true).send(update);
    if (response.getRcode() != Rcode.NOERROR) {
      throw new AssertionError("dynamic update refused: " + Rcode.string(response.getRcode()));
    }
  }

  private SimpleResolver resolver(boolean signed) {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
    resolver.setTimeout(Duration.ofMillis(300));
    resolver.setTCP(true);
    if (signed) {
      resolver.setTSIGKey(tsig);
    }
    return resolver;
  }

  /** Waits for the zone to load and, when signed, for its DNSKEY to be published. */
  private void awaitReady(boolean signed) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    Message soa =
        Message.newQuery(Record.newRecord(name(ZONE), signed ? Type.DNSKEY : Type.SOA, DClass.IN));
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        close();
        throw new AssertionError("named exited " + process.exitValue() + ":\n" + log());
      }
      try {
        Message answer = resolver(false).send(soa);
        if (answer.getRcode() == Rcode.NOERROR && !answer.getSection(Section.ANSWER).isEmpty()) {
          return;
        }
      } catch (IOException notYet) {
        // named is still loading the zone
      }
      Thread.sleep(50);
    }
    String log = log();
    close();
    throw new AssertionError("named did not answer within 15 s:\n" + log);
  }

  /**
   * Returns the zone's DNSKEY records in zone file format, to use as a DNSSEC trust anchor.
   *
   * @return the records, one a line
   */
  String dnskeys() throws IOException {
    Message query = Message.newQuery(Record.newRecord(name(ZONE), Type.DNSKEY, DClass.IN));
    StringBuilder text = new StringBuilder();
    for (Record key : resolver(false).send(query).getSection(Section.ANSWER)) {
      if (key.getType() == Type.DNSKEY) {
        text.append(key).append('\n');
      }
    }
    return text.toString();
  }

  String log() {
    try {
      return Files.readString(dir.resolve("named.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }

  private static Path find(String program) {
    Path sbin = Path.of("/usr/sbin", program);
    if (Files.isExecutable(sbin)) {
      return sbin;
    }
    String path = System.getenv("PATH");
    for (String entry : path == null ? new String[0] : path.split(File.pathSeparator)) {
      Path candidate = Path.of(entry, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  /** A port free for both UDP and TCP on loopback, as named listens on both. */
  private static int freePort() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
        int port = tcp.getLocalPort();
        new DatagramSocket(new InetSocketAddress(loopback, port)).close();
        return port;
      } catch (IOException taken) {
        // the UDP side is in use: try another port
      }
    }
    throw new IOException("no free loopback port for both UDP and TCP");
  }

  private static Name name(String name) {
    try {
      return Name.fromString(name);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
