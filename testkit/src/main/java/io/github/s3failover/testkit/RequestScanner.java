package io.github.s3failover.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Follows the HTTP/1.1 request framing of the bytes a client sends on one connection (request line,
 * headers, then a body framed by {@code Content-Length} or {@code Transfer-Encoding: chunked}), so
 * a {@link FaultProxy} can tell which requests, and how many of their body bytes, entered it. Only
 * looks; never changes a byte. Bytes that are not HTTP/1.1 (TLS, garbage) make it give up on the
 * connection, which {@link FaultProxy#unparsedConnections()} counts. Not thread-safe: one reader
 * thread per connection feeds it.
 */
final class RequestScanner {

  /** Told what the scanner found. */
  interface Listener {
    /** A request head is complete. */
    void head(ProxiedRequest request);

    /**
     * Body bytes of the last head arrived (chunk framing excluded); {@code first} is true for the
     * first bytes of that request's body.
     */
    void body(ProxiedRequest request, long bytes, boolean first);

    /** The bytes are not HTTP/1.1 requests; nothing more is reported for the connection. */
    void gaveUp();
  }

  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private enum State {
    HEAD,
    BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS,
    GAVE_UP
  }

  private final Listener listener;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private State state = State.HEAD;
  private ProxiedRequest current;
  private long remaining;
  private boolean bodySeen;

  RequestScanner(Listener listener) {
    this.listener = listener;
  }

  /** Feeds bytes as they came from the client. */
  void feed(byte[] data, int offset, int length) {
    int i = offset;
    int end = offset + length;
    while (i < end && state != State.GAVE_UP) {
      switch (state) {
        case BODY:
        case CHUNK_DATA:
          int n = (int) Math.min(remaining, end - i);
          remaining -= n;
          i += n;
          if (n > 0) {
            listener.body(current, n, !bodySeen);
            bodySeen = true;
          }
          if (remaining == 0) {
            state = state == State.BODY ? State.HEAD : State.CHUNK_END;
          }
          break;
        default:
          byte b = data[i++];
          line.write(b);
          if (b == '\n') {
            endOfLine();
          } else if (line.size() > MAX_HEAD_BYTES) {
            giveUp();
          }
          break;
      }
    }
  }

  private void endOfLine() {
    switch (state) {
      case HEAD:
        if (endsWith(line, "\r\n\r\n")) {
          head(line.toString(StandardCharsets.ISO_8859_1));
          line.reset();
        } else if (line.size() == 2) {
          line.reset(); // a stray CRLF between requests, which RFC 9112 tolerates
        }
        break;
      case CHUNK_SIZE:
        String size = line.toString(StandardCharsets.ISO_8859_1).trim();
        line.reset();
        int extension = size.indexOf(';');
        try {
          remaining =
              Long.parseLong(extension < 0 ? size : size.substring(0, extension).trim(), 16);
        } catch (NumberFormatException e) {
          giveUp();
          return;
        }
        state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
        break;
      case CHUNK_END:
        line.reset();
        state = State.CHUNK_SIZE;
        break;
      case TRAILERS:
        boolean empty = line.size() == 2;
        line.reset();
        if (empty) {
          state = State.HEAD;
        }
        break;
      default:
        break;
    }
  }

  private void head(String text) {
    String[] lines = text.split("\r\n");
    String[] requestLine = lines[0].split(" ");
    if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
      giveUp();
      return;
    }
    Map<String, String> headers = new HashMap<>();
    for (int k = 1; k < lines.length; k++) {
      int colon = lines[k].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[k].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[k].substring(colon + 1).trim());
      }
    }
    String target = requestLine[1];
    int query = target.indexOf('?');
    String path = decode(query < 0 ? target : target.substring(0, query));
    current = new ProxiedRequest(System.nanoTime(), requestLine[0], path, headers);
    bodySeen = false;
    listener.head(current);
    String transferEncoding = headers.getOrDefault("transfer-encoding", "");
    if (transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      state = State.CHUNK_SIZE;
      return;
    }
    try {
      remaining = Long.parseLong(headers.getOrDefault("content-length", "0"));
    } catch (NumberFormatException e) {
      giveUp();
      return;
    }
    state = remaining > 0 ? State.BODY : State.HEAD;
  }

  private void giveUp() {
    state = State.GAVE_UP;
    line.reset();
    listener.gaveUp();
  }

  private static boolean endsWith(ByteArrayOutputStream buffer, String suffix) {
    byte[] bytes = buffer.toByteArray();
    if (bytes.length < suffix.length()) {
      return false;
    }
    for (int k = 0; k < suffix.length(); k++) {
      if (bytes[bytes.length - suffix.length() + k] != suffix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Percent-decoding of a path as UTF-8; a {@code +} stays a {@code +} in a path. */
  static String decode(String path) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(path.length());
    for (int k = 0; k < path.length(); k++) {
      char c = path.charAt(k);
      if (c == '%' && k + 2 < path.length()) {
        try {
          out.write(Integer.parseInt(path.substring(k + 1, k + 3), 16));
          k += 2;
          continue;
        } catch (NumberFormatException e) {
          // not an escape: keep the character as it is
        }
      }
      byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
