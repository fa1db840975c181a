package io.github.s3failover.spring;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.function.Predicate;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

/** Spring Framework 7's names for "may be invoked reflectively", so the tests serve both builds. */
final class HintsProbe {
  private HintsProbe() {}

  static Predicate<RuntimeHints> invocable(Method method) {
    return RuntimeHintsPredicates.reflection().onMethodInvocation(method);
  }

  static Predicate<RuntimeHints> invocable(Class<?> type, String methodName) {
    return RuntimeHintsPredicates.reflection().onMethodInvocation(type, methodName);
  }

  static Predicate<RuntimeHints> invocable(Constructor<?> constructor) {
    return RuntimeHintsPredicates.reflection().onConstructorInvocation(constructor);
  }
}
