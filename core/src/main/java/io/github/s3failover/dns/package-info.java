/**
 * Region preference from DNS: {@link io.github.s3failover.dns.DnsRegionPreference} follows a Route
 * 53 failover record (or any DNS name) and tells {@code FailoverS3Client} which configured region
 * the record names now, refreshing in the background as the record's TTL runs out.
 */
package io.github.s3failover.dns;
