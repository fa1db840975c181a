package io.github.s3failover.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on 127.0.0.1 in front of one host and port, whose behaviour can be switched at run
 * time to rehearse network failures with real sockets.
 *
 * <p>A switch applies to new connections and to connections already open, because HTTP clients keep
 * pooled keep-alive connections and would otherwise never see the fault:
 *
 * <ul>
 *   <li>{@link #refuse()} closes the listening socket, so a connect fails at once with "connection
 *       refused", and resets (RST) every open connection.
 *   <li>{@link #blackHole()} accepts and never answers nor closes; open connections stop forwarding
 *       in both directions. Leaving the black hole resets the connections that lost bytes in it.
 *   <li>{@link #latency(Duration)} delays every byte by the given time in each direction.
 *   <li>{@link #bandwidth(long)} lets each direction of a connection forward at most that many
 *       bytes per second: a slow link, on which a large body takes long and a small exchange does
 *       not.
 *   <li>{@link #resetAfterBytes(long)} resets each connection once that many response bytes (from
 *       the target to the client) have been forwarded on it, counted from the switch for open ones.
 * </ul>
 *
 * <p>The port never changes, so {@link #pass()} after {@link #refuse()} listens again where clients
 * expect it. Every method is thread-safe. Threads are daemons from a cached pool: four per
 * forwarding connection.
 */
public final class FaultProxy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);

  private final InetSocketAddress target;
  private final String scheme;
  private final ProxyTraffic traffic = new ProxyTraffic();
  private final ProxyPort listening;

  private FaultProxy(InetSocketAddress target, String scheme) throws IOException {
    this.target = target;
    this.scheme = scheme;
    this.listening = new ProxyPort(target, traffic);
    LOG.debug("fault proxy on port {} forwards to {}", listening.port(), target);
  }

  /**
   * Starts a proxy in front of the host and port of {@code target}.
   *
   * @param target an endpoint such as {@code http://127.0.0.1:9000}; its scheme is kept in {@link
   *     #endpoint()} (no TLS is terminated: bytes pass as they are)
   * @return the running proxy, in {@link Fault.Kind#PASS} mode
   */
  public static FaultProxy start(URI target) {
    Objects.requireNonNull(target, "target");
    String scheme = target.getScheme() == null ? "http" : target.getScheme();
    int port = target.getPort() >= 0 ? target.getPort() : "https".equals(scheme) ? 443 : 80;
    return start(target.getHost(), port, scheme);
  }

  /**
   * Starts a proxy in front of {@code host:port}, advertised with an {@code http} endpoint.
   *
   * @param host the target host
   * @param port the target port
   * @return the running proxy, in {@link Fault.Kind#PASS} mode
   */
  public static FaultProxy start(String host, int port) {
    return start(host, port, "http");
  }

  private static FaultProxy start(String host, int port, String scheme) {
    try {
      return new FaultProxy(new InetSocketAddress(host, port), scheme);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a fault proxy in front of " + host, e);
    }
  }

  /**
   * Where clients connect to go through this proxy.
   *
   * @return {@code scheme://127.0.0.1:port}, stable for the life of the proxy
   */
  public URI endpoint() {
    return URI.create(scheme + "://127.0.0.1:" + listening.port());
  }

  /**
   * The local port, stable across {@link #refuse()} and {@link #pass()}.
   *
   * @return the port
   */
  public int port() {
    return listening.port();
  }

  /**
   * The address this proxy forwards to.
   *
   * @return the target address
   */
  public InetSocketAddress target() {
    return target;
  }

  /**
   * The condition now in force.
   *
   * @return the current fault
   */
  public Fault mode() {
    return listening.mode();
  }

  /** Forwards bytes unchanged; listens again if it was refusing. */
  public void pass() {
    set(Fault.pass());
  }

  /** Stops listening and resets every open connection. */
  public void refuse() {
    set(Fault.refuse());
  }

  /** Accepts connections and never answers; open connections stop forwarding. */
  public void blackHole() {
    set(Fault.blackHole());
  }

  /**
   * Delays every byte by {@code delay} in each direction.
   *
   * @param delay the one-way delay
   */
  public void latency(Duration delay) {
    set(Fault.latency(delay));
  }

  /**
   * Limits each direction of every connection to {@code bytesPerSecond}.
   *
   * @param bytesPerSecond the rate per connection and direction
   */
  public void bandwidth(long bytesPerSecond) {
    set(Fault.bandwidth(bytesPerSecond));
  }

  /**
   * Resets each connection once {@code bytes} response bytes have been forwarded on it.
   *
   * @param bytes response bytes let through per connection
   */
  public void resetAfterBytes(long bytes) {
    set(Fault.resetAfterBytes(bytes));
  }

  /**
   * Switches to {@code fault}, for new and already-open connections alike.
   *
   * @param fault the condition to impose
   */
  public void set(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    listening.set(fault);
    LOG.debug("fault proxy on port {} now {}", listening.port(), fault);
  }

  /**
   * Connections accepted since start or the last {@link #resetCounters()}.
   *
   * @return the count, including connections later refused or black-holed
   */
  public long connectionsAccepted() {
    return listening.accepted();
  }

  /**
   * Connections now open through this proxy. A black hole never closes its side, as a dropped route
   * would not: a connection the client closed while black-holed still counts here until the fault
   * is lifted. To see whether a client gave such connections up, count what reaches the region
   * after {@link #pass()} ({@link #requestsEntered()}) instead.
   *
   * @return the count
   */
  public int openConnections() {
    return listening.openConnections();
  }

  /**
   * HTTP requests whose head entered this proxy from a client since start or the last {@link
   * #resetCounters()}, whatever the fault did to them next (a request sent into a black hole
   * counts, though no server ever sees it).
   *
   * @return the count
   */
  public long requestsEntered() {
    return traffic.requests();
  }

  /**
   * Requests with this method and path whose head entered this proxy.
   *
   * @param method the HTTP method, e.g. {@code PUT}
   * @param path the percent-decoded path without the query, e.g. {@code /bucket/key}
   * @return the count
   */
  public long requestsEntered(String method, String path) {
    return traffic.requests(method, path);
  }

  /**
   * Requests with this method and path at least one of whose body bytes entered this proxy: the
   * number of times a client began to send a body there, counted before any fault could swallow it.
   *
   * @param method the HTTP method, e.g. {@code PUT}
   * @param path the percent-decoded path without the query, e.g. {@code /bucket/key}
   * @return the count
   */
  public long bodiesEntered(String method, String path) {
    return traffic.bodies(method, path);
  }

  /**
   * Request body bytes (chunk framing excluded) that entered this proxy from clients.
   *
   * @return the byte count
   */
  public long bodyBytesEntered() {
    return traffic.bodyBytes();
  }

  /**
   * Bytes from clients that a black hole swallowed: evidence that a black hole met traffic.
   *
   * @return the byte count
   */
  public long bytesSwallowed() {
    return traffic.swallowedBytes();
  }

  /**
   * Open connections a fault ended with a reset ({@link #refuse()}, {@link #resetAfterBytes}, or
   * leaving a black hole that swallowed bytes): evidence that the fault met traffic.
   *
   * @return the count
   */
  public long connectionsResetByFaults() {
    return traffic.faultResets();
  }

  /**
   * Connections whose bytes were not HTTP/1.1 requests (TLS, say), whose requests are therefore not
   * counted by {@link #requestsEntered()}.
   *
   * @return the count
   */
  public long unparsedConnections() {
    return traffic.unparsed();
  }

  /**
   * Calls {@code listener} with the head of every request that enters from now on, on the thread
   * that read it (keep it quick).
   *
   * @param listener told of each request head
   */
  public void addRequestListener(Consumer<ProxiedRequest> listener) {
    traffic.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Stops telling {@code listener}.
   *
   * @param listener a listener added before
   */
  public void removeRequestListener(Consumer<ProxiedRequest> listener) {
    traffic.removeListener(listener);
  }

  /** Sets {@link #connectionsAccepted()} and every request and fault counter back to zero. */
  public void resetCounters() {
    listening.resetAccepted();
    traffic.reset();
  }

  /** Stops listening, resets every connection and ends the proxy's threads. */
  @Override
  public void close() {
    listening.close();
  }
}
