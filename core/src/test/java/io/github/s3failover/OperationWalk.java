package io.github.s3failover;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Calls to every operation of an S3 client interface, by reflection, with made-up arguments that
 * name the logical bucket: the walk {@link EveryOperationIsRoutedTest} and {@link
 * EveryAsyncOperationIsRoutedTest} share. The recording regional client names each call by {@link
 * #operationName}.
 */
final class OperationWalk {
  static final String LOGICAL = "logical";

  private final Path dir;
  private final List<String> bucketFields;
  private final Map<Class<?>, Supplier<Object>> bodies;

  /**
   * @param dir where files for the Path overloads go
   * @param bucketFields the request fields set to the logical bucket
   * @param bodies an argument for each request body and response transformer type
   */
  OperationWalk(Path dir, List<String> bucketFields, Map<Class<?>, Supplier<Object>> bodies) {
    this.dir = dir;
    this.bucketFields = bucketFields;
    this.bodies = bodies;
  }

  /**
   * The methods of the interface that call an operation: not static, and with a request or a
   * Consumer-builder as the first parameter.
   */
  static List<Method> operations(Class<?> api) {
    List<Method> operations = new ArrayList<>();
    for (Method method : api.getMethods()) {
      Class<?>[] params = method.getParameterTypes();
      if (!Modifier.isStatic(method.getModifiers())
          && params.length > 0
          && (S3Request.class.isAssignableFrom(params[0]) || params[0] == Consumer.class)) {
        operations.add(method);
      }
    }
    return operations;
  }

  /** The operation a method calls: its name without the overload's suffix, capitalised. */
  static String operationName(Method method) {
    String name = method.getName().replace("Paginator", "").replace("AsBytes", "");
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** Arguments for one call of the method. */
  Object[] arguments(Method method) throws Exception {
    Class<?>[] types = method.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Class<?> type = types[i];
      if (S3Request.class.isAssignableFrom(type)) {
        args[i] = requestWithBucket(type);
      } else if (type == Consumer.class) {
        args[i] = (Consumer<Object>) this::setBucket;
      } else if (bodies.containsKey(type)) {
        args[i] = bodies.get(type).get();
      } else if (type == Path.class) {
        Path file = Files.createTempFile(dir, "body", ".bin");
        if (method.getName().startsWith("get")) {
          Files.delete(file);
        }
        args[i] = file;
      } else {
        throw new AssertionError("no argument for " + type + " of " + method);
      }
    }
    return args;
  }

  private Object requestWithBucket(Class<?> type) throws Exception {
    Method builderMethod = type.getMethod("builder");
    Object builder = builderMethod.invoke(null);
    setBucket(builder);
    return builderMethod.getReturnType().getMethod("build").invoke(builder);
  }

  private void setBucket(Object builder) {
    for (SdkField<?> field : ((SdkPojo) builder).sdkFields()) {
      if (bucketFields.contains(field.memberName())) {
        field.set(builder, LOGICAL);
      }
    }
  }

  /** An empty response of the given type, or null where the type is no SDK response. */
  static Object emptyResponse(Class<?> type) throws Exception {
    if (!SdkResponse.class.isAssignableFrom(type)) {
      return null;
    }
    Method builderMethod = type.getMethod("builder");
    Object builder = builderMethod.invoke(null);
    return builderMethod.getReturnType().getMethod("build").invoke(builder);
  }
}
