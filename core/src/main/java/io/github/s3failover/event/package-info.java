/**
 * Typed events of a {@code FailoverS3Client}, delivered to a {@code FailoverListener}: region
 * switches, calls that failed over, circuit breaker transitions, preference changes, call outcomes,
 * and what a DNS-backed preference sees (answer changes, failures, ignored answers).
 */
package io.github.s3failover.event;
