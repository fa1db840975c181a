package io.github.s3failover.internal.streams;

import io.github.s3failover.internal.InternalApi;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncRequestBodySplitConfiguration;
import software.amazon.awssdk.core.async.CloseableAsyncRequestBody;
import software.amazon.awssdk.core.async.SdkPublisher;

/**
 * Wraps the application's {@link AsyncRequestBody} to tell its own failures (a file that vanished,
 * a publisher that signalled an error) from the region's, and says whether the body can be sent
 * again from its first byte. Only bodies the SDK produces again on every subscription are: bytes,
 * strings and byte buffers ({@code "Bytes"}) and files ({@code "File"}). A publisher of the
 * application's, or an input stream, is sent to one region only.
 */
@InternalApi
public final class TrackingAsyncBody implements AsyncRequestBody {
  private static final Set<String> REPLAYABLE =
      Set.of(BodyType.BYTES.getName(), BodyType.FILE.getName());

  private final AsyncRequestBody delegate;
  private volatile boolean failedOnItsOwn;

  /**
   * Wraps a body.
   *
   * @param delegate the application's body
   */
  public TrackingAsyncBody(AsyncRequestBody delegate) {
    this.delegate = delegate;
  }

  /**
   * Whether a body can be subscribed to again from its start.
   *
   * @param body the application's body
   * @return true for bytes, strings, byte buffers and files
   */
  public static boolean isReplayable(AsyncRequestBody body) {
    return REPLAYABLE.contains(body.body());
  }

  /**
   * Whether a body is one the SDK holds in memory (bytes, strings, byte buffers): it cannot fail on
   * its own, so it needs no tracking and is sent as it is, one subscriber layer fewer per write.
   *
   * @param body the application's body
   * @return true for bytes, strings and byte buffers
   */
  public static boolean inMemory(AsyncRequestBody body) {
    return BodyType.BYTES.getName().equals(body.body());
  }

  @Override
  public Optional<Long> contentLength() {
    return delegate.contentLength();
  }

  @Override
  public String contentType() {
    return delegate.contentType();
  }

  @Override
  public String body() {
    return delegate.body();
  }

  /** A multipart regional client splits the body; the SDK's own split keeps parallel reads. */
  @Override
  public SdkPublisher<CloseableAsyncRequestBody> splitCloseable(
      AsyncRequestBodySplitConfiguration config) {
    return delegate.splitCloseable(config);
  }

  /**
   * Whether the body failed on its own (its publisher signalled an error).
   *
   * @return true if the application's side failed
   */
  public boolean failedOnItsOwn() {
    return failedOnItsOwn;
  }

  @Override
  public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
    delegate.subscribe(
        new Subscriber<ByteBuffer>() {
          @Override
          public void onSubscribe(Subscription s) {
            subscriber.onSubscribe(s);
          }

          @Override
          public void onNext(ByteBuffer buffer) {
            subscriber.onNext(buffer);
          }

          @Override
          public void onError(Throwable t) {
            // The HTTP client writes to the socket, not to this publisher: an error here is the
            // body's own.
            failedOnItsOwn = true;
            subscriber.onError(t);
          }

          @Override
          public void onComplete() {
            subscriber.onComplete();
          }
        });
  }
}
