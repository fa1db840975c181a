/** A stateful, in-memory Route 53 behind WireMock that speaks the real REST/XML API, for tests. */
package io.github.s3failover.route53.fake;
