package io.github.s3failover.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The private transformers of a raced streamed GetObject (decision 0026): the application's
 * transformer sees nothing of an attempt until the race hands it the winner's response and body,
 * and then its {@code prepare()} once.
 */
class RacedStreamTest {
  @Test
  void onlyTheSdksStreamingTransformersOfARacedReadGetAPrivateTransformer() {
    AsyncResponseTransformer<GetObjectResponse, ?> stream =
        AsyncResponseTransformer.toBlockingInputStream();
    AsyncResponseTransformer<GetObjectResponse, ?> publisher =
        AsyncResponseTransformer.toPublisher();
    for (AsyncResponseTransformer<?, ?> own : List.of(stream, publisher)) {
      AsyncAttempt raced = new AsyncAttempt(null, t -> t, true, false);
      assertThat(raced.inspect(new Object[] {"request", own})[1]).isInstanceOf(RacedStream.class);
      assertThat(raced.hedgeable()).isTrue();

      // Not raced, or the rest of a broken body (no resumable streams): the application's own.
      AsyncAttempt unraced = new AsyncAttempt(null, t -> t, false, false);
      assertThat(unraced.inspect(new Object[] {"request", own})[1])
          .isNotInstanceOf(RacedStream.class);
      AsyncAttempt rest = new AsyncAttempt(null, null, true, false);
      assertThat(rest.inspect(new Object[] {"request", own})[1]).isNotInstanceOf(RacedStream.class);
      assertThat(rest.hedgeable()).isFalse();
    }
    // A file, or a wrapper of the application's around a streaming one: never raced.
    AsyncResponseTransformer<GetObjectResponse, ?> counting = new Counting(stream);
    for (AsyncResponseTransformer<?, ?> own :
        List.of(AsyncResponseTransformer.toFile(Path.of("unused")), counting)) {
      AsyncAttempt raced = new AsyncAttempt(null, t -> t, true, false);
      assertThat(raced.inspect(new Object[] {"request", own})[1])
          .isNotInstanceOf(RacedStream.class);
      assertThat(raced.hedgeable()).isFalse();
    }
  }

  @Test
  void theApplicationsTransformerIsPreparedOnceWithTheDeliveredAttemptsResponseAndBody()
      throws Exception {
    Counting application = new Counting(AsyncResponseTransformer.toBlockingInputStream());
    RacedStream first = new RacedStream(new AsyncAttempt(null), application.erased());
    RacedStream hedge = new RacedStream(new AsyncAttempt(null), application.erased());
    CompletableFuture<Object> firstFuture = first.prepare();
    CompletableFuture<Object> hedgeFuture = hedge.prepare();
    Body firstBody = new Body("from first");
    Body hedgeBody = new Body("from hedge");
    GetObjectResponse hedgeResponse = GetObjectResponse.builder().eTag("\"hedge\"").build();

    hedge.onResponse(hedgeResponse);
    hedge.onStream(hedgeBody);
    first.onResponse(GetObjectResponse.builder().eTag("\"first\"").build());
    first.onStream(firstBody);
    assertThat(application.prepared.get()).isZero();
    assertThat(application.responses).isEmpty();

    RacedStream.Headers won = (RacedStream.Headers) hedgeFuture.get(1, TimeUnit.SECONDS);
    RacedStream.Headers lost = (RacedStream.Headers) firstFuture.get(1, TimeUnit.SECONDS);
    lost.close();
    Object delivered = won.deliver(null).get(1, TimeUnit.SECONDS);

    assertThat(application.prepared.get()).isEqualTo(1);
    assertThat(application.responses).containsExactly(hedgeResponse);
    try (InputStream in = (ResponseInputStream<?>) delivered) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("from hedge");
    }
    assertThat(firstBody.cancelled).isTrue();
    assertThat(hedgeBody.cancelled).isFalse();
    // A closed body is never handed on; a delivered one is not cancelled by a late close.
    assertThat(lost.deliver(null)).isCompletedExceptionally();
    won.close();
    assertThat(hedgeBody.cancelled).isFalse();
    assertThat(application.prepared.get()).isEqualTo(1);
  }

  @Test
  void theBodyOfAnAttemptRetiredBeforeItsHeadersIsCancelledUnread() {
    AsyncAttempt attempt = new AsyncAttempt(null);
    Counting application = new Counting(AsyncResponseTransformer.toBlockingInputStream());
    RacedStream stream = new RacedStream(attempt, application.erased());
    CompletableFuture<Object> future = stream.prepare();
    attempt.retire();
    Body body = new Body("late");

    stream.onResponse(GetObjectResponse.builder().build());
    stream.onStream(body);

    assertThat(future).isCompletedExceptionally();
    assertThat(body.cancelled).isTrue();
    assertThat(application.prepared.get()).isZero();
  }

  /** An application's transformer that counts what reaches it, around one of the SDK's. */
  private static final class Counting
      implements AsyncResponseTransformer<GetObjectResponse, Object> {
    final AtomicInteger prepared = new AtomicInteger();
    final List<GetObjectResponse> responses = new CopyOnWriteArrayList<>();
    private final AsyncResponseTransformer<GetObjectResponse, ?> delegate;

    Counting(AsyncResponseTransformer<GetObjectResponse, ?> delegate) {
      this.delegate = delegate;
    }

    @SuppressWarnings("unchecked") // the attempt passes the SDK's arguments through untyped
    AsyncResponseTransformer<Object, Object> erased() {
      return (AsyncResponseTransformer<Object, Object>) (Object) this;
    }

    @Override
    public CompletableFuture<Object> prepare() {
      prepared.incrementAndGet();
      return delegate.prepare().thenApply(r -> (Object) r);
    }

    @Override
    public void onResponse(GetObjectResponse response) {
      responses.add(response);
      delegate.onResponse(response);
    }

    @Override
    public void onStream(SdkPublisher<ByteBuffer> publisher) {
      delegate.onStream(publisher);
    }

    @Override
    public void exceptionOccurred(Throwable error) {
      delegate.exceptionOccurred(error);
    }
  }

  /** A body of one buffer that notes whether its subscriber cancelled it. */
  private static final class Body implements SdkPublisher<ByteBuffer> {
    private final byte[] bytes;
    volatile boolean cancelled;

    Body(String text) {
      this.bytes = text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
      AtomicBoolean sent = new AtomicBoolean();
      subscriber.onSubscribe(
          new Subscription() {
            @Override
            public void request(long n) {
              if (!cancelled && sent.compareAndSet(false, true)) {
                subscriber.onNext(ByteBuffer.wrap(bytes));
                subscriber.onComplete();
              }
            }

            @Override
            public void cancel() {
              cancelled = true;
            }
          });
    }
  }
}
