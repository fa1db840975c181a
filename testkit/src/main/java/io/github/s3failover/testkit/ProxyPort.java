package io.github.s3failover.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port side of a {@link FaultProxy}: the listening socket (closed while refusing, bound again
 * to the same port after), the loop that accepts clients and connects each upstream, the open
 * {@link ProxyConnection}s, and the {@link Fault} in force, which a switch applies to all of them
 * under one lock. Thread-safe.
 */
final class ProxyPort {

  // Logs under FaultProxy's name, as before this class was split from it.
  private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final long REBIND_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final InetSocketAddress target;
  private final ProxyTraffic traffic;
  private final ExecutorService threads;
  private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final Object lock = new Object();
  private final int port;

  private volatile Fault mode = Fault.pass();
  private ServerSocket listener; // guarded by lock; null while refusing or closed
  private boolean closed; // guarded by lock

  /** Listens on a port chosen by the system and accepts, in {@link Fault.Kind#PASS} mode. */
  ProxyPort(InetSocketAddress target, ProxyTraffic traffic) throws IOException {
    this.target = target;
    this.traffic = traffic;
    ServerSocket first = bind(0);
    this.port = first.getLocalPort();
    this.threads = Executors.newCachedThreadPool(daemonThreads());
    synchronized (lock) {
      listener = first;
      startAccepting(first);
    }
  }

  int port() {
    return port;
  }

  Fault mode() {
    return mode;
  }

  /** Imposes {@code fault} on the listener and on every open connection. */
  void set(Fault fault) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("fault proxy on port " + port + " is closed");
      }
      mode = fault;
      if (fault.kind() == Fault.Kind.REFUSE) {
        closeListener();
      } else if (listener == null) {
        listener = rebind();
        startAccepting(listener);
      }
      for (ProxyConnection connection : List.copyOf(connections)) {
        connection.apply(fault);
      }
    }
  }

  long accepted() {
    return accepted.get();
  }

  void resetAccepted() {
    accepted.set(0);
  }

  int openConnections() {
    return connections.size();
  }

  /**
   * Stops listening, resets every connection and ends the threads; does nothing the second time.
   */
  void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      closeListener();
      for (ProxyConnection connection : new ArrayList<>(connections)) {
        connection.abort();
      }
    }
    threads.shutdownNow();
  }

  private ServerSocket bind(int localPort) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      // Lets pass() take the port back although connections of the old listener are in TIME_WAIT.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(loopback(), localPort), 128);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private ServerSocket rebind() {
    long deadline = System.nanoTime() + REBIND_PATIENCE_NANOS;
    while (true) {
      try {
        return bind(port);
      } catch (BindException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("port " + port + " was taken while refusing", e);
        }
        sleepBriefly();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rebinding", e);
    }
  }

  private void closeListener() {
    if (listener != null) {
      try {
        listener.close();
      } catch (IOException e) {
        LOG.debug("closing listener on port {}", port, e);
      }
      listener = null;
    }
  }

  private void startAccepting(ServerSocket server) {
    threads.execute(() -> acceptLoop(server));
  }

  private void acceptLoop(ServerSocket server) {
    while (true) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.warn("fault proxy on port {} stopped accepting", port, e);
        }
        return;
      }
      accepted.incrementAndGet();
      try {
        threads.execute(() -> open(client));
      } catch (RuntimeException e) {
        // The pool refuses work once the proxy is closed.
        ProxyConnection.reset(client);
        return;
      }
    }
  }

  private void open(Socket client) {
    Socket upstream = null;
    if (mode.kind() != Fault.Kind.BLACK_HOLE) {
      upstream = connectUpstream();
      if (upstream == null) {
        // The target is down: the client sees its connection reset, as through a real proxy.
        ProxyConnection.reset(client);
        return;
      }
    }
    synchronized (lock) {
      Fault now = mode;
      boolean stale = upstream == null && now.kind() != Fault.Kind.BLACK_HOLE;
      if (closed || now.kind() == Fault.Kind.REFUSE || stale) {
        ProxyConnection.reset(client);
        if (upstream != null) {
          ProxyConnection.reset(upstream);
        }
        return;
      }
      try {
        client.setTcpNoDelay(true);
      } catch (IOException e) {
        LOG.trace("nodelay", e);
      }
      ProxyConnection connection =
          new ProxyConnection(client, upstream, connections::remove, traffic);
      connections.add(connection);
      connection.apply(now);
      connection.start(threads);
    }
  }

  private Socket connectUpstream() {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(target, CONNECT_TIMEOUT_MILLIS);
      return socket;
    } catch (IOException e) {
      LOG.debug("fault proxy on port {} cannot reach {}: {}", port, target, e.toString());
      ProxyConnection.reset(socket);
      return null;
    }
  }

  /** 127.0.0.1 itself: "localhost" may resolve to ::1 first, which the endpoint does not name. */
  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ThreadFactory daemonThreads() {
    int instance = INSTANCES.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread =
          new Thread(runnable, "fault-proxy-" + instance + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
