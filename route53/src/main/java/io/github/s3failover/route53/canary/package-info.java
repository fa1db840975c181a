/**
 * A signed canary, runnable as an example: with the application's own credentials it PUTs and GETs
 * a canary object in one region's bucket on a schedule and publishes a standard-resolution
 * CloudWatch metric, on which an alarm (missing data treated as breaching) feeds a Route 53
 * CLOUDWATCH_METRIC health check. Nothing in the bucket needs to be public.
 */
package io.github.s3failover.route53.canary;
