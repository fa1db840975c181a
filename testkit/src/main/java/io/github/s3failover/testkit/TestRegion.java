package io.github.s3failover.testkit;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * One region of a test: the S3 server, the TCP fault proxy in front of it and, on first use, an
 * HTTP fault injector in front of it. Clients that should feel TCP faults use {@link #endpoint()};
 * clients that should feel HTTP faults use {@code http().endpoint()}.
 */
public final class TestRegion implements AutoCloseable {

  private final LocalRegion region;
  private final FaultProxy tcp;
  private HttpFaults http; // guarded by this; created on first use

  private TestRegion(LocalRegion region, FaultProxy tcp) {
    this.region = region;
    this.tcp = tcp;
  }

  /**
   * Starts a region and its TCP fault proxy.
   *
   * @param region a running region, owned by the result from now on
   * @return the bundle
   */
  public static TestRegion around(LocalRegion region) {
    Objects.requireNonNull(region, "region");
    return new TestRegion(region, FaultProxy.start(region.endpoint()));
  }

  /**
   * The region's name.
   *
   * @return e.g. {@code "primary"}
   */
  public String name() {
    return region.name();
  }

  /**
   * The S3 server itself.
   *
   * @return the region
   */
  public LocalRegion region() {
    return region;
  }

  /**
   * The TCP fault proxy in front of the region.
   *
   * @return the proxy
   */
  public FaultProxy tcp() {
    return tcp;
  }

  /**
   * The HTTP fault injector in front of the region, started on the first call (WireMock costs a few
   * hundred milliseconds to start, and most tests never need it).
   *
   * @return the injector
   */
  public synchronized HttpFaults http() {
    if (http == null) {
      http = HttpFaults.start(region.endpoint());
    }
    return http;
  }

  /**
   * The endpoint a client should use to be subject to TCP faults: the fault proxy's.
   *
   * @return {@code tcp().endpoint()}
   */
  public URI endpoint() {
    return tcp.endpoint();
  }

  /**
   * Credentials the region accepts.
   *
   * @return {@code region().credentials()}
   */
  public AwsCredentialsProvider credentials() {
    return region.credentials();
  }

  /**
   * Lifts every fault and zeroes every counter: starts the region if it was stopped, puts both
   * fault injectors back in pass mode. Stored objects are kept.
   */
  public synchronized void reset() {
    region.start();
    tcp.pass();
    tcp.resetCounters();
    if (http != null) {
      http.pass();
      http.resetCounters();
    }
    region.resetCounters();
  }

  /** Stops the fault injectors and the region. */
  @Override
  public synchronized void close() {
    try {
      if (http != null) {
        http.close();
      }
      tcp.close();
    } finally {
      region.close();
    }
  }

  @Override
  public String toString() {
    return "TestRegion[" + name() + ": " + region.endpoint() + " via " + tcp.endpoint() + "]";
  }
}
