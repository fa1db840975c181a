package io.github.s3failover.testkit;

import java.lang.reflect.AnnotatedElement;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link LocalRegions}.
 *
 * <p>Regions live in the store of the test class, one set per requested count: a class-level
 * annotation starts its set eagerly in {@code beforeAll}, so start-up is not charged to the first
 * test's timeout; a method-level one starts its set when first injected. Before each test every set
 * of the class is {@link TestRegions#reset() reset}. After the class, every set is closed. The
 * {@link HttpFaults} of each region start lazily, on first {@link TestRegion#http()}.
 *
 * <p>Registered on its own with {@code @ExtendWith}, without the annotation, it injects two regions
 * with their own credentials.
 */
public final class LocalRegionsExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalRegionsExtension.class);
  private static final String REGISTRY = "registry";

  /** Creates the extension; JUnit does this. */
  public LocalRegionsExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    Optional<LocalRegions> declared = onClass(context.getRequiredTestClass());
    declared.ifPresent(
        spec -> registry(context).regions(spec.count(), spec.sharedCredentials(), spec.storage()));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Registry registry = classStore(context).get(REGISTRY, Registry.class);
    if (registry != null) {
      registry.reset();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Registry registry = context.getStore(NAMESPACE).remove(REGISTRY, Registry.class);
    if (registry != null) {
      registry.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestRegions.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Optional<LocalRegions> declared =
        context
            .getTestMethod()
            .flatMap(method -> find(method))
            .or(() -> context.getTestClass().flatMap(LocalRegionsExtension::onClass));
    int count = declared.map(LocalRegions::count).orElse(2);
    boolean shared = declared.map(LocalRegions::sharedCredentials).orElse(false);
    LocalRegion.Storage storage =
        declared.map(LocalRegions::storage).orElse(LocalRegion.Storage.MEMORY);
    return registry(context).regions(count, shared, storage);
  }

  private static Optional<LocalRegions> onClass(Class<?> testClass) {
    // @Nested classes take the annotation of the class they are nested in.
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      Optional<LocalRegions> found = find(c);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<LocalRegions> find(AnnotatedElement element) {
    return AnnotationSupport.findAnnotation(element, LocalRegions.class);
  }

  private static Registry registry(ExtensionContext context) {
    return classStore(context)
        .getOrComputeIfAbsent(REGISTRY, key -> new Registry(), Registry.class);
  }

  /** The store of the innermost class context: method and invocation contexts climb to it. */
  private static ExtensionContext.Store classStore(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current.getStore(NAMESPACE);
  }

  /**
   * The region sets of one test class. {@link AutoCloseable} so that JUnit closes it with the
   * class's store even when only a method was annotated, and no {@code afterAll} runs.
   */
  private static final class Registry implements AutoCloseable {
    private final Map<String, TestRegions> sets = new TreeMap<>();

    synchronized TestRegions regions(
        int count, boolean sharedCredentials, LocalRegion.Storage storage) {
      return sets.computeIfAbsent(
          count + (sharedCredentials ? " shared " : " own ") + storage,
          key -> TestRegions.start(count, sharedCredentials, storage));
    }

    synchronized void reset() {
      sets.values().forEach(TestRegions::reset);
    }

    @Override
    public synchronized void close() {
      sets.values().forEach(TestRegions::close);
      sets.clear();
    }
  }
}
