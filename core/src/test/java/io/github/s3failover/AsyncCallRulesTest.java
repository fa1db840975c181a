package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.RegionBoundException.BoundBy;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** What may move region on the async front door: bodies, streamed responses, cancellation. */
@LocalRegions(count = 2)
@Timeout(30)
class AsyncCallRulesTest {
  private final Fixture fixture = new Fixture();

  @TempDir Path dir;

  private FailoverS3AsyncClient failoverWrites(TestRegions regions) {
    return FailoverS3AsyncClient.builder(fixture.builder(regions).writePolicy(WritePolicy.FAILOVER))
        .build();
  }

  @Test
  void aPublisherOfTheApplicationsIsSentToOneRegionOnlyAndItsFailureNamesTheBody(
      TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    try (FailoverS3AsyncClient client = failoverWrites(regions)) {
      regions.primary().tcp().refuse();
      CompletableFuture<?> put =
          client.putObject(
              b -> b.bucket(Fixture.BUCKET).key("streamed").contentLength(5L),
              AsyncRequestBody.fromPublisher(oneShot("hello")));
      assertThatThrownBy(put::join)
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              RegionBoundException.class,
              e -> {
                assertThat(e.boundBy()).isEqualTo(BoundBy.NON_REPLAYABLE_BODY);
                assertThat(e.region()).isEqualTo("primary");
              });
    }
    assertThat(regions.secondary().region().requestCount(Operation.PUT_OBJECT)).isZero();
    assertThat(regions.secondary().region().objectExists("data-secondary", "streamed")).isFalse();
  }

  @Test
  void bytesStringsAndFilesMoveRegionUnderTheFailoverWritePolicy(TestRegions regions)
      throws Exception {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    Path file = Files.write(dir.resolve("body.txt"), Fixture.bytes("from a file"));
    try (FailoverS3AsyncClient client = failoverWrites(regions)) {
      regions.primary().tcp().refuse();
      put(client, "bytes", AsyncRequestBody.fromBytes(Fixture.bytes("some bytes")));
      put(client, "string", AsyncRequestBody.fromString("a string"));
      put(client, "buffer", AsyncRequestBody.fromByteBuffer(ByteBuffer.wrap(Fixture.bytes("b"))));
      put(client, "file", AsyncRequestBody.fromFile(file));
    }
    for (String key : new String[] {"bytes", "string", "buffer", "file"}) {
      assertThat(regions.secondary().region().objectExists("data-secondary", key)).as(key).isTrue();
    }
    assertThat(regions.secondary().region().readObject("data-secondary", "file").orElseThrow())
        .isEqualTo(Fixture.bytes("from a file"));
  }

  @Test
  void aResponseStreamedToTheApplicationsOwnTransformerThatBrokeAfterBytesIsNotRepeatedElsewhere(
      TestRegions regions) {
    byte[] content = new byte[256 * 1024];
    Arrays.fill(content, (byte) 'z');
    Fixture.seed(regions, "big", content);
    try (FailoverS3AsyncClient client =
        FailoverS3AsyncClient.builder(fixture.builder(regions)).build()) {
      regions.primary().tcp().resetAfterBytes(64 * 1024);
      // A transformer of the application's (not the SDK's toPublisher(), whose body is resumed:
      // see AsyncResumeTest) hands the body over with the headers; its bytes break mid-way.
      CompletableFuture<SdkPublisher<ByteBuffer>> get =
          client.getObject(b -> b.bucket(Fixture.BUCKET).key("big"), new OwnPublisher());
      CompletableFuture<Void> drained =
          get.thenCompose(publisher -> publisher.subscribe(buffer -> {}));
      assertThatThrownBy(drained::join).isInstanceOf(CompletionException.class);
      // The stream broke after the call had succeeded: no second region was asked.
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isZero();

      // A buffered read under the same fault is repeated in the secondary.
      ResponseBytes<GetObjectResponse> bytes =
          client
              .getObject(
                  b -> b.bucket(Fixture.BUCKET).key("big"), AsyncResponseTransformer.toBytes())
              .join();
      assertThat(bytes.asByteArray()).isEqualTo(content);
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);
    }
  }

  @Test
  void cancellingTheFutureCancelsTheAttemptAndNeverCountsAgainstTheRegion(TestRegions regions) {
    Fixture.seed(regions, "slow", Fixture.bytes("never read"));
    try (FailoverS3AsyncClient client =
        FailoverS3AsyncClient.builder(fixture.builder(regions)).build()) {
      CircuitBreaker primary = client.circuitBreaker("primary");
      regions.primary().tcp().blackHole();
      long before = regions.primary().tcp().connectionsAccepted();
      for (int i = 0; i < 4; i++) {
        CompletableFuture<ResponseBytes<GetObjectResponse>> get =
            client.getObject(
                b -> b.bucket(Fixture.BUCKET).key("slow"), AsyncResponseTransformer.toBytes());
        long expected = before + i + 1;
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> regions.primary().tcp().connectionsAccepted() >= expected);
        assertThat(get.cancel(true)).isTrue();
      }
      // Twice the read timeout: a cancelled attempt must not come back as a failure.
      await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
      assertThat(primary.getMetrics().getNumberOfFailedCalls()).isZero();
      assertThat(primary.getMetrics().getNumberOfBufferedCalls()).isZero();
      assertThat(primary.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isZero();
    }
  }

  private static void put(FailoverS3AsyncClient client, String key, AsyncRequestBody body) {
    client.putObject(b -> b.bucket(Fixture.BUCKET).key(key), body).join();
  }

  /** A publisher that can be subscribed to once, as a request body streamed from a user is. */
  private static Publisher<ByteBuffer> oneShot(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    boolean[] used = new boolean[1];
    return subscriber -> {
      synchronized (used) {
        if (used[0]) {
          subscriber.onSubscribe(noop());
          subscriber.onError(new IllegalStateException("already consumed"));
          return;
        }
        used[0] = true;
      }
      subscriber.onSubscribe(
          new Subscription() {
            private boolean done;

            @Override
            public synchronized void request(long n) {
              if (!done) {
                done = true;
                subscriber.onNext(ByteBuffer.wrap(bytes));
                subscriber.onComplete();
              }
            }

            @Override
            public void cancel() {}
          });
    };
  }

  private static Subscription noop() {
    return new Subscription() {
      @Override
      public void request(long n) {}

      @Override
      public void cancel() {}
    };
  }

  /** Hands the body on as it arrives, like toPublisher(), but the application's own class. */
  private static final class OwnPublisher
      implements AsyncResponseTransformer<GetObjectResponse, SdkPublisher<ByteBuffer>> {
    private volatile CompletableFuture<SdkPublisher<ByteBuffer>> future;

    @Override
    public CompletableFuture<SdkPublisher<ByteBuffer>> prepare() {
      future = new CompletableFuture<>();
      return future;
    }

    @Override
    public void onResponse(GetObjectResponse response) {}

    @Override
    public void onStream(SdkPublisher<ByteBuffer> publisher) {
      future.complete(publisher);
    }

    @Override
    public void exceptionOccurred(Throwable error) {
      future.completeExceptionally(error);
    }
  }
}
