package io.github.s3failover.spring;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One region under {@code s3.failover.regions.<id>}; the map key is the region's id. */
public class S3FailoverRegionProperties {
  /** AWS region of this region's buckets, for example eu-west-1. */
  private String awsRegion;

  /** Endpoint of this region's S3 (an S3-compatible server, a VPC endpoint); AWS's when unset. */
  private URI endpoint;

  /** Whether this region's client uses path-style addressing. */
  private boolean pathStyle;

  /** Logical bucket names (what the application uses) mapped to this region's buckets. */
  private Map<String, String> buckets = new LinkedHashMap<>();

  /** Host names by which a DNS answer names this region (the record's CNAME targets). */
  private List<String> hostNames = new ArrayList<>();

  /**
   * Returns the AWS region.
   *
   * @return for example {@code eu-west-1}
   */
  public String getAwsRegion() {
    return awsRegion;
  }

  /**
   * Sets the AWS region.
   *
   * @param awsRegion for example {@code eu-west-1}
   */
  public void setAwsRegion(String awsRegion) {
    this.awsRegion = awsRegion;
  }

  /**
   * Returns the endpoint, or null for AWS's.
   *
   * @return the endpoint
   */
  public URI getEndpoint() {
    return endpoint;
  }

  /**
   * Sets the endpoint.
   *
   * @param endpoint an http(s) URI
   */
  public void setEndpoint(URI endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Returns whether path-style addressing is used.
   *
   * @return the flag
   */
  public boolean isPathStyle() {
    return pathStyle;
  }

  /**
   * Sets whether path-style addressing is used.
   *
   * @param pathStyle the flag
   */
  public void setPathStyle(boolean pathStyle) {
    this.pathStyle = pathStyle;
  }

  /**
   * Returns the bucket map.
   *
   * @return logical to physical bucket names
   */
  public Map<String, String> getBuckets() {
    return buckets;
  }

  /**
   * Sets the bucket map.
   *
   * @param buckets logical to physical bucket names
   */
  public void setBuckets(Map<String, String> buckets) {
    this.buckets = buckets;
  }

  /**
   * Returns the host names of DNS answers that name this region.
   *
   * @return the host names
   */
  public List<String> getHostNames() {
    return hostNames;
  }

  /**
   * Sets the host names of DNS answers that name this region.
   *
   * @param hostNames the host names
   */
  public void setHostNames(List<String> hostNames) {
    this.hostNames = hostNames;
  }
}
