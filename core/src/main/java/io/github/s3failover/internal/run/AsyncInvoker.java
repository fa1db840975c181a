package io.github.s3failover.internal.run;

import io.github.s3failover.internal.InternalApi;
import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.Call;
import io.github.s3failover.internal.routing.RoutingCore;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Runs the calls of the async front door: the same {@link Call} decides as for the sync client;
 * each call is an {@link AsyncRun}, which starts each attempt on the chosen region's {@link
 * S3AsyncClient} (through the {@link AsyncDispatcher}) and chains the next attempt on the
 * completion of the last one. This class keeps the calls in flight so that {@link #close()} can end
 * them. Nothing here waits: no thread is blocked for a call.
 *
 * <p>Cancelling the future the application got cancels the attempt in flight and gives its breaker
 * permit back ({@link Call#abandon()}): a cancellation says nothing about the region.
 *
 * <p>A hedgeable read (see {@link HedgeRules}) whose response transformer, if any, is the SDK's
 * {@code toBytes()}, {@code toPublisher()} or {@code toBlockingInputStream()} races a hedge in the
 * next region after the hedge delay ({@link AsyncRace}, decisions 0024 and 0026): the timer starts
 * the second attempt, the first acceptable answer completes the call (for a streamed GetObject, the
 * first response headers; see {@link RacedStream}) and the other attempt's future is cancelled.
 *
 * <p>A GetObject body streamed to the application ({@code toPublisher()}, {@code
 * toBlockingInputStream()}) that breaks mid-way asks for the rest as a call of its own, whose body
 * is not made resumable again: resumes never nest, and their bound holds per original call.
 */
@InternalApi
public final class AsyncInvoker implements AutoCloseable {
  final RoutingCore core;
  private final Map<RegionState, S3AsyncClient> clients;
  private final S3AsyncClient dispatcher;
  final HedgeRules hedging;
  final HedgeTimer<AsyncRace> timer;
  private final Set<AsyncRun<?, ?>> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Creates an invoker that does not hedge reads.
   *
   * @param core the routing rules (shared with any other front door)
   * @param clientsById the regional async client of every region, by region id
   */
  public AsyncInvoker(RoutingCore core, Map<String, S3AsyncClient> clientsById) {
    this(core, clientsById, null);
  }

  /**
   * Creates the invoker.
   *
   * @param core the routing rules (shared with any other front door)
   * @param clientsById the regional async client of every region, by region id
   * @param hedging the hedge rules (shared with a sync client built beside it), or null for none
   */
  public AsyncInvoker(
      RoutingCore core, Map<String, S3AsyncClient> clientsById, HedgeRules hedging) {
    this.core = core;
    this.hedging = hedging;
    this.timer =
        hedging == null ? null : new HedgeTimer<>(hedging.timerTickNanos(), AsyncRace::fire);
    Map<RegionState, S3AsyncClient> byRegion = new IdentityHashMap<>();
    for (RegionState region : core.regions()) {
      byRegion.put(region, clientsById.get(region.id()));
    }
    this.clients = byRegion;
    this.dispatcher = new AsyncDispatcher(() -> clients.get(core.current())).proxy();
  }

  /**
   * Ends every call in flight (its future fails with an {@link IllegalStateException}, its attempts
   * are cancelled, nothing is recorded against a region) and stops the hedge timer. Called before
   * the regional clients close: a call whose client closes under it may otherwise never complete
   * (its completion is handed to event loops that are gone). Calls made afterwards fail at once.
   */
  @Override
  public void close() {
    closed = true;
    for (AsyncRun<?, ?> run : running) {
      run.end(closedError());
    }
    if (timer != null) {
      timer.close();
    }
  }

  private static IllegalStateException closedError() {
    return new IllegalStateException(
        "s3-failover: the FailoverS3AsyncClient was closed; this call was ended unanswered");
  }

  /**
   * Returns the delegate for {@code DelegatingS3AsyncClient}.
   *
   * @return the dispatching client
   */
  public S3AsyncClient dispatcher() {
    return dispatcher;
  }

  /**
   * Returns the client of a region.
   *
   * @param region the region
   * @return its async client
   */
  public S3AsyncClient client(RegionState region) {
    return clients.get(region);
  }

  /**
   * Runs one operation of the S3 API with failover.
   *
   * @param request the application's request, with logical bucket names
   * @param operation the operation, bound to the dispatching delegate
   * @param <T> the request type
   * @param <R> the result type
   * @return the future result, with logical bucket names
   */
  public <T extends S3Request, R> CompletableFuture<R> invoke(
      T request, Function<T, CompletableFuture<R>> operation) {
    return run(request, operation, true);
  }

  private <T extends S3Request, R> CompletableFuture<R> run(
      T request, Function<T, CompletableFuture<R>> operation, boolean resumableStreams) {
    Call call;
    try {
      call = core.start(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    GetObjectRequest read =
        resumableStreams && request instanceof GetObjectRequest ? (GetObjectRequest) request : null;
    AsyncRun<T, R> run = new AsyncRun<>(this, call, operation, read);
    running.add(run);
    run.result.whenComplete(
        (r, e) -> {
          running.remove(run);
          if (run.result.isCancelled()) {
            run.cancel();
          }
        });
    if (closed) {
      // close() may have gone past this call before it was added: end it here.
      run.end(closedError());
      return run.result;
    }
    if (call.uploadUnknown()) {
      run.findUpload(call.uploadSearchOrder(), 0);
    } else {
      run.nextAttempt();
    }
    return run.result;
  }

  /** Asks for the rest of a broken body: a call of its own, whose body is not resumable. */
  CompletableFuture<ResponsePublisher<GetObjectResponse>> rest(GetObjectRequest rest) {
    return run(
        rest,
        r -> dispatcher.getObject(r, AsyncResponseTransformer.<GetObjectResponse>toPublisher()),
        false);
  }

  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  @SuppressWarnings("unchecked") // the result of operation.apply, mapped to its own class
  static <R> R cast(Object result) {
    return (R) result;
  }
}
