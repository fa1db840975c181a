/**
 * The failover demo: a regional outage rehearsed on one machine, with Route 53's part played by a
 * local DNS server and S3 replication by a lagging replicator.
 */
package io.github.s3failover.examples.demo;
