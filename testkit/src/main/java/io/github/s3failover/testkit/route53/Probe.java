package io.github.s3failover.testkit.route53;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One request of one health checker, made as Route 53's checkers make it (Developer Guide, "How
 * Amazon Route 53 determines whether a health check is healthy"): HTTP and HTTPS must connect
 * within 4 s and receive a status line within 2 s of connecting, and the status must be 2xx or 3xx;
 * HTTPS does not validate the certificate; TCP must connect within 10 s. Each probe opens a new
 * connection, as a checker does. The timeouts come scaled by the caller's time factor, but never
 * under 500 ms.
 *
 * @param type HTTP, HTTPS, HTTP_STR_MATCH, HTTPS_STR_MATCH or TCP (string matching is not
 *     evaluated: the status code decides)
 * @param address where to connect
 * @param host the Host header (and SNI name when {@code sni}), usually the FQDN
 * @param path the resource path, with its leading slash
 * @param sni whether to send the host as SNI
 */
record Probe(String type, InetSocketAddress address, String host, String path, boolean sni) {

  /** What a checker saw. */
  record Result(boolean success, String status) {}

  static final Duration HTTP_CONNECT = Duration.ofSeconds(4);
  static final Duration HTTP_RESPONSE = Duration.ofSeconds(2);
  static final Duration TCP_CONNECT = Duration.ofSeconds(10);
  static final Duration MIN_TIMEOUT = Duration.ofMillis(500);

  Result run(double timeFactor) {
    boolean tcp = type.equals("TCP");
    Duration connect = timeout(tcp ? TCP_CONNECT : HTTP_CONNECT, timeFactor);
    Duration response = timeout(HTTP_RESPONSE, timeFactor);
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      try {
        socket.connect(address, (int) connect.toMillis());
      } catch (SocketTimeoutException e) {
        return new Result(
            false,
            "Failure: Connection timed out. The endpoint or the internet connection is down, or"
                + " requests are being blocked by your firewall.");
      } catch (ConnectException e) {
        return new Result(false, "Failure: Connection refused. " + e.getMessage());
      }
      if (tcp) {
        return new Result(true, "Success: TCP connection established.");
      }
      long deadline = System.nanoTime() + response.toNanos();
      Socket channel = type.startsWith("HTTPS") ? tls(socket, response) : socket;
      return http(channel, deadline);
    } catch (SocketTimeoutException e) {
      return new Result(
          false,
          "Failure: Response timed out. The endpoint did not respond within "
              + response.toMillis()
              + " ms of connecting.");
    } catch (IOException e) {
      return new Result(false, "Failure: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private Result http(Socket socket, long deadline) throws IOException {
    String request =
        "GET "
            + (path == null || path.isEmpty() ? "/" : path)
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nUser-Agent: Amazon-Route53-Health-Check-Service (local)\r\n"
            + "Connection: close\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SocketTimeoutException("no status line in time");
      }
      socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
      int b = in.read();
      if (b < 0 || b == '\n' || line.length() > 200) {
        break;
      }
      line.append((char) b);
    }
    String[] parts = line.toString().trim().split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      return new Result(false, "Failure: the endpoint did not answer with HTTP: " + line);
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return new Result(false, "Failure: the endpoint did not answer with HTTP: " + line);
    }
    String reason = parts.length > 2 ? parts[2] : "";
    boolean success = status >= 200 && status < 400;
    return new Result(
        success,
        (success ? "Success" : "Failure") + ": HTTP Status Code " + status + ", " + reason);
  }

  private Socket tls(Socket plain, Duration handshake) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
      SSLSocket socket =
          (SSLSocket) context.getSocketFactory().createSocket(plain, host, address.getPort(), true);
      if (sni) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(host)));
        socket.setSSLParameters(parameters);
      }
      socket.setSoTimeout((int) Math.max(1, handshake.toMillis()));
      socket.startHandshake();
      return socket;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot set up TLS", e);
    }
  }

  /**
   * A scaled timeout, never under {@link #MIN_TIMEOUT}: a server on this machine that has just
   * started (a cold JVM) can take hundreds of milliseconds to answer its first requests, more on a
   * loaded machine, which no real endpoint would be failed for.
   */
  static Duration timeout(Duration d, double factor) {
    Duration scaled = scale(d, factor);
    return scaled.compareTo(MIN_TIMEOUT) < 0
        ? MIN_TIMEOUT.compareTo(d) < 0 ? MIN_TIMEOUT : d
        : scaled;
  }

  static Duration scale(Duration d, double factor) {
    return Duration.ofNanos(Math.max(1_000_000L, Math.round(d.toNanos() * factor)));
  }

  /** Route 53's HTTPS checks do not validate certificates. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
