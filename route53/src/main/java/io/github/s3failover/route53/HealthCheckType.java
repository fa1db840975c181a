package io.github.s3failover.route53;

/** The kind of probe a Route 53 health check sends to a region's bucket endpoint. */
public enum HealthCheckType {
  /** A GET of the health object over TLS (with SNI); the default, as S3 endpoints serve HTTPS. */
  HTTPS(443),
  /** A GET of the health object over plain HTTP. */
  HTTP(80),
  /** A TCP connection only: proves the endpoint listens, not that the bucket serves. */
  TCP(443),
  /**
   * The state of a CloudWatch alarm (OK is healthy, ALARM unhealthy), e.g. on a signed canary's
   * metric: nothing of the bucket needs to be public, and what is measured is the application's own
   * signed access. Route 53 sends no probe to the endpoint.
   */
  CLOUDWATCH_METRIC(0),
  /**
   * A parent over child checks, all of which must be healthy: a TCP check of the endpoint, the
   * CloudWatch alarm (if one is named) and a manual-override child that is always healthy until an
   * operator inverts it ({@code force-failover}, {@code force-failback}, {@code clear-override}).
   * Needs nothing public.
   */
  CALCULATED(443);

  private final int defaultPort;

  HealthCheckType(int defaultPort) {
    this.defaultPort = defaultPort;
  }

  /**
   * The port used when the spec names none.
   *
   * @return 443 for HTTPS, TCP and CALCULATED (its TCP child), 80 for HTTP, 0 (none) for
   *     CLOUDWATCH_METRIC
   */
  public int defaultPort() {
    return defaultPort;
  }

  /**
   * Whether the probe requests a path (and so needs a health object).
   *
   * @return true for HTTP and HTTPS
   */
  public boolean requestsPath() {
    return this == HTTP || this == HTTPS;
  }

  /**
   * Whether Route 53's checkers probe the endpoint (so port, interval, threshold, checker regions
   * and latency measurement apply).
   *
   * @return true for HTTP, HTTPS and TCP
   */
  public boolean probesEndpoint() {
    return this == HTTP || this == HTTPS || this == TCP;
  }
}
