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
import java.util.Set;
import java.util.TreeSet;
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
  /** The request fields that name a bucket. */
  static final List<String> BUCKET_FIELDS = List.of("Bucket", "DestinationBucket", "SourceBucket");

  /**
   * The operations whose request names no bucket: they must still be routed, and reach the regional
   * client with no bucket. Every other operation must arrive with the physical bucket in every
   * field that names one (CopyObject and UploadPartCopy: source and destination); an operation that
   * gains or loses such a field in a new SDK fails this test until the list says so.
   */
  static final Set<String> WITHOUT_BUCKET =
      Set.of("ListBuckets", "ListDirectoryBuckets", "WriteGetObjectResponse");

  @TempDir Path dir;

  private final Map<String, String> bucketByOperation = new ConcurrentHashMap<>();

  @Test
  void everyOperationOfTheInterfaceReachesTheRegionalClientWithThePhysicalBucket()
      throws Exception {
    S3Client recording = recordingClient();
    List<String> notRouted = new ArrayList<>();
    Set<String> seenWithoutBucket = new TreeSet<>();
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
        String expected = expectedBuckets(requestType(method, operation));
        if (expected.equals("-")) {
          seenWithoutBucket.add(operation);
        }
        if (!expected.equals(bucket)) {
          notRouted.add(method.toGenericString() + " -> " + bucket + ", expected " + expected);
        }
      }
    }
    assertThat(walked).as("operations walked").isGreaterThan(200);
    assertThat(notRouted).as("operations not routed with the physical bucket").isEmpty();
    assertThat(seenWithoutBucket)
        .as("operations whose request has no Bucket field")
        .containsExactlyInAnyOrderElementsOf(WITHOUT_BUCKET);
  }

  /** The request class of an operation, from its parameter or its name. */
  private static Class<?> requestType(Method method, String operation) throws Exception {
    Class<?> first = method.getParameterTypes()[0];
    if (S3Request.class.isAssignableFrom(first)) {
      return first;
    }
    return Class.forName(S3Request.class.getPackageName() + "." + operation + "Request");
  }

  /** What a routed request must carry: each bucket field of its type with the physical name. */
  private static String expectedBuckets(Class<?> requestType) throws Exception {
    Object builder = requestType.getMethod("builder").invoke(null);
    List<String> fields = new ArrayList<>();
    for (SdkField<?> field : ((SdkPojo) builder).sdkFields()) {
      if (BUCKET_FIELDS.contains(field.memberName())) {
        fields.add(field.memberName() + "=phys-a");
      }
    }
    return fields.isEmpty() ? "-" : String.join(",", new TreeSet<>(fields));
  }

  /** What a request carries in its bucket fields, in the form of {@link #expectedBuckets}. */
  private static String recordedBuckets(S3Request request) {
    List<String> fields = new ArrayList<>();
    for (SdkField<?> field : request.sdkFields()) {
      if (BUCKET_FIELDS.contains(field.memberName())) {
        fields.add(field.memberName() + "=" + field.getValueOrDefault(request));
      }
    }
    return fields.isEmpty() ? "-" : String.join(",", new TreeSet<>(fields));
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
      if (BUCKET_FIELDS.contains(field.memberName())) {
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
              bucketByOperation.put(operationName(method), recordedBuckets(request));
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
