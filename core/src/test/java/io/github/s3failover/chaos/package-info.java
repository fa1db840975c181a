/**
 * The chaos suite: many threads of mixed calls while faults come and go on every region and on DNS,
 * then invariants that must hold whatever the faults did (nothing acknowledged is lost, no upload
 * mixes regions, no body is sent twice, switches respect the dwell time, failures name the regions,
 * no secret leaks, no resources leak).
 */
package io.github.s3failover.chaos;
