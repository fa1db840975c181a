package io.github.s3failover.internal;

import software.amazon.awssdk.services.s3.S3Client;

/** Creates the dispatching delegate of a {@code FailoverS3Client}. */
public final class Dispatchers {
  private Dispatchers() {}

  /**
   * Creates the delegate that forwards each call to the regional client of the attempt in progress,
   * and configuration calls to the region in use.
   *
   * @param router the router that knows the region in use
   * @return the delegate
   */
  public static S3Client create(Router router) {
    return new Dispatcher(
            () -> (router.active() == null ? router.preferred() : router.active()).client())
        .proxy();
  }
}
