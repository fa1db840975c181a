/**
 * Spring Boot auto-configuration of a {@code FailoverS3Client}: properties under {@code
 * s3.failover}, region customizers, Actuator health and Micrometer metrics.
 */
package io.github.s3failover.spring;
