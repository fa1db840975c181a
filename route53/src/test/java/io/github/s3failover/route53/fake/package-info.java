/**
 * WireMock serving the real Route 53 REST/XML API from the testkit's {@code ScriptedRoute53}, for
 * tests.
 */
package io.github.s3failover.route53.fake;
