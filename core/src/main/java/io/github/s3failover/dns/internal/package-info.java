/**
 * The machinery behind {@code DnsRegionPreference}: the query, the reading of answers, and the
 * background refresh. Not API: may change in any release.
 */
package io.github.s3failover.dns.internal;
