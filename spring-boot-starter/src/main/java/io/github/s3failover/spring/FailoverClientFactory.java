package io.github.s3failover.spring;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.s3failover.FailoverListener;
import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3AsyncClient;
import io.github.s3failover.FailoverS3AsyncClientBuilder;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverS3ClientBuilder;
import io.github.s3failover.HealthProbes;
import io.github.s3failover.HedgedReads;
import io.github.s3failover.RegionPreference;
import io.github.s3failover.dns.DnsRegionPreference;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.regions.Region;

/**
 * Builds the client from the properties. Every builder call that can refuse a value is made through
 * {@link #property}, so the library's message reaches the user with the property path beside it.
 */
final class FailoverClientFactory {
  private static final String P = S3FailoverProperties.PREFIX + ".";

  /**
   * What {@code build()} complains about, by a word its message contains, and the property that
   * holds it. {@code build()} checks settings against each other, so no single setter is to blame.
   */
  private static final List<Map.Entry<String, String>> BUILD_MESSAGES =
      List.of(
          Map.entry("no region configured", P + "regions"),
          Map.entry("priority", P + "priority"),
          Map.entry("logical bucket", P + "regions"),
          Map.entry("host name", P + "regions"),
          Map.entry("no region has hostNames", P + "regions"),
          Map.entry("circuitBreakerRegistry", P + "breaker"),
          Map.entry("DnsRegionPreference", P + "dns.name"));

  private FailoverClientFactory() {}

  static FailoverS3Client create(
      S3FailoverProperties props,
      RegionPreference preference,
      CircuitBreakerRegistry registry,
      List<S3FailoverRegionCustomizer> customizers,
      List<FailoverListener> listeners) {
    FailoverS3ClientBuilder b = FailoverS3Client.builder();
    property(P + "write-policy", () -> b.writePolicy(props.getWritePolicy()));
    property(P + "minimum-dwell", () -> b.minimumDwell(props.getMinimumDwell()));
    property(P + "connect-timeout", () -> b.connectTimeout(props.getConnectTimeout()));
    property(P + "read-timeout", () -> b.readTimeout(props.getReadTimeout()));
    property(
        P + "max-attempts-per-region",
        () -> b.maxAttemptsPerRegion(props.getMaxAttemptsPerRegion()));
    property(
        P + "connection-time-to-live",
        () -> b.connectionTimeToLive(props.getConnectionTimeToLive()));
    b.healthProbes(
        props.isHealthProbesEnabled() ? HealthProbes.defaults() : HealthProbes.disabled());
    b.hedgedReads(props.isHedgedReadsEnabled() ? HedgedReads.defaults() : HedgedReads.disabled());
    if (props.getAttemptTimeout() != null) {
      property(P + "attempt-timeout", () -> b.attemptTimeout(props.getAttemptTimeout()));
    }
    if (!props.getPriority().isEmpty()) {
      b.priority(props.getPriority().toArray(String[]::new));
    }
    if (preference != null) {
      b.preference(preference);
    }
    S3FailoverBreakerProperties breaker = props.getBreaker();
    if (registry != null && breaker.isCustomized()) {
      // Two sources of breaker settings would silently disagree: name the clash instead.
      throw new S3FailoverPropertyException(
          P + "breaker",
          new IllegalArgumentException(
              "a CircuitBreakerRegistry bean supplies the breakers, so s3.failover.breaker.* would"
                  + " be ignored; configure the instances s3-failover-<region id> in the registry,"
                  + " or remove the s3.failover.breaker properties"));
    }
    if (registry != null) {
      b.circuitBreakerRegistry(registry);
    } else if (breaker.isCustomized()) {
      b.circuitBreakerConfig(breakerConfig(breaker));
    }
    props.getRegions().forEach((id, region) -> b.addRegion(region(id, region, customizers)));
    listeners.forEach(b::addListener);
    return property(null, b::build);
  }

  /**
   * Builds the async client sharing the failover client's rules, with the async timeouts of the
   * properties.
   *
   * @param client the failover client
   * @param async the properties under s3.failover.async
   * @return the async client
   */
  static FailoverS3AsyncClient asyncClient(
      FailoverS3Client client, S3FailoverAsyncProperties async) {
    String a = P + "async.";
    FailoverS3AsyncClientBuilder b = FailoverS3AsyncClient.builder(client);
    if (async.getAttemptTimeout() != null) {
      property(a + "attempt-timeout", () -> b.attemptTimeout(async.getAttemptTimeout()));
    }
    if (async.getReadTimeout() != null) {
      property(a + "read-timeout", () -> b.readTimeout(async.getReadTimeout()));
    }
    return property(a + "enabled", b::build);
  }

