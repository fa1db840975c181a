package io.github.s3failover.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The DNS preference under {@code s3.failover.dns}: set {@code name} to follow a Route 53 failover
 * record; without it the regions are used in priority order.
 */
public class S3FailoverDnsProperties {
  /** DNS name whose answer names the preferred region, for example app.example.com. */
  private String name;

  /** DNS servers to ask instead of the system's, as ip or ip:port. */
  private List<String> servers = new ArrayList<>();

  /** Record type asked for: A, AAAA, CNAME or TXT. */
  private String queryType = "A";

  /** Shortest time between two lookups, whatever the record's TTL says. */
  private Duration minTtl = Duration.ofSeconds(1);

  /** Longest time an answer is used before asking again. */
  private Duration maxTtl = Duration.ofSeconds(60);

  /** How long the last good answer outlives its TTL while lookups fail. */
  private Duration staleTime = Duration.ofMinutes(5);

  /** How long start-up waits for the first answer. */
  private Duration startTimeout = Duration.ofSeconds(2);

  /** How long one query waits for its answer. */
  private Duration queryTimeout = Duration.ofSeconds(2);

  /**
   * Returns the DNS name, or null for no DNS preference.
   *
   * @return the name
   */
  public String getName() {
    return name;
  }

  /**
   * Sets the DNS name.
   *
   * @param name for example {@code app.example.com}
   */
  public void setName(String name) {
    this.name = name;
  }

  /**
   * Returns the servers, empty for the system's.
   *
   * @return ip or ip:port values
   */
  public List<String> getServers() {
    return servers;
  }

  /**
   * Sets the servers.
   *
   * @param servers ip or ip:port values
   */
  public void setServers(List<String> servers) {
    this.servers = servers;
  }

  /**
   * Returns the record type asked for.
   *
   * @return A, AAAA, CNAME or TXT
   */
  public String getQueryType() {
    return queryType;
  }

  /**
   * Sets the record type asked for.
   *
   * @param queryType A, AAAA, CNAME or TXT
   */
  public void setQueryType(String queryType) {
    this.queryType = queryType;
  }

  /**
   * Returns the shortest time between lookups.
   *
   * @return the duration
   */
  public Duration getMinTtl() {
    return minTtl;
  }

  /**
   * Sets the shortest time between lookups.
   *
   * @param minTtl the duration
   */
  public void setMinTtl(Duration minTtl) {
    this.minTtl = minTtl;
  }

  /**
   * Returns the longest time an answer is used.
   *
   * @return the duration
   */
  public Duration getMaxTtl() {
    return maxTtl;
  }

  /**
   * Sets the longest time an answer is used.
   *
   * @param maxTtl the duration
   */
  public void setMaxTtl(Duration maxTtl) {
    this.maxTtl = maxTtl;
  }

  /**
   * Returns the stale time.
   *
   * @return the duration
   */
  public Duration getStaleTime() {
    return staleTime;
  }

  /**
   * Sets the stale time.
   *
   * @param staleTime the duration
   */
  public void setStaleTime(Duration staleTime) {
    this.staleTime = staleTime;
  }

  /**
   * Returns how long start-up waits for the first answer.
   *
   * @return the duration
   */
  public Duration getStartTimeout() {
    return startTimeout;
  }

  /**
   * Sets how long start-up waits for the first answer.
   *
   * @param startTimeout the duration
   */
  public void setStartTimeout(Duration startTimeout) {
    this.startTimeout = startTimeout;
  }

  /**
   * Returns how long one query waits.
   *
   * @return the duration
   */
  public Duration getQueryTimeout() {
    return queryTimeout;
  }

  /**
   * Sets how long one query waits.
   *
   * @param queryTimeout the duration
   */
  public void setQueryTimeout(Duration queryTimeout) {
    this.queryTimeout = queryTimeout;
  }
}
