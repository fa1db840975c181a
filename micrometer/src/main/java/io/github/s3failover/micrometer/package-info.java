/**
 * Micrometer meters of a {@code FailoverS3Client}, for any application with a {@code
 * MeterRegistry}: plain Java, Micronaut, Quarkus, or Spring Boot (whose starter uses this).
 */
package io.github.s3failover.micrometer;
