/** Runnable examples of s3-failover: a regional outage rehearsed on one machine. */
package io.github.s3failover.examples;
