/**
 * Internals of the Route 53 provisioning module: spec parsing and rules, reading and changing Route
 * 53 state, the bucket preflight's checks. Not API: it changes without notice.
 */
package io.github.s3failover.route53.internal;
