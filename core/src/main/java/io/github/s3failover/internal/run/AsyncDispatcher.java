package io.github.s3failover.internal.run;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The delegate that {@code DelegatingS3AsyncClient} calls: an {@link S3AsyncClient} proxy that
 * forwards each call to the regional client of the attempt being started on this thread. Starting
 * an async operation returns a future at once, so the binding lasts only while the attempt is
 * started; its completion runs wherever the SDK completes it. The same mechanism as the sync front
 * door's {@link Dispatcher}, for the same reason (a genuinely different client per region).
 */
final class AsyncDispatcher implements InvocationHandler {
  private static final ThreadLocal<AsyncAttempt> CURRENT = new ThreadLocal<>();

  private final Supplier<S3AsyncClient> outsideCalls;
  private final S3AsyncClient proxy;

  AsyncDispatcher(Supplier<S3AsyncClient> outsideCalls) {
    this.outsideCalls = outsideCalls;
    this.proxy =
        (S3AsyncClient)
            Proxy.newProxyInstance(
                S3AsyncClient.class.getClassLoader(), new Class<?>[] {S3AsyncClient.class}, this);
  }

  S3AsyncClient proxy() {
    return proxy;
  }

  /** Starts {@code body} with calls on this thread bound to {@code attempt}. */
  static <R> R bound(AsyncAttempt attempt, Supplier<R> body) {
    AsyncAttempt previous = CURRENT.get();
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

  @Override
  public Object invoke(Object self, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      switch (method.getName()) {
        case "equals":
          return self == args[0];
        case "hashCode":
          return System.identityHashCode(self);
        default:
          return "FailoverS3AsyncClient.Dispatcher";
      }
    }
    AsyncAttempt attempt = CURRENT.get();
    // Only configuration calls arrive outside an attempt: FailoverS3AsyncClient overrides every
    // other non-operation method.
    S3AsyncClient target = attempt == null ? outsideCalls.get() : attempt.client();
    Object[] actual = attempt == null || args == null ? args : attempt.inspect(args);
    try {
      return method.invoke(target, actual);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
