package io.github.s3failover.spring;

import io.github.s3failover.WritePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of the auto-configured {@code FailoverS3Client}, under {@value #PREFIX}. Unset values
 * keep the defaults of {@code FailoverS3ClientBuilder}, which the field initializers repeat so that
 * they show in the IDE.
 */
@ConfigurationProperties(S3FailoverProperties.PREFIX)
public class S3FailoverProperties {
  /** The prefix of every property: {@value}. */
  public static final String PREFIX = "s3.failover";

  /** Whether to auto-configure a FailoverS3Client. */
  private boolean enabled = true;

  /** Regions by id, in priority order unless 'priority' says otherwise. */
  private Map<String, S3FailoverRegionProperties> regions = new LinkedHashMap<>();

  /** Region ids, most preferred first, when the order of 'regions' is not the priority order. */
  private List<String> priority = new ArrayList<>();

  /** What writes do while the preferred region is down: PRIMARY_ONLY or FAILOVER. */
  private WritePolicy writePolicy = WritePolicy.PRIMARY_ONLY;

  /** Minimum time on a healthy region before moving to another one (failback, preference). */
  private Duration minimumDwell = Duration.ofSeconds(30);

  /** TCP connect timeout of the regional clients the library builds. */
  private Duration connectTimeout = Duration.ofSeconds(2);

  /** Time without a byte after which a call's region counts as failing. */
  private Duration readTimeout = Duration.ofSeconds(5);

  /**
   * Limit of one attempt of the sync regional clients, for regions that answer too slowly; off when
   * unset. The async ones take s3.failover.async.attempt-timeout instead.
   */
  private Duration attemptTimeout;

  /** Attempts per call in one region; only throttling and 500/503 are retried in place. */
  private int maxAttemptsPerRegion = 2;

  /** How long a pooled connection is reused, so endpoints are resolved again. */
  private Duration connectionTimeToLive = Duration.ofSeconds(60);

  /** The DNS name (Route 53 failover record) that says which region is preferred. */
  /** Whether background health probes own the regions' recovery (HealthProbes defaults). */
  private boolean healthProbesEnabled = true;

  /** Whether slow reads are hedged in the next region (HedgedReads defaults). */
  private boolean hedgedReadsEnabled = true;

  @NestedConfigurationProperty private S3FailoverDnsProperties dns = new S3FailoverDnsProperties();

  /** The per-region circuit breakers. */
  @NestedConfigurationProperty
  private S3FailoverBreakerProperties breaker = new S3FailoverBreakerProperties();

  /** The async client, presigner and transfer manager beans and their regional clients. */
  @NestedConfigurationProperty
  private S3FailoverAsyncProperties async = new S3FailoverAsyncProperties();

  /**
   * Returns whether the client is auto-configured.
   *
   * @return the flag
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether the client is auto-configured.
   *
   * @param enabled the flag
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns the regions by id.
   *
   * @return the regions, in the order they were given
   */
  public Map<String, S3FailoverRegionProperties> getRegions() {
    return regions;
  }

  /**
   * Sets the regions by id.
   *
   * @param regions the regions
   */
  public void setRegions(Map<String, S3FailoverRegionProperties> regions) {
    this.regions = regions;
  }

  /**
   * Returns the priority order, empty for the order of {@link #getRegions()}.
   *
   * @return region ids
   */
  public List<String> getPriority() {
    return priority;
  }

  /**
   * Sets the priority order.
   *
   * @param priority region ids, most preferred first
   */
  public void setPriority(List<String> priority) {
    this.priority = priority;
  }

  /**
   * Returns the write policy.
   *
   * @return the policy
   */
  public WritePolicy getWritePolicy() {
    return writePolicy;
  }

  /**
   * Sets the write policy.
   *
   * @param writePolicy the policy
   */
  public void setWritePolicy(WritePolicy writePolicy) {
    this.writePolicy = writePolicy;
  }

  /**
   * Returns the minimum dwell time.
   *
   * @return the duration
   */
  public Duration getMinimumDwell() {
    return minimumDwell;
  }

  /**
   * Sets the minimum dwell time.
   *
   * @param minimumDwell the duration
   */
  public void setMinimumDwell(Duration minimumDwell) {
    this.minimumDwell = minimumDwell;
  }

  /**
   * Returns the connect timeout.
   *
   * @return the duration
   */
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /**
   * Sets the connect timeout.
   *
   * @param connectTimeout the duration
   */
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /**
   * Returns the read timeout.
   *
   * @return the duration
   */
  public Duration getReadTimeout() {
    return readTimeout;
  }

  /**
   * Sets the read timeout.
   *
   * @param readTimeout the duration
   */
  public void setReadTimeout(Duration readTimeout) {
    this.readTimeout = readTimeout;
  }

  /**
   * Returns the attempt timeout, or null when off.
   *
   * @return the duration
   */
  public Duration getAttemptTimeout() {
    return attemptTimeout;
  }

  /**
   * Sets the attempt timeout.
   *
   * @param attemptTimeout the duration, or null for none
   */
  public void setAttemptTimeout(Duration attemptTimeout) {
    this.attemptTimeout = attemptTimeout;
  }

  /**
   * Returns the attempts per call and region.
   *
   * @return the count
   */
  public int getMaxAttemptsPerRegion() {
    return maxAttemptsPerRegion;
  }

  /**
   * Sets the attempts per call and region.
   *
   * @param maxAttemptsPerRegion the count
   */
  public void setMaxAttemptsPerRegion(int maxAttemptsPerRegion) {
    this.maxAttemptsPerRegion = maxAttemptsPerRegion;
  }

  /**
   * Returns the connection time to live.
   *
   * @return the duration
   */
  public Duration getConnectionTimeToLive() {
    return connectionTimeToLive;
  }

  /**
   * Sets the connection time to live.
   *
   * @param connectionTimeToLive the duration
   */
  public void setConnectionTimeToLive(Duration connectionTimeToLive) {
    this.connectionTimeToLive = connectionTimeToLive;
  }

  /**
   * Returns the DNS settings.
   *
   * @return the settings
   */
  public S3FailoverDnsProperties getDns() {
    return dns;
  }

  /**
   * Sets the DNS settings.
   *
   * @param dns the settings
   */
  public void setDns(S3FailoverDnsProperties dns) {
    this.dns = dns;
  }

  /**
   * Returns the circuit breaker settings.
   *
   * @return the settings
   */
  public S3FailoverBreakerProperties getBreaker() {
    return breaker;
  }

  /**
   * Sets the circuit breaker settings.
   *
   * @param breaker the settings
   */
  public void setBreaker(S3FailoverBreakerProperties breaker) {
    this.breaker = breaker;
  }

  /**
   * Returns the settings of the async beans.
   *
   * @return the settings
   */
  public S3FailoverAsyncProperties getAsync() {
    return async;
  }

  /**
   * Sets the settings of the async beans.
   *
   * @param async the settings
   */
  public void setAsync(S3FailoverAsyncProperties async) {
    this.async = async;
  }

  /**
   * Whether background health probes own the regions' recovery.
   *
   * @return true if on
   */
  public boolean isHealthProbesEnabled() {
    return healthProbesEnabled;
  }

  /**
   * Sets whether background health probes run.
   *
   * @param healthProbesEnabled true to run them
   */
  public void setHealthProbesEnabled(boolean healthProbesEnabled) {
    this.healthProbesEnabled = healthProbesEnabled;
  }

  /**
   * Whether slow reads are hedged in the next region.
   *
   * @return true if on
   */
  public boolean isHedgedReadsEnabled() {
    return hedgedReadsEnabled;
  }

  /**
   * Sets whether slow reads are hedged.
   *
   * @param hedgedReadsEnabled true to hedge
   */
  public void setHedgedReadsEnabled(boolean hedgedReadsEnabled) {
    this.hedgedReadsEnabled = hedgedReadsEnabled;
  }
}
