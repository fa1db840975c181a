package io.github.s3failover.route53;

import io.github.s3failover.route53.internal.BucketChecks;
import io.github.s3failover.route53.internal.CheckerGet;
import io.github.s3failover.route53.internal.CheckerPolicy;
import io.github.s3failover.route53.internal.Replication;
import io.github.s3failover.route53.internal.S3Errors;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Checks through S3 that the buckets behind a {@link FailoverSpec} can serve a failover: both
 * exist, versioning is on, replication runs both ways (primary to secondary for failover, back for
 * failback), the health object exists, and an anonymous GET of the health URL answers 2xx (Route
 * 53's checkers do not sign requests). Optional fix-ups put the health object, enable versioning
 * and put replication rules.
 *
 * <p>Each region gets its own S3 client on its region (or its {@code s3Endpoint}, path style),
 * closed by {@link #close()}.
 */
public final class BucketPreflight implements SdkAutoCloseable {

  /** The health object's content: small, so each probe costs S3 almost nothing. */
  public static final String HEALTH_OBJECT_BODY = "ok\n";

  private final FailoverSpec spec;
  private final Map<FailoverRole, S3Client> clients = new EnumMap<>(FailoverRole.class);
  private final HttpClient http;
  private final Consumer<String> progress;

  private BucketPreflight(
      FailoverSpec spec, AwsCredentialsProvider credentials, Consumer<String> progress) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.progress = progress;
    this.http = CheckerGet.client();
    for (RegionSpec region : spec.regions()) {
      S3ClientBuilder builder =
          S3Client.builder()
              .region(Region.of(region.awsRegion()))
              .credentialsProvider(credentials)
              .httpClientBuilder(Apache5HttpClient.builder());
      region.s3Endpoint().ifPresent(e -> builder.endpointOverride(e).forcePathStyle(true));
      clients.put(region.role(), builder.build());
    }
  }

  /**
   * A preflight for a spec.
   *
   * @param spec the spec
   * @param credentials credentials for both buckets
   * @return the preflight; close it when done
   */
  public static BucketPreflight create(FailoverSpec spec, AwsCredentialsProvider credentials) {
    return create(spec, credentials, line -> {});
  }

  /**
   * A preflight for a spec.
   *
   * @param spec the spec
   * @param credentials credentials for both buckets
   * @param progress receives one line per fix-up made
   * @return the preflight; close it when done
   */
  public static BucketPreflight create(
      FailoverSpec spec, AwsCredentialsProvider credentials, Consumer<String> progress) {
    return new BucketPreflight(spec, credentials, progress);
  }

  /**
   * Runs every check on both buckets. Nothing is changed.
   *
   * @return the findings
   */
  public PreflightReport check() {
    List<Finding> findings = new ArrayList<>();
    for (RegionSpec region : spec.regions()) {
      BucketChecks checks = checks(region);
      Finding exists = checks.exists();
      findings.add(exists);
      if (exists.severity() == Finding.Severity.ERROR) {
        continue; // every other check would fail for the same reason
      }
      findings.add(checks.versioning());
      Optional<String> kms = checks.kmsDefault();
      kms.map(checks::kmsDefaultWarning).ifPresent(findings::add);
      RegionSpec other = other(region);
      String direction = region.role() == FailoverRole.PRIMARY ? "for failover" : "for failback";
      findings.add(checks.replicatesTo(other, direction, kms.isPresent()));
      if (!region.healthCheck().type().probesEndpoint()) {
        findings.add(checks.nothingPublicNeeded());
        continue;
      }
      Finding object = checks.healthObject();
      findings.add(object);
      if (object.severity() == Finding.Severity.OK) {
        findings.add(checks.anonymousGet());
      }
    }
    return new PreflightReport(findings);
  }

  /**
   * Puts the health object in both buckets, encrypted with SSE-S3 whatever the bucket's default
   * (Route 53's checkers cannot read an SSE-KMS object).
   *
   * @param publicRead whether to give it a public-read ACL (only where the bucket allows ACLs; on
   *     buckets with Object Ownership "bucket owner enforced", use a bucket policy instead)
   * @throws ProvisioningException if S3 refuses
   */
  public void putHealthObject(boolean publicRead) {
    for (RegionSpec region : spec.regions()) {
      String key = region.healthCheck().healthObjectKey();
      s3(
          "putting the health object in " + region.bucket(),
          () ->
              client(region)
                  .putObject(
                      r -> {
                        // Explicitly SSE-S3: under an SSE-KMS bucket default the object would
                        // be KMS-encrypted, and S3 refuses anonymous GETs of those.
                        r.bucket(region.bucket())
                            .key(key)
                            .contentType("text/plain")
                            .serverSideEncryption(ServerSideEncryption.AES256);
                        if (publicRead) {
                          r.acl(ObjectCannedACL.PUBLIC_READ);
                        }
                      },
                      RequestBody.fromString(HEALTH_OBJECT_BODY, StandardCharsets.UTF_8)));
      progress.accept(
          "put s3://" + region.bucket() + "/" + key + (publicRead ? " (public-read)" : ""));
    }
  }

  /**
   * Enables versioning on both buckets.
   *
   * @throws ProvisioningException if S3 refuses
   */
  public void enableVersioning() {
    for (RegionSpec region : spec.regions()) {
      s3(
          "enabling versioning on " + region.bucket(),
          () ->
              client(region)
                  .putBucketVersioning(
                      r ->
                          r.bucket(region.bucket())
                              .versioningConfiguration(
                                  v -> v.status(BucketVersioningStatus.ENABLED))));
      progress.accept("enabled versioning on " + region.bucket());
    }
  }

  /**
   * Adds a replication rule on each bucket to the other (both ways, so a failback finds the writes
   * made during the failover), keeping the bucket's other rules: PutBucketReplication replaces the
   * whole configuration, so the current one is read and merged first. Objects that exist already
   * are not copied (S3 Batch Replication does that).
   *
   * @param roleArn the IAM role S3 assumes to replicate
   * @throws ProvisioningException if S3 refuses
   */
  public void putReplication(String roleArn) {
    if (roleArn == null || !roleArn.startsWith("arn:")) {
      throw new IllegalArgumentException(
          "replication role must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME): " + roleArn);
    }
    for (RegionSpec region : spec.regions()) {
      RegionSpec other = other(region);
      ReplicationConfiguration existing;
      try {
        existing =
            client(region)
                .getBucketReplication(r -> r.bucket(region.bucket()))
                .replicationConfiguration();
      } catch (AwsServiceException e) {
        if (!"ReplicationConfigurationNotFoundError".equals(S3Errors.code(e))) {
          // PutBucketReplication replaces every rule: without reading them, we could drop some.
          throw new ProvisioningException(
              "putting replication on "
                  + region.bucket()
                  + " failed: its current replication configuration could not be read to keep"
                  + " its other rules ("
                  + S3Errors.describe(e)
                  + ": "
                  + e.getMessage()
                  + ")",
              e);
        }
        existing = null;
      }
      ReplicationConfiguration merged =
          Replication.merged(region.bucket(), existing, roleArn, other.bucket());
      s3(
          "putting replication on " + region.bucket(),
          () ->
              client(region)
                  .putBucketReplication(
                      r -> r.bucket(region.bucket()).replicationConfiguration(merged)));
      progress.accept(
          "put replication "
              + region.bucket()
              + " -> "
              + other.bucket()
              + " ("
              + (merged.rules().size() - 1)
              + " other rule(s) kept); "
              + Replication.EXISTING_OBJECTS);
    }
  }

  /**
   * The bucket policy, per region with an HTTP(S) check, that lets only Route 53's health checkers
   * read the health object without credentials (see {@code CheckerPolicy}); nothing is changed.
   *
   * @param ipRanges an ip-ranges.json file as AWS publishes it
   * @return policy JSON per role, for regions whose check reads the health object
   */
  public Map<FailoverRole, String> checkerPolicies(Path ipRanges) {
    List<String> cidrs = CheckerPolicy.ranges(ipRanges);
    Map<FailoverRole, String> policies = new EnumMap<>(FailoverRole.class);
    for (RegionSpec region : spec.regions()) {
      if (region.healthCheck().type().requestsPath()) {
        policies.put(
            region.role(),
            CheckerPolicy.merged(
                null,
                CheckerPolicy.statement(
                    region.bucket(), region.healthCheck().healthObjectKey(), cidrs)));
      }
    }
    return policies;
  }

  /**
   * Adds (or refreshes) the checker-range statement in the bucket policy of each region whose check
   * reads the health object, keeping the policy's other statements, then asks S3 with
   * GetBucketPolicyStatus whether it counts the policy as public. Run it again with a fresh
   * ip-ranges.json when AWS changes the ranges.
   *
   * @param ipRanges an ip-ranges.json file as AWS publishes it
   * @throws ProvisioningException if S3 refuses, or counts the resulting policy as public
   */
  public void putCheckerPolicy(Path ipRanges) {
    List<String> cidrs = CheckerPolicy.ranges(ipRanges);
    for (RegionSpec region : spec.regions()) {
      if (!region.healthCheck().type().requestsPath()) {
        continue;
      }
      S3Client s3 = client(region);
      String existing;
      try {
        existing = s3.getBucketPolicy(r -> r.bucket(region.bucket())).policy();
      } catch (AwsServiceException e) {
        if (!"NoSuchBucketPolicy".equals(S3Errors.code(e))) {
          throw new ProvisioningException(
              "putting the checker policy on "
                  + region.bucket()
                  + " failed: its current policy could not be read to keep its other statements ("
                  + S3Errors.describe(e)
                  + ")",
              e);
        }
        existing = null;
      }
      String policy =
          CheckerPolicy.merged(
              existing,
              CheckerPolicy.statement(
                  region.bucket(), region.healthCheck().healthObjectKey(), cidrs));
      s3(
          "putting the checker policy on " + region.bucket(),
          () -> s3.putBucketPolicy(r -> r.bucket(region.bucket()).policy(policy)));
      Boolean isPublic;
      try {
        isPublic =
            s3.getBucketPolicyStatus(r -> r.bucket(region.bucket())).policyStatus().isPublic();
      } catch (AwsServiceException e) {
        progress.accept(
            "put the checker policy on "
                + region.bucket()
                + " ("
                + cidrs.size()
                + " ranges) but could not verify it with GetBucketPolicyStatus ("
                + S3Errors.describe(e)
                + ")");
        continue;
      }
      if (Boolean.TRUE.equals(isPublic)) {
        throw new ProvisioningException(
            "S3 counts the policy of "
                + region.bucket()
                + " as public after adding the checker statement: another statement grants"
                + " public access; review the bucket policy (the checker statement alone is not"
                + " public)");
      }
      progress.accept(
          "put the checker policy on "
              + region.bucket()
              + " ("
              + cidrs.size()
              + " Route 53 health-checker ranges); GetBucketPolicyStatus: not public");
    }
  }

  @Override
  public void close() {
    clients.values().forEach(S3Client::close);
  }

  private BucketChecks checks(RegionSpec region) {
    return new BucketChecks(region, client(region), http);
  }

  private S3Client client(RegionSpec region) {
    return clients.get(region.role());
  }

  private RegionSpec other(RegionSpec region) {
    return spec.region(
        region.role() == FailoverRole.PRIMARY ? FailoverRole.SECONDARY : FailoverRole.PRIMARY);
  }

  private static void s3(String doing, Runnable call) {
    try {
      call.run();
    } catch (AwsServiceException e) {
      throw new ProvisioningException(
          doing + " failed: " + S3Errors.describe(e) + ": " + e.getMessage(), e);
    }
  }
}
