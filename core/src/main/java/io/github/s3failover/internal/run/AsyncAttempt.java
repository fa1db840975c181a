package io.github.s3failover.internal.run;

import io.github.s3failover.internal.routing.AttemptFacts;
import io.github.s3failover.internal.streams.TrackingAsyncBody;
import io.github.s3failover.internal.streams.TrackingAsyncTransformer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.DelegatingS3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * One try of one call in one region, on the async front door: which regional client serves it, and
 * what it saw of the application's side (its request body, its response transformer).
 */
final class AsyncAttempt implements AttemptFacts, ThreadBoundProxy.Bound<S3AsyncClient> {
  /** The class of the SDK's {@code toBytes()}: each attempt of a race buffers into its own. */
  private static final Class<?> TO_BYTES = AsyncResponseTransformer.toBytes().getClass();

  /**
   * The SDK's multipart wrapper ({@code multipartEnabled(true)}): its GetObject is split into part
   * requests, and cancelling the future it returns does not cancel them.
   */
  private static final String MULTIPART_CLIENT =
      "software.amazon.awssdk.services.s3.internal.multipart.MultipartS3AsyncClient";

  private final S3AsyncClient client;
  private final UnaryOperator<AsyncResponseTransformer<Object, Object>> streams;
  private final boolean raced;
  private final boolean ownBuffer;
  private AsyncResponseTransformer<?, ?> own;
  private AsyncRequestBody body;
  private TrackingAsyncBody trackingBody;
  private TrackingAsyncTransformer<?, ?> transformer;
  private boolean racedStream;
  private volatile AsyncRacer racer;
  private volatile boolean retired;

  AsyncAttempt(S3AsyncClient client) {
    this(client, null);
  }

  /**
   * An attempt whose response transformer is first passed through {@code streams} (which makes
   * streamed GetObject bodies resumable), or not if it is null.
   */
  AsyncAttempt(
      S3AsyncClient client, UnaryOperator<AsyncResponseTransformer<Object, Object>> streams) {
    this(client, streams, false, false);
  }

  /**
   * An attempt as above, of a hedge race if {@code raced}: a raced GetObject into {@code toBytes()}
   * or streamed bypasses the SDK's multipart wrapper, since the race's loser is cancelled through
   * its future and a multipart download's part requests would outlive that. With {@code ownBuffer}
   * (a hedge), an application's {@code toBytes()} is replaced by a new one of this attempt's own: a
   * transformer keeps the state of one response, so two attempts in flight at once must not share
   * one (decision 0024). A raced GetObject into the SDK's {@code toPublisher()} or {@code
   * toBlockingInputStream()} (only with {@code streams}: the application's own read, not the rest
   * of a broken body) gets a {@link RacedStream} of its own; the race's winner hands its response
   * to the application's transformer (decision 0026).
   */
  AsyncAttempt(
      S3AsyncClient client,
      UnaryOperator<AsyncResponseTransformer<Object, Object>> streams,
      boolean raced,
      boolean ownBuffer) {
    this.client = client;
    this.streams = streams;
    this.raced = raced;
    this.ownBuffer = ownBuffer;
  }

  /**
   * Whether the operation this attempt started may be hedged: it has no response transformer, or
   * the SDK's {@code toBytes()}, which buffers the whole body and hands the application nothing but
   * the future's result, or the SDK's {@code toPublisher()} or {@code toBlockingInputStream()} of a
   * raced read, which only the winner's response reaches. Any other transformer (a file, the
   * application's own) is given bytes or calls as they come, and must never be given those of two
   * regions.
   */
  boolean hedgeable() {
    return own == null || own.getClass() == TO_BYTES || racedStream;
  }

  /** Notes the racer this attempt runs as, whose race its response headers claim. */
  void racer(AsyncRacer racer) {
    this.racer = racer;
  }

  /** A raced stream's response headers arrived: they claim the race, unless it is claimed. */
  void headersArrived() {
    AsyncRacer r = racer;
    if (r != null && !retired) {
      r.race.claim((Racer) r);
    }
  }

  /** Whether this attempt's response may no longer reach the application. */
  boolean lostRace() {
    AsyncRacer r = racer;
    return retired || (r != null && (r.abortedByRace() || !r.race.claim((Racer) r)));
  }

  @Override
  public S3AsyncClient client() {
    if (raced
        && own != null
        && (own.getClass() == TO_BYTES || racedStream)
        && client.getClass().getName().equals(MULTIPART_CLIENT)) {
      return (S3AsyncClient) ((DelegatingS3AsyncClient) client).delegate();
    }
    return client;
  }

  @SuppressWarnings("unchecked") // the proxy passes the SDK's arguments through untyped
  @Override
  public Object[] inspect(Object[] args) {
    Object[] actual = args;
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof AsyncRequestBody) {
        body = (AsyncRequestBody) args[i];
        if (!TrackingAsyncBody.inMemory(body)) {
          trackingBody = new TrackingAsyncBody(body);
          actual = actual == args ? args.clone() : actual;
          actual[i] = trackingBody;
        }
      } else if (args[i] instanceof AsyncResponseTransformer) {
        AsyncResponseTransformer<Object, Object> own =
            (AsyncResponseTransformer<Object, Object>) args[i];
        this.own = own;
        if (raced && streams != null && RacedStream.races(own)) {
          racedStream = true;
          actual = actual == args ? args.clone() : actual;
          actual[i] = new RacedStream(this, own);
          continue;
        }
        if (ownBuffer && own.getClass() == TO_BYTES) {
          own =
              (AsyncResponseTransformer<Object, Object>)
                  (Object) AsyncResponseTransformer.toBytes();
        }
        transformer = new TrackingAsyncTransformer<>(streams == null ? own : streams.apply(own));
        actual = actual == args ? args.clone() : actual;
        actual[i] = transformer;
      }
    }
    return actual;
  }

  /** Stops late signals of this attempt reaching the application's transformer. */
  void retire() {
    retired = true;
    if (transformer != null) {
      transformer.retire();
    }
  }

  @Override
  public boolean bodyReplayable() {
    return body == null || TrackingAsyncBody.isReplayable(body);
  }

  @Override
  public String bodySource() {
    return body == null ? "none" : body.body();
  }

  @Override
  public boolean responseUntouched() {
    return transformer == null || transformer.safeToRepeat();
  }

  @Override
  public long responseBytesDelivered() {
    return transformer == null ? 0 : transformer.bytesDelivered();
  }

  @Override
  public boolean applicationFailed() {
    return (transformer != null && transformer.failedOnItsOwn())
        || (trackingBody != null && trackingBody.failedOnItsOwn());
  }
}
