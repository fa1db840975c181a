/**
 * The chaos suite: many threads of mixed calls through a sync client, and chains of async calls and
 * Transfer Manager transfers through async clients that share its rules, while faults come and go
 * on every region and on DNS, then invariants that must hold whatever the faults did (nothing
 * acknowledged is lost, no read returns bytes of two versions, no upload mixes regions, no body is
 * sent twice, switches respect the dwell time, failures name the regions, no secret leaks, no
 * resources leak).
 */
package io.github.s3failover.chaos;
