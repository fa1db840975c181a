package io.github.s3failover.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestScannerTest {
  private final List<String> seen = new ArrayList<>();
  private final RequestScanner scanner =
      new RequestScanner(
          new RequestScanner.Listener() {
            @Override
            public void head(ProxiedRequest request) {
              seen.add(request.method() + " " + request.path());
            }

            @Override
            public void body(ProxiedRequest request, long bytes, boolean first) {
              seen.add((first ? "first " : "more ") + bytes);
            }

            @Override
            public void gaveUp() {
              seen.add("gave up");
            }
          });

  /** Feeds one byte at a time, the hardest split a socket can produce. */
  private void feedBytewise(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < bytes.length; i++) {
      scanner.feed(bytes, i, 1);
    }
  }

  @Test
  void followsContentLengthAndChunkedBodiesAcrossKeepAliveRequests() {
    String requests =
        "PUT /b/k%20%2B+x?x-id=PutObject HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
            + "hello"
            + "GET /b/k2 HTTP/1.1\r\nHost: h\r\n\r\n"
            + "PUT /b/k3 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nx-amz-trailer: v\r\n\r\n"
            + "HEAD /b/k4 HTTP/1.1\r\n\r\n";
    byte[] bytes = requests.getBytes(StandardCharsets.ISO_8859_1);
    scanner.feed(bytes, 0, bytes.length);
    List<String> whole = List.copyOf(seen);
    seen.clear();
    feedBytewise(requests);

    assertThat(whole)
        .containsExactly(
            "PUT /b/k ++x", "first 5", "GET /b/k2", "PUT /b/k3", "first 3", "more 2", "HEAD /b/k4");
    assertThat(seen)
        .containsExactly(
            "PUT /b/k ++x",
            "first 1",
            "more 1",
            "more 1",
            "more 1",
            "more 1",
            "GET /b/k2",
            "PUT /b/k3",
            "first 1",
            "more 1",
            "more 1",
            "more 1",
            "more 1",
            "HEAD /b/k4");
  }

  @Test
  void givesUpOnBytesThatAreNotHttp() {
    byte[] tls = {0x16, 0x03, 0x01, 0x02, 0x00, '\r', '\n', '\r', '\n'};
    scanner.feed(tls, 0, tls.length);
    assertThat(seen).containsExactly("gave up");
  }
}
