package io.github.s3failover.internal.run;

import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The delegate that {@code DelegatingS3Client} calls: an {@link S3Client} proxy that forwards each
 * call to the regional client chosen for the current attempt on this thread.
 *
 * <p>Why a thread-bound proxy: {@code DelegatingS3Client.invokeOperation} is the one choke point
 * every operation passes, but the operation it hands over is bound to a single delegate. Binding
 * that delegate to "the client of the attempt in progress" lets one routing method send any
 * operation to a genuinely different client (its own account, credentials, timeouts), which a
 * per-request endpoint override cannot do. The proxy also sees the raw arguments, which is where
 * request bodies and response transformers are inspected (see {@link Attempt}).
 */
final class Dispatcher extends ThreadBoundProxy<S3Client, Attempt> {
  private static final ThreadLocal<Attempt> CURRENT = new ThreadLocal<>();

  Dispatcher(Supplier<S3Client> outsideCalls) {
    super(S3Client.class, CURRENT, outsideCalls, "FailoverS3Client.Dispatcher");
  }

  /** Runs {@code body} with calls on this thread bound to {@code attempt}; restores the old one. */
  static <R> R bound(Attempt attempt, Supplier<R> body) {
    return bound(CURRENT, attempt, body);
  }

  /** The attempt in progress on this thread, or null. */
  static Attempt current() {
    return CURRENT.get();
  }

  /**
   * Whether the call in progress on this thread can send its body again. The SDK's retry inside a
   * region runs on the calling thread, so its retry condition can ask.
   */
  static boolean currentBodyReplayable() {
    Attempt attempt = CURRENT.get();
    return attempt == null || attempt.bodyReplayable();
  }
}
