package io.github.s3failover.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an invalid {@code s3.failover} property into a start-up report that names it. */
public class S3FailoverFailureAnalyzer
    extends AbstractFailureAnalyzer<S3FailoverPropertyException> {

  /** Creates the analyzer; Spring Boot finds it through {@code META-INF/spring.factories}. */
  public S3FailoverFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, S3FailoverPropertyException cause) {
    return new FailureAnalysis(
        "The S3 failover client could not be built: property '"
            + cause.getProperty()
            + "' is invalid.\n\nReason: "
            + cause.getCause().getMessage(),
        "Update '"
            + cause.getProperty()
            + "' in your configuration, or set s3.failover.enabled=false to do without the"
            + " failover client.",
        cause);
  }
}
