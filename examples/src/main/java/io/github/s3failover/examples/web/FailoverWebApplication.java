package io.github.s3failover.examples.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web application whose only S3 client is the auto-configured failover client. Give it regions
 * with {@code s3.failover.regions.<id>.*} (and, for Route 53, {@code s3.failover.dns.name}); {@code
 * /media/{key}} reads from the logical bucket {@code media}, {@code /actuator/health} shows where
 * the calls go and {@code /actuator/metrics/s3.failover.calls} how they end.
 */
@SpringBootApplication
public class FailoverWebApplication {

  /** Created by Spring Boot. */
  public FailoverWebApplication() {}

  /**
   * Starts the application.
   *
   * @param args Spring Boot's arguments, for example {@code --s3.failover.regions.primary...}
   */
  public static void main(String[] args) {
    SpringApplication.run(FailoverWebApplication.class, args);
  }
}
