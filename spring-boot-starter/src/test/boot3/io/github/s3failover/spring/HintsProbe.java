package io.github.s3failover.spring;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.function.Predicate;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

/**
 * Spring Framework 6.2's names for "may be invoked reflectively", so the tests serve both builds.
 */
final class HintsProbe {
  private HintsProbe() {}

  static Predicate<RuntimeHints> invocable(Method method) {
    return RuntimeHintsPredicates.reflection().onMethod(method).invoke();
  }

  static Predicate<RuntimeHints> invocable(Class<?> type, String methodName) {
    return RuntimeHintsPredicates.reflection().onMethod(type, methodName).invoke();
  }

  static Predicate<RuntimeHints> invocable(Constructor<?> constructor) {
    return RuntimeHintsPredicates.reflection().onConstructor(constructor).invoke();
  }
}
