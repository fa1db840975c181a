package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.SelectObjectContentResponseHandler;

/**
 * The drop-in proof of the async client: every operation of the {@link S3AsyncClient} interface, in
 * every overload (request, Consumer-builder, Path, paginator), reaches a regional client through
 * the routing path with the logical bucket rewritten to the physical one. The regional client is a
 * recording stand-in: this test is about dispatch, not S3.
 */
class EveryAsyncOperationIsRoutedTest {
  @TempDir Path dir;

  private final Map<String, String> bucketByOperation = new ConcurrentHashMap<>();

  private OperationWalk walk;

  @Test
  void everyOperationOfTheAsyncInterfaceReachesTheRegionalClientWithThePhysicalBucket()
      throws Exception {
    walk =
        new OperationWalk(
            dir,
            List.of("Bucket"),
            Map.of(
                AsyncRequestBody.class,
                () -> AsyncRequestBody.fromString("x"),
                AsyncResponseTransformer.class,
                AsyncResponseTransformer::toBytes,
                SelectObjectContentResponseHandler.class,
                () -> SelectObjectContentResponseHandler.builder().subscriber(e -> {}).build()));
    List<String> notRouted = new ArrayList<>();
    int walked = 0;
    try (FailoverS3AsyncClient client =
        FailoverS3AsyncClient.builder(
                FailoverS3Client.builder()
                    .addRegion(
                        FailoverRegion.builder("a")
                            .awsRegion(Region.US_EAST_1)
                            .bucket("logical", "phys-a")
                            .build())
                    .addRegion(
                        FailoverRegion.builder("b")
                            .awsRegion(Region.EU_WEST_1)
                            .bucket("logical", "phys-b")
                            .build()))
            .regionClient("a", recordingClient())
            .build()) {
      for (Method method : OperationWalk.operations(S3AsyncClient.class)) {
        walked++;
        String operation = OperationWalk.operationName(method);
        bucketByOperation.remove(operation);
        Object result = method.invoke(client, walk.arguments(method));
        if (result instanceof SdkPublisher) {
          ((SdkPublisher<?>) result).limit(1).subscribe(page -> {}).get(5, TimeUnit.SECONDS);
        } else if (result instanceof CompletableFuture) {
          ((CompletableFuture<?>) result).get(5, TimeUnit.SECONDS);
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

  /** A stand-in regional client that records which operation reached it with which bucket. */
  private S3AsyncClient recordingClient() {
    return (S3AsyncClient)
        Proxy.newProxyInstance(
            S3AsyncClient.class.getClassLoader(),
            new Class<?>[] {S3AsyncClient.class},
            (proxy, method, args) -> {
              if (args == null || !(args[0] instanceof S3Request)) {
                switch (method.getName()) {
                  case "serviceName":
                    return "s3";
                  case "close":
                    return null;
                  default:
                    throw new UnsupportedOperationException(method.getName());
                }
              }
              S3Request request = (S3Request) args[0];
              String bucket = request.getValueForField("Bucket", String.class).orElse("-");
              bucketByOperation.put(OperationWalk.operationName(method), bucket);
              return CompletableFuture.completedFuture(emptyResponse(method));
            });
  }

  private static Object emptyResponse(Method method) throws Exception {
    Type type = method.getGenericReturnType();
    if (!(type instanceof ParameterizedType)) {
      return null;
    }
    Type result = ((ParameterizedType) type).getActualTypeArguments()[0];
    return result instanceof Class ? OperationWalk.emptyResponse((Class<?>) result) : null;
  }
}
