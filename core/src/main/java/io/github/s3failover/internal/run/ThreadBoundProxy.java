package io.github.s3failover.internal.run;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

/**
 * A client-interface proxy that forwards each call to the regional client of the attempt bound to
 * the calling thread: the delegate a {@code DelegatingS3Client} or {@code DelegatingS3AsyncClient}
 * calls. One mechanism for both front doors ({@link Dispatcher}, {@link AsyncDispatcher}); see
 * decision 0001 for why routing works this way.
 *
 * @param <C> the client interface
 * @param <A> the attempt type
 */
abstract class ThreadBoundProxy<C, A extends ThreadBoundProxy.Bound<C>>
    implements InvocationHandler {

  /** What an attempt gives the proxy: its region's client, and the arguments it may wrap. */
  interface Bound<C> {
    C client();

    Object[] inspect(Object[] args);
  }

  private final ThreadLocal<A> current;
  private final Supplier<C> outsideCalls;
  private final String name;
  private final C proxy;

  ThreadBoundProxy(Class<C> type, ThreadLocal<A> current, Supplier<C> outsideCalls, String name) {
    this.current = current;
    this.outsideCalls = outsideCalls;
    this.name = name;
    this.proxy =
        type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, this));
  }

  C proxy() {
    return proxy;
  }

  /** Runs {@code body} with calls on this thread bound to {@code attempt}; restores the old one. */
  static <A, R> R bound(ThreadLocal<A> current, A attempt, Supplier<R> body) {
    A previous = current.get();
    current.set(attempt);
    try {
      return body.get();
    } finally {
      if (previous == null) {
        current.remove();
      } else {
        current.set(previous);
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
          return name;
      }
    }
    A attempt = current.get();
    // Only configuration calls (serviceClientConfiguration, serviceName) arrive outside an attempt:
    // the failover clients override every other non-operation method.
    // Inspected first: what the arguments are may decide which client serves (AsyncAttempt).
    Object[] actual = attempt == null || args == null ? args : attempt.inspect(args);
    C target = attempt == null ? outsideCalls.get() : attempt.client();
    try {
      return method.invoke(target, actual);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
