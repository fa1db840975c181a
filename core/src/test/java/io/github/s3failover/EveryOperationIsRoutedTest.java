package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
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

  private OperationWalk walk;

  private final Map<String, String> bucketByOperation = new ConcurrentHashMap<>();

  @Test
  void everyOperationOfTheInterfaceReachesTheRegionalClientWithThePhysicalBucket()
      throws Exception {
    walk =
        new OperationWalk(
            dir,
            BUCKET_FIELDS,
            Map.of(
                RequestBody.class,
                () -> RequestBody.fromString("x"),
                ResponseTransformer.class,
                ResponseTransformer::toBytes));
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
      for (Method method : OperationWalk.operations(S3Client.class)) {
        walked++;
        String operation = OperationWalk.operationName(method);
        bucketByOperation.remove(operation);
        Object result = method.invoke(client, walk.arguments(method));
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
              bucketByOperation.put(OperationWalk.operationName(method), recordedBuckets(request));
              return OperationWalk.emptyResponse(method.getReturnType());
            });
  }
}
