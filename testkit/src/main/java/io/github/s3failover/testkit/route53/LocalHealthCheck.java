package io.github.s3failover.testkit.route53;

import java.util.Objects;

/**
 * A health check's configuration for {@link LocalRoute53#createHealthCheck}.
 *
 * @param type HTTP, HTTPS or TCP
 * @param fullyQualifiedDomainName the host name probed (and sent as Host)
 * @param port the port probed
 * @param resourcePath the path requested, with its leading slash, or null for TCP
 * @param requestInterval 10 or 30 seconds, before the time factor
 * @param failureThreshold 1-10 consecutive results
 */
public record LocalHealthCheck(
    String type,
    String fullyQualifiedDomainName,
    int port,
    String resourcePath,
    int requestInterval,
    int failureThreshold) {

  /** Checks that the type and host are given. */
  public LocalHealthCheck {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(fullyQualifiedDomainName, "fullyQualifiedDomainName");
  }

  /**
   * An HTTP check with Route 53's defaults: every 30 s, 3 failures.
   *
   * @param host the host name probed
   * @param port the port
   * @param path the path, with its leading slash
   * @return the configuration
   */
  public static LocalHealthCheck http(String host, int port, String path) {
    return new LocalHealthCheck("HTTP", host, port, path, 30, 3);
  }

  /**
   * A TCP check with Route 53's defaults: every 30 s, 3 failures.
   *
   * @param host the host name probed
   * @param port the port
   * @return the configuration
   */
  public static LocalHealthCheck tcp(String host, int port) {
    return new LocalHealthCheck("TCP", host, port, null, 30, 3);
  }

  /**
   * The same check with another interval and threshold.
   *
   * @param interval 10 or 30 seconds
   * @param threshold 1-10
   * @return the configuration
   */
  public LocalHealthCheck every(int interval, int threshold) {
    return new LocalHealthCheck(
        type, fullyQualifiedDomainName, port, resourcePath, interval, threshold);
  }

  /** The body of a CreateHealthCheck request for this configuration. */
  String createRequest(String callerReference) {
    return Xml.document(
        "CreateHealthCheckRequest",
        Xml.el("CallerReference", callerReference)
            + "<HealthCheckConfig>"
            + Xml.el("Type", type)
            + Xml.el("FullyQualifiedDomainName", fullyQualifiedDomainName)
            + Xml.el("Port", port)
            + Xml.el("ResourcePath", resourcePath)
            + Xml.el("RequestInterval", requestInterval)
            + Xml.el("FailureThreshold", failureThreshold)
            + "</HealthCheckConfig>");
  }
}
