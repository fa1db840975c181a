package io.github.s3failover.internal.run;

import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The delegate that {@code DelegatingS3AsyncClient} calls: an {@link S3AsyncClient} proxy that
 * forwards each call to the regional client of the attempt being started on this thread. Starting
 * an async operation returns a future at once, so the binding lasts only while the attempt is
 * started; its completion runs wherever the SDK completes it. The same mechanism as the sync front
 * door's {@link Dispatcher}, for the same reason (a genuinely different client per region).
 */
final class AsyncDispatcher extends ThreadBoundProxy<S3AsyncClient, AsyncAttempt> {
  private static final ThreadLocal<AsyncAttempt> CURRENT = new ThreadLocal<>();

  AsyncDispatcher(Supplier<S3AsyncClient> outsideCalls) {
    super(S3AsyncClient.class, CURRENT, outsideCalls, "FailoverS3AsyncClient.Dispatcher");
  }

  /** Starts {@code body} with calls on this thread bound to {@code attempt}. */
  static <R> R bound(AsyncAttempt attempt, Supplier<R> body) {
    return bound(CURRENT, attempt, body);
  }
}
