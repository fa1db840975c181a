package io.github.s3failover.route53;

import io.github.s3failover.route53.internal.SpecRules;
import java.net.URI;
import java.util.Optional;

/**
 * One region of a failover pair: its bucket, the endpoint host the failover record points at, and
 * the health check that decides whether Route 53 answers with it.
 *
 * @param role PRIMARY or SECONDARY
 * @param awsRegion the bucket's AWS region, e.g. {@code us-east-1}
 * @param bucket the bucket's name
 * @param endpoint the host name the CNAME points at and the health check probes (its
 *     FullyQualifiedDomainName); by default the virtual-hosted regional endpoint {@code
 *     BUCKET.s3.REGION.amazonaws.com}, which is also a host name {@code FailoverS3Client} can match
 *     to a region
 * @param s3Endpoint where the preflight calls S3 for this region, if not AWS's regional endpoint
 *     (for test servers; path-style addressing is used then)
 * @param setIdentifier the record's set identifier; by default {@code ROLE-REGION}
 * @param healthCheck how Route 53 probes the endpoint
 */
public record RegionSpec(
    FailoverRole role,
    String awsRegion,
    String bucket,
    String endpoint,
    Optional<URI> s3Endpoint,
    String setIdentifier,
    HealthCheckSpec healthCheck) {

  // Checks every field and reports every problem at once.
  public RegionSpec {
    SpecRules rules = new SpecRules();
    rules.present(role, "priority");
    if (rules.present(awsRegion, "awsRegion")) {
      rules.require(
          SpecRules.isAwsRegion(awsRegion),
          "awsRegion",
          "'" + awsRegion + "' is not an AWS region id; expected e.g. us-east-1");
    }
    if (rules.present(bucket, "bucket")) {
      rules.require(
          SpecRules.isBucketName(bucket),
          "bucket",
          "'"
              + bucket
              + "' is not a valid S3 bucket name; allowed: 3-63 lower-case letters, digits, '.'"
              + " and '-', starting and ending with a letter or digit");
    }
    endpoint = SpecRules.normalizeName(endpoint);
    if (rules.present(endpoint, "endpoint")) {
      rules.require(
          SpecRules.isHostName(endpoint),
          "endpoint",
          "'" + endpoint + "' is not a host name; expected e.g. BUCKET.s3.REGION.amazonaws.com");
    }
    s3Endpoint = s3Endpoint == null ? Optional.empty() : s3Endpoint;
    s3Endpoint.ifPresent(
        uri ->
            rules.require(
                ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null,
                "s3Endpoint",
                "'" + uri + "' is not allowed; expected an http:// or https:// URL"));
    if (rules.present(setIdentifier, "setIdentifier")) {
      rules.require(
          setIdentifier.length() <= 128,
          "setIdentifier",
          "is " + setIdentifier.length() + " characters; allowed: 1-128");
    }
    rules.present(healthCheck, "healthCheck");
    rules.throwIfAny();
  }

  /**
   * The regional virtual-hosted S3 endpoint of a bucket.
   *
   * @param bucket the bucket
   * @param awsRegion its region
   * @return {@code BUCKET.s3.REGION.amazonaws.com}
   */
  public static String defaultEndpoint(String bucket, String awsRegion) {
    return bucket + ".s3." + awsRegion + ".amazonaws.com";
  }

  /**
   * The URL Route 53's checkers GET, which the preflight GETs anonymously the same way: on the
   * {@link #s3Endpoint()} (path style) when one is set, else on {@link #endpoint()}.
   *
   * @return the health URL; for a TCP check, the URL of the health object all the same
   */
  public URI healthUrl() {
    String key = healthCheck.healthObjectKey();
    if (s3Endpoint.isPresent()) {
      String base = s3Endpoint.get().toString().replaceAll("/+$", "");
      return URI.create(base + "/" + bucket + "/" + key);
    }
    String scheme = healthCheck.type() == HealthCheckType.HTTP ? "http" : "https";
    int port = healthCheck.port();
    boolean defaultPort = port == (scheme.equals("http") ? 80 : 443);
    return URI.create(scheme + "://" + endpoint + (defaultPort ? "" : ":" + port) + "/" + key);
  }

  /**
   * A builder for a region; {@code endpoint} and {@code setIdentifier} default from the others.
   *
   * @param role PRIMARY or SECONDARY
   * @return a new builder
   */
  public static Builder builder(FailoverRole role) {
    return new Builder(role);
  }

  /** Builds a {@link RegionSpec}; the record's constructor validates on {@link #build()}. */
  public static final class Builder {
    private final FailoverRole role;
    private String awsRegion;
    private String bucket;
    private String endpoint;
    private URI s3Endpoint;
    private String setIdentifier;
    private HealthCheckSpec healthCheck;

    private Builder(FailoverRole role) {
      this.role = role;
    }

    /**
     * Sets the AWS region.
     *
     * @param awsRegion e.g. {@code eu-west-1}
     * @return this builder
     */
    public Builder awsRegion(String awsRegion) {
      this.awsRegion = awsRegion;
      return this;
    }

    /**
     * Sets the bucket.
     *
     * @param bucket the bucket name
     * @return this builder
     */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /**
     * Sets the host the record points at; unset means {@link #defaultEndpoint}.
     *
     * @param endpoint a host name
     * @return this builder
     */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Sets where the preflight calls S3, for test servers.
     *
     * @param s3Endpoint an http(s) URL, or null for AWS
     * @return this builder
     */
    public Builder s3Endpoint(URI s3Endpoint) {
      this.s3Endpoint = s3Endpoint;
      return this;
    }

    /**
     * Sets the record's set identifier; unset means {@code ROLE-REGION}.
     *
     * @param setIdentifier 1-128 characters
     * @return this builder
     */
    public Builder setIdentifier(String setIdentifier) {
      this.setIdentifier = setIdentifier;
      return this;
    }

    /**
     * Sets the health check; unset means {@link HealthCheckSpec#builder()}'s defaults.
     *
     * @param healthCheck the health check
     * @return this builder
     */
    public Builder healthCheck(HealthCheckSpec healthCheck) {
      this.healthCheck = healthCheck;
      return this;
    }

    /**
     * Builds the region.
     *
     * @return the region
     * @throws SpecException naming every bad field
     */
    public RegionSpec build() {
      String e = endpoint;
      if (e == null && bucket != null && awsRegion != null) {
        e = defaultEndpoint(bucket, awsRegion);
      }
      String id = setIdentifier;
      if (id == null && role != null && awsRegion != null) {
        id = role.specName() + "-" + awsRegion;
      }
      return new RegionSpec(
          role,
          awsRegion,
          bucket,
          e,
          Optional.ofNullable(s3Endpoint),
          id,
          healthCheck != null ? healthCheck : HealthCheckSpec.builder().build());
    }
  }
}
