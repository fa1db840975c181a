package io.github.s3failover.spring;

/**
 * An {@code s3.failover} property the client cannot work with. Start-up stops, and {@link
 * S3FailoverFailureAnalyzer} names the property and the library's advice.
 */
public class S3FailoverPropertyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String property;

  /**
   * Creates the exception.
   *
   * @param property the property path, for example {@code s3.failover.read-timeout}
   * @param cause the library's complaint, whose message says what is wrong and how to fix it
   */
  public S3FailoverPropertyException(String property, IllegalArgumentException cause) {
    super("invalid property " + property + ": " + cause.getMessage(), cause);
    this.property = property;
  }

  /**
   * Returns the property at fault.
   *
   * @return the property path
   */
  public String getProperty() {
    return property;
  }
}
