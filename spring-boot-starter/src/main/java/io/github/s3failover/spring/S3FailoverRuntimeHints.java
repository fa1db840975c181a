package io.github.s3failover.spring;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a native image of an application with the failover client needs to know ahead of time,
 * registered for Spring AOT through {@code META-INF/spring/aot.factories}:
 *
 * <ul>
 *   <li>the JDK proxy of {@link S3Client} that routes every operation to the client of the region
 *       in use (core's dispatcher, see decision 0001), and the reflective invocation of each {@code
 *       S3Client} method on the regional client that the proxy performs;
 *   <li>the {@code s3.failover.*} properties, which Spring binds through their setters.
 * </ul>
 *
 * <p>Nothing else in the library reflects: the request fields it reads and rewrites (buckets,
 * upload ids, continuation tokens) are reached through the SDK's {@code SdkField} accessors, which
 * are plain lambdas, and the operation's name comes from the request's class name.
 */
public class S3FailoverRuntimeHints implements RuntimeHintsRegistrar {

  /** Created by Spring's AOT engine. */
  public S3FailoverRuntimeHints() {}

  @Override
  public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
    hints.proxies().registerJdkProxy(S3Client.class);
    // The proxy's Method objects are declared by S3Client and by the interfaces it extends
    // (SdkClient.serviceName, AutoCloseable.close, ...): each declaring type needs the hint.
    Deque<Class<?>> types = new ArrayDeque<>(List.of(S3Client.class));
    Set<Class<?>> seen = new HashSet<>();
    while (!types.isEmpty()) {
      Class<?> type = types.pop();
      if (seen.add(type)) {
        hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
        types.addAll(List.of(type.getInterfaces()));
      }
    }
    BindableRuntimeHintsRegistrar.forTypes(S3FailoverProperties.class).registerHints(hints);
  }
}
