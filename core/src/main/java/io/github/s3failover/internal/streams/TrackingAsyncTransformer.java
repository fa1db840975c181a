package io.github.s3failover.internal.streams;

import io.github.s3failover.internal.InternalApi;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.SplittingTransformerConfiguration;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;

/**
 * Wraps the application's {@link AsyncResponseTransformer} to count the response bytes handed to it
 * and to tell its own failures from the region's. A call whose transformer has seen no byte, or
 * that buffers the whole body ({@code toBytes()}) or writes a file it replaces on a new attempt
 * ({@code toFile(...)}, as the SDK's own retries do), may be repeated in another region; one whose
 * bytes may have reached the application may not.
 *
 * @param <R> the response type
 * @param <T> the result type
 */
@InternalApi
public final class TrackingAsyncTransformer<R, T> implements AsyncResponseTransformer<R, T> {
  /** Transformers that start over on every prepare(): repeating them shows no byte twice. */
  private static final Set<String> REPEATABLE =
      Set.of(TransformerType.BYTES.getName(), TransformerType.FILE.getName());

  /**
   * The SDK's own file and bytes transformers, which may split themselves. A wrapper around one
   * reports the same name, but splitting it would split what it wraps and bypass it.
   */
  private static final Set<Class<?>> SPLIT_THEMSELVES =
      Set.of(
          AsyncResponseTransformer.toBytes().getClass(),
          AsyncResponseTransformer.toFile(Path.of("unused")).getClass());

  private final AsyncResponseTransformer<R, T> delegate;
  private final AtomicLong bytes = new AtomicLong();
  private volatile boolean sdkSignalledFailure;
  private volatile boolean failedOnItsOwn;
  private boolean retired; // guarded by this

  /**
   * Wraps a transformer.
   *
   * @param delegate the application's transformer
   */
  public TrackingAsyncTransformer(AsyncResponseTransformer<R, T> delegate) {
    this.delegate = delegate;
  }

  /**
   * Ends this attempt's use of the application's transformer, before the call moves to another
   * region. The application's transformer is one object for every attempt of a call; the SDK may
   * still signal a failed attempt after it ended (the multipart download reports a failure twice),
   * and that late signal must not reach the transformer the next attempt has prepared afresh.
   */
  public synchronized void retire() {
    retired = true;
  }

  @Override
  public CompletableFuture<T> prepare() {
    synchronized (this) {
      if (retired) {
        return CompletableFuture.failedFuture(
            new CancellationException("an attempt that was moved to another region"));
      }
    }
    CompletableFuture<T> result = delegate.prepare();
    result.whenComplete(
        (r, e) -> {
          // The transformer failed without the SDK telling it of a failure: its own doing
          // (a file that exists, a subscriber that threw).
          if (e != null && !sdkSignalledFailure) {
            failedOnItsOwn = true;
          }
        });
    return result;
  }

  @Override
  public synchronized void onResponse(R response) {
    if (!retired) {
      delegate.onResponse(response);
    }
  }

  @Override
  public synchronized void onStream(SdkPublisher<ByteBuffer> publisher) {
    if (retired) {
      publisher.subscribe(new CancelAtOnce());
    } else {
      delegate.onStream(new Counting(publisher));
    }
  }

  @Override
  public synchronized void exceptionOccurred(Throwable error) {
    sdkSignalledFailure = true;
    if (!retired) {
      delegate.exceptionOccurred(error);
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }

  /**
   * A multipart regional client splits the transformer. The SDK's own file and bytes transformers
   * split themselves (keeping the SDK's parallel file writes); any other, including a wrapper
   * around one of them, splits through this tracker, so every byte is counted and reaches the
   * wrapper in order. The Transfer Manager's progress listener is such a wrapper: split itself, it
   * would hand the split to the file inside and never see a byte (no progress, and a paused
   * download would start again from byte 0).
   */
  @Override
  public SplitResult<R, T> split(SplittingTransformerConfiguration config) {
    return SPLIT_THEMSELVES.contains(delegate.getClass())
        ? delegate.split(config)
        : AsyncResponseTransformer.super.split(config);
  }

  /**
   * Whether the call may be repeated without the application seeing a byte twice.
   *
   * @return true if no byte arrived or the transformer starts over on a new attempt
   */
  public boolean safeToRepeat() {
    return bytes.get() == 0 || repeatable();
  }

  private boolean repeatable() {
    return REPEATABLE.contains(delegate.name());
  }

  /**
   * Returns how many response bytes reached the application's transformer.
   *
   * @return the count
   */
  public long bytesDelivered() {
    return bytes.get();
  }

  /**
   * Whether the transformer failed on its own while the region's stream was fine.
   *
   * @return true if the application's side failed
   */
  public boolean failedOnItsOwn() {
    return failedOnItsOwn;
  }

  private final class Counting implements SdkPublisher<ByteBuffer> {
    private final SdkPublisher<ByteBuffer> upstream;

    Counting(SdkPublisher<ByteBuffer> upstream) {
      this.upstream = upstream;
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
      upstream.subscribe(
          new Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Subscription s) {
              subscriber.onSubscribe(s);
            }

            @Override
            public void onNext(ByteBuffer buffer) {
              bytes.addAndGet(buffer.remaining());
              subscriber.onNext(buffer);
            }

            @Override
            public void onError(Throwable t) {
              sdkSignalledFailure = true;
              subscriber.onError(t);
            }

            @Override
            public void onComplete() {
              subscriber.onComplete();
            }
          });
    }
  }
}
