package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.Finding;
import io.github.s3failover.route53.Finding.Severity;
import io.github.s3failover.route53.RegionSpec;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/** The preflight's checks of one region's bucket, each turned into a {@link Finding}. */
public final class BucketChecks {

  private final RegionSpec region;
  private final S3Client s3;
  private final HttpClient http;

  /**
   * Creates the checks.
   *
   * @param region the region
   * @param s3 a client for its bucket
   * @param http a client for the anonymous GET
   */
  public BucketChecks(RegionSpec region, S3Client s3, HttpClient http) {
    this.region = region;
    this.s3 = s3;
    this.http = http;
  }

  /**
   * Whether the bucket exists and these credentials reach it.
   *
   * @return the finding
   */
  public Finding exists() {
    try {
      s3.headBucket(r -> r.bucket(region.bucket()));
      return ok("bucket", region.bucket() + " exists in " + region.awsRegion());
    } catch (AwsServiceException e) {
      String why =
          e.statusCode() == 404
              ? "does not exist"
              : e.statusCode() == 403 ? "is not readable with these credentials" : "cannot be read";
      return error(
          "bucket",
          region.bucket() + " " + why + " (" + S3Errors.describe(e) + ")",
          "create the bucket in " + region.awsRegion() + ", or fix bucket/awsRegion in the spec");
    }
  }

  /**
   * Whether versioning is enabled (replication needs it on both sides).
   *
   * @return the finding
   */
  public Finding versioning() {
    try {
      BucketVersioningStatus status =
          s3.getBucketVersioning(r -> r.bucket(region.bucket())).status();
      if (status == BucketVersioningStatus.ENABLED) {
        return ok("versioning", "enabled");
      }
      return error(
          "versioning",
          "is "
              + (status == null ? "not enabled" : status.toString())
              + " on "
              + region.bucket()
              + "; replication needs it on both buckets",
          "run preflight --enable-versioning, or: aws s3api put-bucket-versioning --bucket "
              + region.bucket()
              + " --versioning-configuration Status=Enabled");
    } catch (AwsServiceException e) {
      return error("versioning", "cannot be read (" + S3Errors.describe(e) + ")", null);
    }
  }

  /**
   * Whether the bucket replicates to another bucket.
   *
   * @param destination the other region
   * @param direction e.g. "for failover" or "for failback"
   * @param kmsDefault whether this bucket encrypts with SSE-KMS by default
   * @return the finding
   */
  public Finding replicatesTo(RegionSpec destination, String direction, boolean kmsDefault) {
    String check = "replication";
    String arn = "arn:aws:s3:::" + destination.bucket();
    String fix =
        "run preflight --replication-role arn:aws:iam::ACCOUNT:role/ROLE (adds a rule "
            + region.bucket()
            + " -> "
            + destination.bucket()
            + " and the reverse to the buckets' other rules), or configure it in the S3 console; "
            + Replication.EXISTING_OBJECTS;
    try {
      List<ReplicationRule> rules =
          s3
              .getBucketReplication(r -> r.bucket(region.bucket()))
              .replicationConfiguration()
              .rules()
              .stream()
              .filter(
                  r ->
                      r.status() == ReplicationRuleStatus.ENABLED
                          && r.destination() != null
                          && arn.equals(r.destination().bucket()))
              .toList();
      if (rules.isEmpty()) {
        return warning(
            check, "no enabled rule to " + destination.bucket() + " (" + direction + ")", fix);
      }
      List<String> gaps = new ArrayList<>();
      for (ReplicationRule rule : rules) {
        Optional<String> gap = Replication.gap(rule, kmsDefault);
        if (gap.isEmpty()) {
          return ok(
              check,
              "to "
                  + destination.bucket()
                  + " ("
                  + direction
                  + "); "
                  + Replication.EXISTING_OBJECTS);
        }
        gaps.add(gap.get());
      }
      return warning(
          check,
          "not every object reaches "
              + destination.bucket()
              + " ("
              + direction
              + "): "
              + String.join("; ", gaps),
          fix);
    } catch (AwsServiceException e) {
      String code = S3Errors.code(e);
      if ("ReplicationConfigurationNotFoundError".equals(code)) {
        return warning(
            check,
            "none configured: objects written here never reach "
                + destination.bucket()
                + " ("
                + direction
                + ")",
            fix);
      }
      return warning(check, "could not be verified (" + S3Errors.describe(e) + ")", fix);
    }
  }

  /**
   * Whether the health object exists.
   *
   * @return the finding
   */
  public Finding healthObject() {
    String key = region.healthCheck().healthObjectKey();
    HeadObjectResponse head;
    try {
      head = s3.headObject(r -> r.bucket(region.bucket()).key(key));
    } catch (AwsServiceException e) {
      return error(
          "health object",
          key + " is missing in " + region.bucket() + " (" + S3Errors.describe(e) + ")",
          "run preflight --put-health-object, or upload any small object at that key");
    }
    ServerSideEncryption sse = head.serverSideEncryption();
    if (sse == ServerSideEncryption.AWS_KMS || sse == ServerSideEncryption.AWS_KMS_DSSE) {
      // S3 serves a KMS-encrypted object only to signed (SigV4) requests; Route 53's checkers
      // send anonymous GETs, so this region would always look down.
      return error(
          "health object",
          key
              + " is encrypted with "
              + sse
              + ": S3 answers anonymous GETs of SSE-KMS objects with an error, so Route 53's"
              + " checkers would mark this region down",
          "run preflight --put-health-object (uploads it with SSE-S3, x-amz-server-side-encryption:"
              + " AES256, whatever the bucket's default), or use a health check that reads"
              + " nothing from the bucket (type: CLOUDWATCH_METRIC)");
    }
    return ok("health object", key + " exists" + (sse == null ? "" : " (" + sse + ")"));
  }

