/**
 * The machinery behind {@code FailoverS3Client}: operation classification, routing, per-call
 * failover, bucket mapping, dispatch to regional clients. Not API: may change in any release.
 */
package io.github.s3failover.internal;
