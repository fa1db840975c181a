package io.github.s3failover.testkit.route53;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link LocalRoute53Failover}: one {@link LocalFailover} per test
 * class, started in {@code beforeAll}, {@link LocalFailover#reset() reset} before each test, closed
 * with the class's store.
 */
public final class LocalFailoverExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalFailoverExtension.class);

  /** Creates the extension; JUnit does this. */
  public LocalFailoverExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    failover(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    failover(context).reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalFailover.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return failover(context);
  }

  private static LocalFailover failover(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    Class<?> testClass = classContext.getRequiredTestClass();
    LocalRoute53Failover settings =
        AnnotationSupport.findAnnotation(testClass, LocalRoute53Failover.class)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        testClass.getName() + " needs @LocalRoute53Failover for a LocalFailover"));
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            LocalFailover.class, key -> LocalFailover.start(settings), LocalFailover.class);
  }
}
