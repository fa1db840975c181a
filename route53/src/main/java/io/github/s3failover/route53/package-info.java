/**
 * Route 53 provisioning for s3-failover: a {@link io.github.s3failover.route53.FailoverSpec} (YAML
 * or Java) describes a pair of failover CNAME records and their health checks; {@link
 * io.github.s3failover.route53.Provisioner} plans, applies, reports and destroys them; {@link
 * io.github.s3failover.route53.BucketPreflight} checks that the buckets behind them can serve a
 * failover. The command line is in {@code io.github.s3failover.route53.cli}.
 */
package io.github.s3failover.route53;
