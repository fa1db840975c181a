package io.github.s3failover.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes two regions reachable on one port of two loopback addresses ({@code 127.0.0.2:P} and {@code
 * 127.0.0.3:P}), so that a DNS name flipped from one address to the other moves a plain client
 * between regions, as a Route 53 record does: DNS changes addresses, never ports.
 *
 * <p>Each accepted connection is piped to its region's endpoint (the fault proxy or the HTTP fault
 * injector), so the region's faults reach clients through here too. A target that refuses makes the
 * accepted connection close at once.
 */
final class LoopbackForwarder implements AutoCloseable {
  private final List<ServerSocket> servers;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final int port;

  private LoopbackForwarder(List<ServerSocket> servers, int port) {
    this.servers = servers;
    this.port = port;
  }

  /**
   * Listens on {@code first} and {@code second} with one free port, forwarding to the targets.
   *
   * @return the running forwarder
   */
  static LoopbackForwarder start(
      String first, InetSocketAddress firstTarget, String second, InetSocketAddress secondTarget) {
    for (int attempt = 0; attempt < 20; attempt++) {
      ServerSocket a = null;
      try {
        a = new ServerSocket(0, 200, InetAddress.getByName(first));
        ServerSocket b = new ServerSocket(a.getLocalPort(), 200, InetAddress.getByName(second));
        LoopbackForwarder forwarder = new LoopbackForwarder(List.of(a, b), a.getLocalPort());
        forwarder.accept(a, firstTarget);
        forwarder.accept(b, secondTarget);
        return forwarder;
      } catch (IOException e) {
        closeQuietly(a); // the port was taken on the second address: try another
      }
    }
    throw new IllegalStateException("no port free on both " + first + " and " + second);
  }

  int port() {
    return port;
  }

  private void accept(ServerSocket server, InetSocketAddress target) {
    daemon(
        () -> {
          while (!server.isClosed()) {
            try {
              Socket client = server.accept();
              daemon(() -> pipe(client, target));
            } catch (IOException e) {
              return; // closed
            }
          }
        });
  }

  private void pipe(Socket client, InetSocketAddress target) {
    Socket upstream = new Socket();
    sockets.add(client);
    sockets.add(upstream);
    try {
      upstream.connect(target, 2_000);
      daemon(() -> copy(upstream, client));
      copy(client, upstream);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  private void copy(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side ended: the other must see it too.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void daemon(Runnable task) {
    Thread t = new Thread(task, "loopback-forwarder");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // Nothing to do: it is going away anyway.
    }
  }

  @Override
  public void close() {
    servers.forEach(LoopbackForwarder::closeQuietly);
    sockets.forEach(LoopbackForwarder::closeQuietly);
  }
}
