package io.github.s3failover.internal.routing;

import io.github.s3failover.internal.InternalApi;

/**
 * What one attempt of a call observed about the application's side of it, which decides whether the
 * call may be repeated in another region and whether a failure was the region's at all. Each front
 * door (sync, async) records these facts its own way.
 */
@InternalApi
public interface AttemptFacts {
  /** Facts of an attempt with no request body and no streamed response. */
  AttemptFacts NONE =
      new AttemptFacts() {
        @Override
        public boolean bodyReplayable() {
          return true;
        }

        @Override
        public String bodySource() {
          return "none";
        }

        @Override
        public boolean responseUntouched() {
          return true;
        }

        @Override
        public long responseBytesDelivered() {
          return 0;
        }

        @Override
        public boolean applicationFailed() {
          return false;
        }
      };

  /**
   * Whether the request body, if any, can be sent again from its first byte.
   *
   * @return true if it can (or there is none)
   */
  boolean bodyReplayable();

  /**
   * Where the request body came from, for messages.
   *
   * @return a short name ("Bytes", "Stream", ...)
   */
  String bodySource();

  /**
   * Whether no response byte has reached application code that could have passed it on.
   *
   * @return true if the call may be repeated without the application seeing a byte twice
   */
  boolean responseUntouched();

  /**
   * Returns how many response bytes reached the application, for messages.
   *
   * @return the count
   */
  long responseBytesDelivered();

  /**
   * Whether the application's own code failed (its request body's stream threw, or its response
   * transformer did) while the region was fine.
   *
   * @return true if the failure was the application's
   */
  boolean applicationFailed();
}
