/**
 * Typed events of a {@code FailoverS3Client}, delivered to a {@code FailoverListener}: region
 * switches, calls that failed over, circuit breaker transitions, preference changes, call outcomes.
 */
package io.github.s3failover.event;
