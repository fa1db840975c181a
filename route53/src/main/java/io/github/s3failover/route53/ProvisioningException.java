package io.github.s3failover.route53;

/**
 * Provisioning could not go on: the message says what failed and what the user can do about it (the
 * Route 53 error code and message are kept in it, and the SDK's exception is the cause).
 */
public final class ProvisioningException extends RuntimeException {

  /** Version of the serial form. */
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and what to do
   */
  public ProvisioningException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what failed and what to do
   * @param cause the SDK's exception
   */
  public ProvisioningException(String message, Throwable cause) {
    super(message, cause);
  }
}
