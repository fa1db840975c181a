package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * The drop-in proof: every operation of the {@link S3Client} interface, in every overload, reaches
 * a regional client through the routing path, with the logical bucket rewritten to the physical
 * one. The regional client here is a recording stand-in: this test is about dispatch, not S3.
 */
class EveryOperationIsRoutedTest {
  @TempDir Path dir;

  private final Map<String, String> bucketByOperation = new ConcurrentHashMap<>();

  @Test
  void everyOperationOfTheInterfaceReachesTheRegionalClientWithThePhysicalBucket()
      throws Exception {
    S3Client recording = recordingClient();
    List<String> notRouted = new ArrayList<>();
    int walked = 0;
    try (FailoverS3Client client =
        FailoverS3Client.builder()
            .addRegion(
                FailoverRegion.builder("a").client(recording).bucket("logical", "phys-a").build())
            .addRegion(
                FailoverRegion.builder("b")
                    .awsRegion(Region.EU_WEST_1)
                    .bucket("logical", "phys-b")
                    .build())
            .build()) {
      for (Method method : S3Client.class.getMethods()) {
        if (Modifier.isStatic(method.getModifiers()) || !isOperation(method)) {
          continue;
        }
        walked++;
        String operation = operationName(method);
        bucketByOperation.remove(operation);
        Object result = method.invoke(client, arguments(method));
        if (result instanceof SdkIterable) {
          ((SdkIterable<?>) result).iterator().next();
        }
        String bucket = bucketByOperation.get(operation);
        if (bucket == null || !(bucket.equals("phys-a") || bucket.equals("-"))) {
          notRouted.add(method.toGenericString() + " -> " + bucket);
        }
      }
    }
    assertThat(walked).as("operations walked").isGreaterThan(200);
    assertThat(notRouted).as("operations not routed with the physical bucket").isEmpty();
  }

  private static boolean isOperation(Method method) {
    Class<?>[] params = method.getParameterTypes();
    return params.length > 0
        && (S3Request.class.isAssignableFrom(params[0]) || params[0] == Consumer.class);
  }

  private static String operationName(Method method) {
    String name = method.getName().replace("Paginator", "").replace("AsBytes", "");
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private Object[] arguments(Method method) throws Exception {
    Class<?>[] types = method.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Class<?> type = types[i];
      if (S3Request.class.isAssignableFrom(type)) {
        args[i] = requestWithBucket(type);
      } else if (type == Consumer.class) {
        args[i] = (Consumer<Object>) EveryOperationIsRoutedTest::setBucket;
      } else if (type == RequestBody.class) {
        args[i] = RequestBody.fromString("x");
      } else if (type == ResponseTransformer.class) {
        args[i] = ResponseTransformer.toBytes();
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

  private static Object requestWithBucket(Class<?> type) throws Exception {
    Method builderMethod = type.getMethod("builder");
    Object builder = builderMethod.invoke(null);
    setBucket(builder);
    return builderMethod.getReturnType().getMethod("build").invoke(builder);
  }

  private static void setBucket(Object builder) {
    for (SdkField<?> field : ((SdkPojo) builder).sdkFields()) {
      if (field.memberName().equals("Bucket")) {
        field.set(builder, "logical");
      }
    }
  }

  /** A stand-in regional client that records which operation reached it with which bucket. */
  private S3Client recordingClient() {
    return (S3Client)
        Proxy.newProxyInstance(
            S3Client.class.getClassLoader(),
            new Class<?>[] {S3Client.class},
            (proxy, method, args) -> {
              if (args == null || !(args[0] instanceof S3Request)) {
                return method.getName().equals("serviceName") ? "s3" : null;
              }
              S3Request request = (S3Request) args[0];
              String bucket = request.getValueForField("Bucket", String.class).orElse("-");
              bucketByOperation.put(operationName(method), bucket);
              return emptyResponse(method.getReturnType());
            });
  }

  private static Object emptyResponse(Class<?> type)
      throws NoSuchMethodException, IllegalAccessException, InvocationTargetException {
    if (!SdkResponse.class.isAssignableFrom(type)) {
      return null;
    }
    Method builderMethod = type.getMethod("builder");
    Object builder = builderMethod.invoke(null);
    return builderMethod.getReturnType().getMethod("build").invoke(builder);
  }
}
