package io.github.s3failover;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * One region that {@link FailoverS3Client} may send calls to: its id, where its S3 endpoint is, how
 * the application's logical bucket names map to its physical buckets, and either the settings for a
 * client the library builds or a client the application supplies.
 *
 * <p>Immutable; build with {@link #builder(String)}.
 */
public final class FailoverRegion {
  private final String id;
  private final Region awsRegion;
  private final URI endpointOverride;
  private final AwsCredentialsProvider credentialsProvider;
  private final boolean forcePathStyle;
  private final Map<String, String> buckets;
  private final S3Client client;
  private final Consumer<S3ClientBuilder> clientCustomizer;
  private final List<String> hostNames;
  private final String accountId;

  private FailoverRegion(Builder b) {
    this.id = b.id;
    this.awsRegion = b.awsRegion;
    this.endpointOverride = b.endpointOverride;
    this.credentialsProvider = b.credentialsProvider;
    this.forcePathStyle = b.forcePathStyle;
    this.buckets = Collections.unmodifiableMap(new LinkedHashMap<>(b.buckets));
    this.client = b.client;
    this.clientCustomizer = b.clientCustomizer;
    this.hostNames = List.copyOf(b.hostNames);
    this.accountId = b.accountId;
  }

  /**
   * Starts a region with the given id, the name used in logs, events, errors and by the {@link
   * RegionPreference} (for example {@code "primary"} or {@code "eu-west-1"}).
   *
   * @param id a short, unique, non-blank id
   * @return a builder
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Returns the region's id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Returns the AWS region of the region's buckets, if set.
   *
   * @return the AWS region
   */
  public Optional<Region> awsRegion() {
    return Optional.ofNullable(awsRegion);
  }

  /**
   * Returns the endpoint that the library-built client talks to, if overridden.
   *
   * @return the endpoint
   */
  public Optional<URI> endpointOverride() {
    return Optional.ofNullable(endpointOverride);
  }

  /**
   * Returns the credentials for the library-built client, if set (otherwise the SDK's default
   * chain).
   *
   * @return the credentials provider
   */
  public Optional<AwsCredentialsProvider> credentialsProvider() {
    return Optional.ofNullable(credentialsProvider);
  }

  /**
   * Returns whether the library-built client uses path-style addressing.
   *
   * @return true for path-style
   */
  public boolean forcePathStyle() {
    return forcePathStyle;
  }

  /**
   * Returns the map from logical bucket names (what the application uses) to this region's physical
   * bucket names.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> buckets() {
    return buckets;
  }

  /**
   * Returns the physical bucket for a logical one; an unmapped name passes through unchanged.
   *
   * @param logicalBucket the application's bucket name
   * @return this region's bucket name
   */
  public String physicalBucket(String logicalBucket) {
    return buckets.getOrDefault(logicalBucket, logicalBucket);
  }

  /**
   * Returns the client supplied by the application, if any. Such a client is used as it is: the
   * library does not change its timeouts or retries, and does not close it.
   *
   * @return the application's client
   */
  public Optional<S3Client> client() {
    return Optional.ofNullable(client);
  }

  /**
   * Returns the customizer applied last to the builder of the library-built client, if any.
   *
   * @return the customizer
   */
  public Optional<Consumer<S3ClientBuilder>> clientCustomizer() {
    return Optional.ofNullable(clientCustomizer);
  }

  /**
   * Returns the host names by which DNS answers name this region (for example the regional bucket
   * endpoint that a Route 53 failover record points at), lower case, without a trailing dot.
   *
   * @return the host names
   */
  public List<String> hostNames() {
    return hostNames;
  }

  /**
   * Returns the AWS account that owns this region's buckets, if declared: an {@code
   * ExpectedBucketOwner} that names another region's account is rewritten to this one when a call
   * goes here.
   *
   * @return the 12-digit account id
   */
  public Optional<String> accountId() {
    return Optional.ofNullable(accountId);
  }

  @Override
  public String toString() {
    return "FailoverRegion[" + id + (awsRegion == null ? "" : ", " + awsRegion.id()) + "]";
  }

  /** Builds a {@link FailoverRegion}. Every setter validates its argument. */
  public static final class Builder {
    private final String id;
    private Region awsRegion;
    private URI endpointOverride;
    private AwsCredentialsProvider credentialsProvider;
    private boolean forcePathStyle;
    private final Map<String, String> buckets = new LinkedHashMap<>();
    private S3Client client;
    private Consumer<S3ClientBuilder> clientCustomizer;
    private final List<String> hostNames = new ArrayList<>();
    private String accountId;

    private Builder(String id) {
      this.id = RegionSettingsCheck.checkedId(id);
    }

    /**
     * Sets the AWS region of this region's buckets (required unless {@link #client(S3Client)} is
     * used).
     *
     * @param awsRegion for example {@code Region.EU_WEST_1}
     * @return this builder
     */
    public Builder awsRegion(Region awsRegion) {
      this.awsRegion = awsRegion;
      return this;
    }

    /**
     * Sets the endpoint of the library-built client (an S3-compatible server, a VPC endpoint).
     *
     * @param endpoint an absolute http or https URI
     * @return this builder
     */
    public Builder endpointOverride(URI endpoint) {
      this.endpointOverride = RegionSettingsCheck.checkedEndpoint(id, endpoint);
      return this;
    }

    /**
     * Sets the credentials of the library-built client (a DR bucket often lives in another
     * account).
     *
     * @param credentialsProvider the credentials
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      this.credentialsProvider = credentialsProvider;
      return this;
    }

    /**
     * Sets whether the library-built client uses path-style addressing (needed by most
     * S3-compatible servers on an IP address).
     *
     * @param forcePathStyle true for path-style
     * @return this builder
     */
    public Builder forcePathStyle(boolean forcePathStyle) {
      this.forcePathStyle = forcePathStyle;
      return this;
    }

    /**
     * Maps a logical bucket name, the one the application uses, to this region's physical bucket.
     *
     * @param logicalBucket the application's name
     * @param physicalBucket the bucket in this region
     * @return this builder
     */
    public Builder bucket(String logicalBucket, String physicalBucket) {
      RegionSettingsCheck.checkBucket(id, logicalBucket, physicalBucket, buckets);
      buckets.put(logicalBucket, physicalBucket);
      return this;
    }

    /**
     * Uses a client supplied by the application for this region, as it is: its credentials,
     * timeouts and retries stay the application's. Mutually exclusive with the settings for a
     * library-built client (endpoint, credentials, path style, customizer).
     *
     * @param client the application's client, closed by the application
     * @return this builder
     */
    public Builder client(S3Client client) {
      this.client = client;
      return this;
    }

    /**
     * Adds a last word on the builder of the library-built client (HTTP client, overrides).
     *
     * @param customizer applied after the library's own settings
     * @return this builder
     */
    public Builder clientCustomizer(Consumer<S3ClientBuilder> customizer) {
      this.clientCustomizer = customizer;
      return this;
    }

    /**
     * Adds host names by which DNS answers name this region (used by DNS-backed preferences).
     *
     * @param names host names, case-insensitive, with or without a trailing dot
     * @return this builder
     */
    public Builder hostNames(String... names) {
      for (String name : names) {
        hostNames.add(RegionSettingsCheck.hostName(id, name));
      }
      return this;
    }

    /**
     * Declares the AWS account that owns this region's buckets. A disaster-recovery bucket often
     * lives in another account: when every region declares its account, a call that carries {@code
     * ExpectedBucketOwner} (or {@code ExpectedSourceBucketOwner}) naming one region's account is
     * sent to another region with that region's account instead, so the owner check still passes
     * there. Owners that name no configured account pass through unchanged.
     *
     * @param accountId the 12-digit AWS account id
     * @return this builder
     */
    public Builder accountId(String accountId) {
      this.accountId = RegionSettingsCheck.checkedAccountId(id, accountId);
      return this;
    }

    /**
     * Builds the region, checking that its settings fit together.
     *
     * @return the region
     * @throws IllegalArgumentException naming what is wrong and how to fix it
     */
    public FailoverRegion build() {
      return RegionSettingsCheck.fitsTogether(new FailoverRegion(this));
    }
  }
}