  /**
   * The bucket's default encryption when it is SSE-KMS: objects written without an encryption
   * header are then KMS-encrypted, which anonymous readers cannot read and replication skips unless
   * its rules opt in.
   *
   * @return the KMS algorithm, or empty when the default is SSE-S3, absent or unreadable
   */
  public Optional<String> kmsDefault() {
    try {
      return s3
          .getBucketEncryption(r -> r.bucket(region.bucket()))
          .serverSideEncryptionConfiguration()
          .rules()
          .stream()
          .map(ServerSideEncryptionRule::applyServerSideEncryptionByDefault)
          .filter(Objects::nonNull)
          .map(d -> d.sseAlgorithmAsString())
          .filter(a -> a != null && a.startsWith("aws:kms"))
          .findFirst();
    } catch (AwsServiceException e) {
      return Optional.empty(); // none configured, not implemented (test servers) or not allowed
    }
  }

  /**
   * A warning when the bucket's default encryption is SSE-KMS.
   *
   * @param kms the algorithm from {@link #kmsDefault()}
   * @return the finding
   */
  public Finding kmsDefaultWarning(String kms) {
    return warning(
        "encryption",
        region.bucket()
            + " encrypts new objects with "
            + kms
            + " by default: the health object must be written with SSE-S3 (--put-health-object"
            + " does), and replication copies KMS objects only with a rule that opts in",
        "replication rules need SourceSelectionCriteria SseKmsEncryptedObjects Enabled and a"
            + " ReplicaKmsKeyID in the destination region; the replication role needs kms:Decrypt"
            + " on the source key and kms:Encrypt on the destination key (see the README's IAM"
            + " policies)");
  }

  /**
   * Whether an anonymous GET of the health URL succeeds as a Route 53 checker would judge it (see
   * {@link CheckerGet}): the checkers do not sign requests, so a private object makes a healthy
   * region look down. Every result says what this GET cannot prove.
   *
   * @return the finding
   */
  public Finding anonymousGet() {
    String url = region.healthUrl().toString();
    if (!region.healthCheck().type().requestsPath()) {
      return ok(
          "anonymous GET",
          "not needed: the " + region.healthCheck().type() + " check reads no object");
    }
    String fix =
        "let Route 53's checkers read this one object: preflight --checker-policy-ranges"
            + " ip-ranges.json prints a bucket policy allowing s3:GetObject on it only from"
            + " Route 53's health-checker ranges (not public, so Block Public Access can stay on);"
            + " or {\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
            + "\"Resource\":\"arn:aws:s3:::"
            + region.bucket()
            + "/"
            + region.healthCheck().healthObjectKey()
            + "\"}, which is public and needs Block Public Access off for bucket policies;"
            + " where ACLs are enabled, preflight --put-health-object --public-read";
    CheckerGet.Result result = new CheckerGet(http).probe(region.healthUrl());
    return switch (result.outcome()) {
      case SUCCESS ->
          ok("anonymous GET", url + " " + result.detail() + "; " + CheckerGet.CANNOT_PROVE);
      case TLS_FAILED_HERE ->
          warning(
              "anonymous GET",
              url + ": " + result.detail() + "; Route 53's checkers do not validate certificates",
              "check the endpoint's certificate; the health check itself may still pass");
      case FAILURE ->
          error(
              "anonymous GET",
              url
                  + " "
                  + result.detail()
                  + ": Route 53's checkers (unsigned requests, 4 s to connect, 2 s to answer,"
                  + " 2xx or 3xx) would mark this region unhealthy even while it serves; "
                  + CheckerGet.CANNOT_PROVE,
              fix);
    };
  }

  /**
   * The finding for a health check that reads nothing from the bucket.
   *
   * @return an OK finding saying so
   */
  public Finding nothingPublicNeeded() {
    String alarm =
        region.healthCheck().alarmName() == null
            ? ""
            : " on alarm "
                + region.healthCheck().alarmName()
                + " ("
                + region.healthCheck().alarmRegion()
                + ")";
    return ok(
        "health check",
        region.healthCheck().type()
            + alarm
            + ": Route 53 reads nothing from "
            + region.bucket()
            + ", so nothing in it needs to be readable by anyone");
  }

  private Finding ok(String check, String message) {
    return new Finding(Severity.OK, region.role(), check, message, Optional.empty());
  }

  private Finding warning(String check, String message, String fix) {
    return new Finding(Severity.WARNING, region.role(), check, message, Optional.ofNullable(fix));
  }

  private Finding error(String check, String message, String fix) {
    return new Finding(Severity.ERROR, region.role(), check, message, Optional.ofNullable(fix));
  }
}
