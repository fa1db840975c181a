package io.github.s3failover.internal.routing;

import io.github.s3failover.internal.InternalApi;

/**
 * What a front door does after an attempt failed: try the next region of the call ({@link
 * #next()}), or end the call with an error for the application.
 */
@InternalApi
public final class Step {
  private static final Step NEXT = new Step(null);

  private final Throwable error;

  private Step(Throwable error) {
    this.error = error;
  }

  static Step fail(Throwable error) {
    return new Step(error);
  }

  /**
   * Whether the call ends here.
   *
   * @return true if {@link #error()} goes to the application
   */
  public boolean ends() {
    return error != null;
  }

  /**
   * Returns the error that ends the call.
   *
   * @return the error, or null if the call goes on
   */
  public Throwable error() {
    return error;
  }

  /**
   * Returns the step to try the next region (for a front door's own use when it must decide the
   * same).
   *
   * @return the step
   */
  public static Step next() {
    return NEXT;
  }
}
