package io.github.s3failover.testkit;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * An authoritative DNS server in the JVM, on one ephemeral loopback port for both UDP and TCP,
 * whose records and behaviour change at run time: the stand-in for Route 53 in tests.
 *
 * <p>It answers every name it holds records for (no zones), follows CNAMEs it holds, and sets the
 * AA flag. A name it holds nothing for is NXDOMAIN. Faults apply to both transports, except {@link
 * #truncate()}, which truncates UDP answers only, as a real server does with a large answer.
 *
 * <p>The port never changes: {@link #stop()} then {@link #start()} listens where clients expect.
 * Every method is thread-safe; threads are daemons.
 */
public final class LocalDnsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalDnsServer.class);

  /** What the server does with a query. */
  enum Mode {
    HEALTHY,
    NO_ANSWER,
    SERVFAIL,
    NXDOMAIN,
    TRUNCATE,
    GARBAGE,
    OVERSIZED
  }

  private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
  private final AtomicLong queries = new AtomicLong();
  private final InetAddress loopback = InetAddress.getLoopbackAddress();
  private final DnsResponder responder = new DnsResponder(records);
  private volatile Mode mode = Mode.HEALTHY;
  private int port;
  private DatagramSocket udp; // guarded by this
  private ServerSocket tcp; // guarded by this

  private LocalDnsServer() {}

  /**
   * Starts a server on a free loopback port.
   *
   * @return the running server
   */
  public static LocalDnsServer open() {
    LocalDnsServer server = new LocalDnsServer();
    server.start();
    return server;
  }

  /** Listens again on the same port after {@link #stop()}; does nothing if running. */
  public synchronized void start() {
    if (udp != null) {
      return;
    }
    IOException last = null;
    // UDP and TCP must share the port; a fresh ephemeral UDP port may be taken for TCP, so retry.
    for (int attempt = 0; attempt < 20; attempt++) {
      DatagramSocket u = null;
      try {
        u = new DatagramSocket(new InetSocketAddress(loopback, port));
        ServerSocket t = new ServerSocket();
        t.setReuseAddress(true);
        try {
          t.bind(new InetSocketAddress(loopback, u.getLocalPort()));
        } catch (IOException e) {
          t.close();
          throw e;
        }
        DatagramSocket boundUdp = u;
        udp = boundUdp;
        tcp = t;
        port = boundUdp.getLocalPort();
        daemon("udp", () -> serveUdp(boundUdp)).start();
        daemon("tcp", () -> acceptTcp(t)).start();
        return;
      } catch (IOException e) {
        last = e;
        if (u != null) {
          u.close();
        }
        if (port != 0) {
          sleep(100); // restart on a fixed port: the old socket may still be closing
        }
      }
    }
    throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " (UDP and TCP)", last);
  }

  /** Stops listening on both transports; queries then time out (UDP) or are refused (TCP). */
  public synchronized void stop() {
    if (udp != null) {
      udp.close();
      try {
        tcp.close();
      } catch (IOException e) {
        LOG.debug("closing the TCP socket", e);
      }
      udp = null;
      tcp = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Returns whether the server listens.
   *
   * @return true while started
   */
  public synchronized boolean isRunning() {
    return udp != null;
  }

  /**
   * Returns the port, the same for UDP and TCP, and across stop and start.
   *
   * @return the port
   */
  public synchronized int port() {
    return port;
  }

  /**
   * Returns the address to give a resolver, {@code 127.0.0.1:port}.
   *
   * @return host and port
   */
  public String hostPort() {
    return loopback.getHostAddress() + ":" + port();
  }

  /**
   * Sets the CNAME of a name, replacing its records.
   *
   * @param name the owner, for example {@code app.example.com}
   * @param target the target, for example {@code bucket.s3.eu-west-1.amazonaws.com}
   * @param ttl the TTL, whole seconds
   */
  public void setCname(String name, String target, Duration ttl) {
    Name owner = name(name);
    records.put(owner, List.of(new CNAMERecord(owner, DClass.IN, seconds(ttl), name(target))));
  }

  /**
   * Sets the TXT record of a name, replacing its records.
   *
   * @param name the owner
   * @param text the string, for example {@code region=secondary}
   * @param ttl the TTL, whole seconds
   */
  public void setTxt(String name, String text, Duration ttl) {
    Name owner = name(name);
    records.put(owner, List.of(new TXTRecord(owner, DClass.IN, seconds(ttl), text)));
  }

  /**
   * Sets the A records of a name, replacing its records.
   *
   * @param name the owner
   * @param ttl the TTL, whole seconds
   * @param ipv4Literals one or more addresses
   */
  public void setA(String name, Duration ttl, String... ipv4Literals) {
    Name owner = name(name);
    Record[] a = new Record[ipv4Literals.length];
    for (int i = 0; i < a.length; i++) {
      try {
        a[i] = new ARecord(owner, DClass.IN, seconds(ttl), InetAddress.getByName(ipv4Literals[i]));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(ipv4Literals[i] + " is not an IPv4 literal", e);
      }
    }
    records.put(owner, List.of(a));
  }

  /**
   * Removes every record of a name: it becomes NXDOMAIN.
   *
   * @param name the owner
   */
  public void remove(String name) {
    records.remove(name(name));
  }

  /** Answers normally again. */
  public void healthy() {
    mode = Mode.HEALTHY;
  }

  /** Reads queries and never answers them: clients time out. */
  public void noAnswer() {
    mode = Mode.NO_ANSWER;
  }

  /** Answers every query SERVFAIL. */
  public void servfail() {
    mode = Mode.SERVFAIL;
  }

  /** Answers every query NXDOMAIN. */
  public void nxdomain() {
    mode = Mode.NXDOMAIN;
  }

  /** Answers over UDP with the TC bit and no records; TCP answers normally. */
  public void truncate() {
    mode = Mode.TRUNCATE;
  }

  /** Answers with the query's id followed by bytes that are no DNS message. */
  public void garbage() {
    mode = Mode.GARBAGE;
  }

  /**
   * Answers with the records held, padded with thousands of unrelated records to about 60 KB, and
   * without the TC bit even over UDP: a misbehaving or hostile server whose answer is far larger
   * than a client asked for.
   */
  public void oversized() {
    mode = Mode.OVERSIZED;
  }

  /**
   * Returns the number of queries received over both transports, answered or not.
   *
   * @return the count since start or {@link #resetCounters()}
   */
  public long queryCount() {
    return queries.get();
  }

  /**
   * Returns the number of queries received over TCP.
   *
   * @return the count since start or {@link #resetCounters()}
   */
  public long tcpQueryCount() {
    return responder.tcpQueries();
  }

  /** Zeroes the counters. */
  public void resetCounters() {
    queries.set(0);
    responder.resetCounters();
  }

  private void serveUdp(DatagramSocket socket) {
    byte[] buffer = new byte[65_535];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        queries.incrementAndGet();
        byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
        byte[] answer = responder.answer(query, mode, false);
        if (answer != null) {
          socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
        }
      } catch (SocketException e) {
        return; // closed by stop()
      } catch (IOException | RuntimeException e) {
        LOG.debug("UDP query not answered", e);
      }
    }
  }

  private void acceptTcp(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        daemon("tcp-conn", () -> serveTcp(socket)).start();
      } catch (IOException e) {
        return; // closed by stop()
      }
    }
  }

  private void serveTcp(Socket socket) {
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      while (true) {
        int length = in.readUnsignedShort();
        byte[] query = new byte[length];
        in.readFully(query);
        queries.incrementAndGet();
        byte[] answer = responder.answer(query, mode, true);
        if (answer == null) {
          continue; // hold the connection silently, as a dead server would
        }
        out.writeShort(answer.length);
        out.write(answer);
        out.flush();
      }
    } catch (IOException e) {
      LOG.trace("TCP connection ended", e);
    }
  }

  private Thread daemon(String what, Runnable task) {
    Thread t = new Thread(task, "local-dns-" + what);
    t.setDaemon(true);
    return t;
  }

  private static Name name(String name) {
    try {
      return Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("'" + name + "' is not a DNS name", e);
    }
  }

  private static long seconds(Duration ttl) {
    if (ttl == null || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl is " + ttl + "; use zero or more");
    }
    return ttl.getSeconds();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "LocalDnsServer[" + hostPort() + ", " + mode + "]";
  }
}
