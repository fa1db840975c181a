/**
 * A local Route 53 that really health-checks: {@link
 * io.github.s3failover.testkit.route53.LocalRoute53} serves the Route 53 API on loopback, probes
 * its health checks' endpoints with several checkers, and answers the hosted zones' failover
 * records over DNS through the testkit's {@code LocalDnsServer}. {@link
 * io.github.s3failover.testkit.route53.ScriptedRoute53} is the same API model without transport or
 * checkers, for tests that set health themselves and serve the API from their own HTTP stub.
 */
package io.github.s3failover.testkit.route53;
