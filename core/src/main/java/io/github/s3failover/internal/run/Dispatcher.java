package io.github.s3failover.internal.run;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
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
final class Dispatcher implements InvocationHandler {
  private static final ThreadLocal<Attempt> CURRENT = new ThreadLocal<>();

  private final Supplier<S3Client> outsideCalls;
  private final S3Client proxy;

  Dispatcher(Supplier<S3Client> outsideCalls) {
    this.outsideCalls = outsideCalls;
    this.proxy =
        (S3Client)
            Proxy.newProxyInstance(
                S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, this);
  }

  S3Client proxy() {
    return proxy;
  }

  /** Runs {@code body} with calls on this thread bound to {@code attempt}; restores the old one. */
  static <R> R bound(Attempt attempt, Supplier<R> body) {
    Attempt previous = CURRENT.get();
    CURRENT.set(attempt);
    try {
      return body.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
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

  @Override
  public Object invoke(Object self, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      switch (method.getName()) {
        case "equals":
          return self == args[0];
        case "hashCode":
          return System.identityHashCode(self);
        default:
          return "FailoverS3Client.Dispatcher";
      }
    }
    Attempt attempt = CURRENT.get();
    // Only configuration calls (serviceClientConfiguration, serviceName) arrive outside an attempt:
    // FailoverS3Client overrides every other non-operation method.
    S3Client target = attempt == null ? outsideCalls.get() : attempt.client();
    Object[] actual = attempt == null || args == null ? args : attempt.inspect(args);
    try {
      return method.invoke(target, actual);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
