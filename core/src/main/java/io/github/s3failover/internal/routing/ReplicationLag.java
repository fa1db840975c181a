package io.github.s3failover.internal.routing;

import io.github.s3failover.RegionAttempt;
import io.github.s3failover.internal.health.RegionState;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Marks a 404 from a region that is not the preferred one: it may only mean that replication has
 * not caught up. The exception keeps its type (a {@code NoSuchKeyException} stays one), and says
 * which region answered.
 */
final class ReplicationLag {
  private ReplicationLag() {}

  static RuntimeException annotate(
      RuntimeException e, RegionState region, RegionState preferred, List<RegionAttempt> attempts) {
    if (!FailureClassifier.isNotFound(e) || !(e instanceof AwsServiceException)) {
      return e;
    }
    AwsServiceException service = (AwsServiceException) e;
    String note =
        " [s3-failover: answered by region '"
            + region.id()
            + "', not by the preferred region '"
            + preferred.id()
            + "', which could not answer; the object may exist there and not be replicated yet]";
    String message =
        service.awsErrorDetails() != null && service.awsErrorDetails().errorMessage() != null
            ? service.awsErrorDetails().errorMessage()
            : "Not Found";
    AwsServiceException annotated = service.toBuilder().message(message + note).build();
    attempts.forEach(a -> annotated.addSuppressed(a.failure()));
    return annotated;
  }
}
