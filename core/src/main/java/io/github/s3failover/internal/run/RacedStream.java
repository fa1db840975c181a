package io.github.s3failover.internal.run;

import io.github.s3failover.internal.streams.CancelAtOnce;
import io.github.s3failover.internal.streams.ResumingTransformer;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;

/**
 * The private response transformer of one attempt of a hedge race of a GetObject streamed through
 * the SDK's {@code toPublisher()} or {@code toBlockingInputStream()} (decision 0026). Each attempt
 * has its own; none of them touches the application's transformer. The first attempt whose response
 * headers arrive claims the race ({@link #onResponse}); its future then completes with {@link
 * Headers}, the response and its unread body, which the call hands to the application's transformer
 * ({@link Headers#deliver}) once the race has chosen it: the application's {@code prepare()},
 * {@code onResponse()} and {@code onStream()} are called once, with the winner's.
 *
 * <p>A body that is not delivered (the attempt lost, or the call was cancelled) is cancelled
 * unread, which makes the SDK close its connection.
 */
final class RacedStream implements AsyncResponseTransformer<Object, Object> {
  private final AsyncAttempt attempt;
  private final AsyncResponseTransformer<Object, Object> application;
  private volatile CompletableFuture<Object> future;
  private volatile Object response;
  private volatile Headers headers;

  /**
   * The private transformer of an attempt.
   *
   * @param attempt the attempt, whose racer (once known) claims the race at the headers
   * @param application the application's transformer, which only {@link Headers#deliver} calls
   */
  RacedStream(AsyncAttempt attempt, AsyncResponseTransformer<Object, Object> application) {
    this.attempt = attempt;
    this.application = application;
  }

  /** Whether a transformer is one whose GetObject is raced this way. */
  static boolean races(AsyncResponseTransformer<?, ?> transformer) {
    return ResumingTransformer.resumes(transformer);
  }

  @Override
  public CompletableFuture<Object> prepare() {
    CompletableFuture<Object> f = new CompletableFuture<>();
    future = f;
    response = null;
    headers = null;
    return f;
  }

  @Override
  public void onResponse(Object response) {
    this.response = response;
    attempt.headersArrived();
  }

  @Override
  public void onStream(SdkPublisher<ByteBuffer> publisher) {
    CompletableFuture<Object> f = future;
    if (attempt.lostRace()) {
      publisher.subscribe(new CancelAtOnce());
      f.completeExceptionally(new CancellationException("lost a hedge race at the headers"));
      return;
    }
    Headers h = new Headers(response, publisher);
    headers = h;
    if (!f.complete(h)) {
      h.close();
    }
  }

  @Override
  public void exceptionOccurred(Throwable error) {
    Headers h = headers;
    if (h == null) {
      future.completeExceptionally(error);
    } else {
      h.failed(error);
    }
  }

  @Override
  public String name() {
    return application.name();
  }

  /**
   * What an attempt's future completes with: the response and its body, not yet handed to the
   * application. Closing it cancels the body unread.
   */
  final class Headers implements AutoCloseable {
    private final Object response;
    private final SdkPublisher<ByteBuffer> body;
    private AsyncResponseTransformer<Object, Object> delivered; // guarded by this
    private Throwable failure; // guarded by this
    private boolean closed; // guarded by this

    private Headers(Object response, SdkPublisher<ByteBuffer> body) {
      this.response = response;
      this.body = body;
    }

    /**
     * Hands the response and its body to the application's transformer, made resumable by {@code
     * streams} (the winner's region): its {@code prepare()}, {@code onResponse()} and {@code
     * onStream()}, once.
     *
     * @return the application transformer's future (the SDK's complete it in {@code onStream})
     */
    CompletableFuture<Object> deliver(
        UnaryOperator<AsyncResponseTransformer<Object, Object>> streams) {
      AsyncResponseTransformer<Object, Object> to =
          streams == null ? application : streams.apply(application);
      Throwable early;
      synchronized (this) {
        if (closed) {
          return CompletableFuture.failedFuture(
              new CancellationException("the call was cancelled before its body was handed on"));
        }
        delivered = to;
        early = failure;
      }
      CompletableFuture<Object> result = to.prepare();
      to.onResponse(response);
      to.onStream(body);
      if (early != null) {
        to.exceptionOccurred(early);
      }
      return result;
    }

    /** The SDK reported a failure after the headers: the transformer the body went to decides. */
    void failed(Throwable error) {
      AsyncResponseTransformer<Object, Object> to;
      synchronized (this) {
        to = delivered;
        if (to == null) {
          failure = error;
          return;
        }
      }
      to.exceptionOccurred(error);
    }

    /** Cancels the body unread, unless it was delivered. */
    @Override
    public void close() {
      synchronized (this) {
        if (closed || delivered != null) {
          return;
        }
        closed = true;
      }
      body.subscribe(new CancelAtOnce());
    }
  }
}
