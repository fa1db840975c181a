package io.github.s3failover.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The head of one HTTP/1.1 request as it entered a {@link FaultProxy} from a client, before any
 * fault applied to it: a request sent into a black hole is seen here although no server ever gets
 * it.
 *
 * @param nanoTime {@link System#nanoTime()} when the head was complete
 * @param method the HTTP method, e.g. {@code PUT}
 * @param path the request target's path, percent-decoded, without the query, e.g. {@code
 *     /bucket/key} for path-style S3 requests
 * @param headers the headers, names in lower case (the last value wins when a name repeats)
 */
public record ProxiedRequest(
    long nanoTime, String method, String path, Map<String, String> headers) {

  /**
   * Creates a request head; the headers are copied.
   *
   * @param nanoTime when the head was complete
   * @param method the HTTP method
   * @param path the decoded path
   * @param headers the headers, names in lower case
   */
  public ProxiedRequest {
    headers = Map.copyOf(headers);
  }

  /**
   * One header's value.
   *
   * @param name the header name, in any case
   * @return its value, or empty if the request did not carry it
   */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }
}
