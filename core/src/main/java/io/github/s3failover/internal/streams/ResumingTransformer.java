package io.github.s3failover.internal.streams;

import io.github.s3failover.internal.InternalApi;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Wraps the application's {@code toPublisher()} or {@code toBlockingInputStream()} transformer of a
 * GetObject so that the body it hands on is a {@link ResumingPublisher}. Both SDK transformers
 * complete the application's future as soon as the body starts, so a body that breaks later can no
 * longer be repeated by the call: it is resumed instead.
 *
 * <p>Once the body is handed on, the SDK's report of a failure ({@link #exceptionOccurred}) is not
 * passed to the application's transformer: the resuming body decides what the application sees (the
 * rest, or the failure once resuming is over). Before that, everything passes through.
 *
 * @param <R> the response type (GetObjectResponse)
 * @param <T> the result type
 */
@InternalApi
public final class ResumingTransformer<R, T> implements AsyncResponseTransformer<R, T> {
  private static final Class<?> PUBLISHER = AsyncResponseTransformer.toPublisher().getClass();
  private static final Class<?> BLOCKING_STREAM =
      AsyncResponseTransformer.toBlockingInputStream().getClass();

  private final AsyncResponseTransformer<R, T> delegate;
  private final GetObjectRequest request;
  private final Function<GetObjectRequest, CompletableFuture<ResponsePublisher<GetObjectResponse>>>
      resume;
  private final Runnable onBreak;
  private volatile GetObjectResponse response;
  private volatile boolean resuming;

  /**
   * Wraps a transformer.
   *
   * @param delegate the application's transformer
   * @param request the application's request
   * @param resume asks for the rest through the routing
   * @param onBreak told of each break
   */
  public ResumingTransformer(
      AsyncResponseTransformer<R, T> delegate,
      GetObjectRequest request,
      Function<GetObjectRequest, CompletableFuture<ResponsePublisher<GetObjectResponse>>> resume,
      Runnable onBreak) {
    this.delegate = delegate;
    this.request = request;
    this.resume = resume;
    this.onBreak = onBreak;
  }

  /**
   * Whether a transformer is one of the SDK's streaming ones whose body can be resumed.
   *
   * @param transformer the application's transformer
   * @return true for {@code toPublisher()} and {@code toBlockingInputStream()}
   */
  public static boolean resumes(AsyncResponseTransformer<?, ?> transformer) {
    return transformer.getClass() == PUBLISHER || transformer.getClass() == BLOCKING_STREAM;
  }

  @Override
  public CompletableFuture<T> prepare() {
    response = null;
    resuming = false;
    return delegate.prepare();
  }

  @Override
  public void onResponse(R response) {
    this.response = response instanceof GetObjectResponse ? (GetObjectResponse) response : null;
    delegate.onResponse(response);
  }

  @Override
  public void onStream(SdkPublisher<ByteBuffer> publisher) {
    GetObjectResponse first = response;
    ResumeRange range = ResumeRange.of(request, first);
    if (range == null) {
      delegate.onStream(publisher);
      return;
    }
    resuming = true;
    delegate.onStream(
        new ResumingPublisher(publisher, range, first.contentLength(), resume, onBreak));
  }

  @Override
  public void exceptionOccurred(Throwable error) {
    if (!resuming) {
      delegate.exceptionOccurred(error);
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }
}