  private static FailoverRegion region(
      String id, S3FailoverRegionProperties props, List<S3FailoverRegionCustomizer> customizers) {
    String path = P + "regions." + id;
    FailoverRegion.Builder r = property(path, () -> FailoverRegion.builder(id));
    if (props.getAwsRegion() != null) {
      r.awsRegion(Region.of(props.getAwsRegion()));
    }
    property(path + ".endpoint", () -> r.endpointOverride(props.getEndpoint()));
    r.forcePathStyle(props.isPathStyle());
    props
        .getBuckets()
        .forEach(
            (logical, physical) ->
                property(path + ".buckets." + logical, () -> r.bucket(logical, physical)));
    property(path + ".host-names", () -> r.hostNames(props.getHostNames().toArray(String[]::new)));
    customizers.forEach(c -> c.customize(id, r));
    try {
      return r.build();
    } catch (IllegalArgumentException e) {
      throw new S3FailoverPropertyException(
          e.getMessage() != null && e.getMessage().contains("awsRegion is not set")
              ? path + ".aws-region"
              : path,
          e);
    }
  }

  /**
   * Builds the DNS preference, or returns null when no name is set.
   *
   * @param dns the properties
   * @return the preference, not started
   */
  static DnsRegionPreference dnsPreference(S3FailoverDnsProperties dns) {
    String d = P + "dns.";
    DnsRegionPreference.Builder b =
        property(d + "name", () -> DnsRegionPreference.builder(dns.getName()));
    if (!dns.getServers().isEmpty()) {
      property(d + "servers", () -> b.servers(dns.getServers().toArray(String[]::new)));
    }
    property(d + "query-type", () -> b.queryType(dns.getQueryType()));
    property(d + "min-ttl", () -> b.minTtl(dns.getMinTtl()));
    property(d + "max-ttl", () -> b.maxTtl(dns.getMaxTtl()));
    property(d + "stale-time", () -> b.staleTime(dns.getStaleTime()));
    property(d + "start-timeout", () -> b.startTimeout(dns.getStartTimeout()));
    property(d + "query-timeout", () -> b.queryTimeout(dns.getQueryTimeout()));
    // The only check of build() compares the two TTL bounds.
    return property(d + "min-ttl", b::build);
  }

  private static CircuitBreakerConfig breakerConfig(S3FailoverBreakerProperties p) {
    String k = P + "breaker.";
    CircuitBreakerConfig.Builder c =
        CircuitBreakerConfig.from(
            FailoverS3ClientBuilder.defaultCircuitBreakerConfig(Clock.systemUTC()));
    if (p.getWindowSize() != null) {
      property(k + "window-size", () -> c.slidingWindowSize(p.getWindowSize()));
    }
    if (p.getMinimumCalls() != null) {
      property(k + "minimum-calls", () -> c.minimumNumberOfCalls(p.getMinimumCalls()));
    }
    if (p.getFailureRateThreshold() != null) {
      property(
          k + "failure-rate-threshold", () -> c.failureRateThreshold(p.getFailureRateThreshold()));
    }
    if (p.getWaitInOpen() != null) {
      property(k + "wait-in-open", () -> c.waitDurationInOpenState(p.getWaitInOpen()));
    }
    if (p.getHalfOpenCalls() != null) {
      property(
          k + "half-open-calls",
          () -> c.permittedNumberOfCallsInHalfOpenState(p.getHalfOpenCalls()));
    }
    return property(k + "window-size", c::build);
  }

  /**
   * Runs one builder call; its {@link IllegalArgumentException} becomes an {@link
   * S3FailoverPropertyException} naming {@code path}, or, for {@code null}, the property that the
   * message points at.
   */
  private static <T> T property(String path, Supplier<T> call) {
    try {
      return call.get();
    } catch (S3FailoverPropertyException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new S3FailoverPropertyException(path != null ? path : pathOf(e.getMessage()), e);
    }
  }

  private static String pathOf(String message) {
    String m = message == null ? "" : message;
    return BUILD_MESSAGES.stream()
        .filter(e -> m.contains(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(S3FailoverProperties.PREFIX);
  }
}
