/**
 * Cross-region failover for Amazon S3: {@link io.github.s3failover.FailoverS3Client}, a drop-in
 * {@code S3Client} that routes each call to the region Route 53 prefers, keeps a circuit breaker
 * per region, and moves reads (and, by {@link io.github.s3failover.WritePolicy}, writes) to a
 * healthy region within one call.
 *
 * <p>Applications import this package and {@code io.github.s3failover.event}; the {@code internal}
 * package is not API.
 */
package io.github.s3failover;
