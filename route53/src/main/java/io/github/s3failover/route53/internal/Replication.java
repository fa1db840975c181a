package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.ProvisioningException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.ReplicationRuleFilter;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.SseKmsEncryptedObjectsStatus;

/**
 * What "replication both ways" needs from a bucket's replication rules, and how ours joins a
 * bucket's existing configuration. Pure.
 *
 * <p>A rule replicates every new object only when it has no prefix or tag filter and, where the
 * bucket encrypts with SSE-KMS, opts in to KMS objects (SourceSelectionCriteria
 * SseKmsEncryptedObjects Enabled; S3 skips them otherwise: Amazon S3 User Guide, "Replicating
 * encrypted objects"). No rule copies objects that existed before it: S3 Batch Replication does.
 * PutBucketReplication replaces the whole configuration, so ours is merged into what is there.
 */
public final class Replication {

  /** Said wherever replication is set up or checked. */
  public static final String EXISTING_OBJECTS =
      "objects written before the rule are not replicated: copy them with S3 Batch Replication";

  private Replication() {}

  /**
   * What a rule to the destination misses of "every new object".
   *
   * @param rule an enabled rule to the destination
   * @param kmsDefault whether the source bucket encrypts with SSE-KMS by default
   * @return the gap, or empty when the rule covers every new object
   */
  @SuppressWarnings("deprecation") // Rule.Prefix is V1, deprecated, and still in use
  public static Optional<String> gap(ReplicationRule rule, boolean kmsDefault) {
    String prefix = rule.prefix();
    ReplicationRuleFilter filter = rule.filter();
    if (filter != null) {
      if (filter.tag() != null) {
        return Optional.of("rule " + rule.id() + " covers only objects tagged " + filter.tag());
      }
      if (filter.and() != null) {
        return Optional.of("rule " + rule.id() + " covers only objects matching " + filter.and());
      }
      prefix = filter.prefix();
    }
    if (prefix != null && !prefix.isEmpty()) {
      return Optional.of("rule " + rule.id() + " covers only keys under '" + prefix + "'");
    }
    boolean kmsOptIn =
        rule.sourceSelectionCriteria() != null
            && rule.sourceSelectionCriteria().sseKmsEncryptedObjects() != null
            && rule.sourceSelectionCriteria().sseKmsEncryptedObjects().status()
                == SseKmsEncryptedObjectsStatus.ENABLED;
    if (kmsDefault && !kmsOptIn) {
      return Optional.of(
          "rule "
              + rule.id()
              + " skips SSE-KMS objects, and this bucket encrypts new objects with SSE-KMS by"
              + " default (the rule needs SourceSelectionCriteria SseKmsEncryptedObjects Enabled"
              + " and a ReplicaKmsKeyID)");
    }
    return Optional.empty();
  }

  /**
   * Our rule to a destination bucket: every object, delete markers too.
   *
   * @param destinationBucket the other region's bucket
   * @param priority a priority no other rule of the bucket has
   * @return the rule
   */
  public static ReplicationRule ourRule(String destinationBucket, int priority) {
    return ReplicationRule.builder()
        .id(ruleId(destinationBucket))
        .priority(priority)
        .status(ReplicationRuleStatus.ENABLED)
        .filter(f -> f.prefix(""))
        .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.ENABLED))
        .destination(d -> d.bucket("arn:aws:s3:::" + destinationBucket))
        .build();
  }

  /**
   * The id of our rule to a destination.
   *
   * @param destinationBucket the destination bucket
   * @return {@code s3-failover-to-BUCKET}
   */
  public static String ruleId(String destinationBucket) {
    return "s3-failover-to-" + destinationBucket;
  }

  /**
   * A bucket's configuration with our rule added or replaced and every other rule kept.
   *
   * @param bucket the source bucket, for messages
   * @param existing its configuration, or null when it has none
   * @param roleArn the role the user gave
   * @param destinationBucket the other region's bucket
   * @return the configuration to put
   * @throws ProvisioningException if the bucket already replicates through another role (a
   *     configuration has one role for all its rules; replacing it could break the other rules)
   */
  public static ReplicationConfiguration merged(
      String bucket, ReplicationConfiguration existing, String roleArn, String destinationBucket) {
    List<ReplicationRule> kept = new ArrayList<>();
    int priority = 0;
    if (existing != null) {
      if (existing.role() != null && !existing.role().equals(roleArn)) {
        throw new ProvisioningException(
            bucket
                + " already replicates through role "
                + existing.role()
                + " (one role serves every rule of a bucket): pass --replication-role "
                + existing.role()
                + " after giving it access to "
                + destinationBucket
                + ", or add the rule by hand");
      }
      for (ReplicationRule rule : existing.rules()) {
        if (!ruleId(destinationBucket).equals(rule.id())) {
          kept.add(rule);
          priority = Math.max(priority, rule.priority() == null ? 0 : rule.priority());
        }
      }
    }
    kept.add(ourRule(destinationBucket, priority + 1));
    return ReplicationConfiguration.builder().role(roleArn).rules(kept).build();
  }
}
