package io.github.s3failover.internal.run;

import io.github.s3failover.internal.InternalApi;
import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.Call;
import io.github.s3failover.internal.routing.RoutingCore;
import io.github.s3failover.internal.routing.Step;
import io.github.s3failover.internal.streams.ResumingTransformer;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Runs the calls of the async front door: the same {@link Call} decides as for the sync client;
 * this class starts each attempt on the chosen region's {@link S3AsyncClient} (through the {@link
 * AsyncDispatcher}) and chains the next attempt on the completion of the last one. Nothing here
 * waits: no thread is blocked for a call.
 *
 * <p>Cancelling the future the application got cancels the attempt in flight and gives its breaker
 * permit back ({@link Call#abandon()}): a cancellation says nothing about the region.
 *
 * <p>A hedgeable read (see {@link HedgeRules}) whose response transformer, if any, is {@code
 * toBytes()} races a hedge in the next region after the hedge delay ({@link AsyncRace}, decision
 * 0024): the timer starts the second attempt, the first acceptable answer completes the call and
 * the other attempt's future is cancelled.
 *
 * <p>A GetObject body streamed to the application ({@code toPublisher()}, {@code
 * toBlockingInputStream()}) that breaks mid-way asks for the rest as a call of its own, whose body
 * is not made resumable again: resumes never nest, and their bound holds per original call.
 */
@InternalApi
public final class AsyncInvoker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncInvoker.class);

  private final RoutingCore core;
  private final Map<RegionState, S3AsyncClient> clients;
  private final S3AsyncClient dispatcher;
  private final HedgeRules hedging;
  private final HedgeTimer<AsyncRace> timer;
  private final Set<Run<?, ?>> running = ConcurrentHashMap.newKeySet();
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
    for (Run<?, ?> run : running) {
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
    Run<T, R> run = new Run<>(call, operation, read);
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

  /** One application call in progress: its Call is only touched under this object's lock. */
  private final class Run<T extends S3Request, R> implements AsyncRace.Host {
    final Call call;
    final Function<T, CompletableFuture<R>> operation;
    final GetObjectRequest resumableRead;
    final CompletableFuture<R> result = new CompletableFuture<>();
    private CompletableFuture<?> inFlight;
    private AsyncRace race;
    private boolean firstAttempt = true;
    private boolean cancelled;

    Run(Call call, Function<T, CompletableFuture<R>> operation, GetObjectRequest resumableRead) {
      this.call = call;
      this.operation = operation;
      this.resumableRead = resumableRead;
    }

    /** Makes a streamed body of this read resumable when it is served by {@code region}. */
    UnaryOperator<AsyncResponseTransformer<Object, Object>> streams(RegionState region) {
      if (resumableRead == null) {
        return null;
      }
      Runnable onBreak =
          () ->
              region.recordFailureOutsideCall(
                  new IOException("GetObject body broke mid-stream"), core.events());
      return own ->
          ResumingTransformer.resumes(own)
              ? new ResumingTransformer<>(own, resumableRead, AsyncInvoker.this::rest, onBreak)
              : own;
    }

    @Override
    public Object lock() {
      return this;
    }

    @Override
    public Call call() {
      return call;
    }

    @Override
    public synchronized boolean over() {
      return cancelled || result.isDone();
    }

    @Override
    public AsyncAttempt attempt(RegionState region, boolean ownBuffer) {
      return new AsyncAttempt(clients.get(region), streams(region), true, ownBuffer);
    }

    @Override
    public CompletableFuture<?> start(AsyncAttempt attempt, S3Request sent) {
      T request = cast(sent);
      try {
        return AsyncDispatcher.bound(attempt, () -> operation.apply(request));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public Runnable record(AsyncRacer chosen) {
      return record(
          chosen.region, chosen.sent, chosen.attempt, chosen.nanos, chosen.result, chosen.error);
    }

    /** Ends the call with {@code error}, as a cancellation: nothing is recorded for a region. */
    void end(RuntimeException error) {
      cancel();
      result.completeExceptionally(error);
    }

    synchronized void cancel() {
      if (cancelled) {
        return;
      }
      cancelled = true;
      if (race != null) {
        race.cancel();
      }
      call.abandon();
      if (inFlight != null) {
        inFlight.cancel(true);
        inFlight = null;
      }
    }

    /**
     * Asks the regions which one knows an upload id this client does not remember, one after the
     * other, each asked when the last has answered.
     */
    void findUpload(List<RegionState> order, int index) {
      if (index >= order.size() || result.isDone()) {
        nextAttempt();
        return;
      }
      RegionState region = order.get(index);
      CompletableFuture<ListMultipartUploadsResponse> probe;
      try {
        probe = clients.get(region).listMultipartUploads(call.uploadProbe(region));
      } catch (RuntimeException e) {
        probe = CompletableFuture.failedFuture(e);
      }
      probe.whenComplete(
          (answer, error) -> {
            boolean found;
            synchronized (this) {
              found = error == null && call.knowsUpload(answer);
              if (found) {
                call.uploadFound(region);
              }
            }
            if (error != null) {
              LOG.debug("s3-failover: region {} does not know the upload ({})", region, error);
            }
            if (found) {
              nextAttempt();
            } else {
              findUpload(order, index + 1);
            }
          });
    }

    void nextAttempt() {
      RegionState region;
      T sent;
      AsyncAttempt attempt;
      long start;
      CompletableFuture<R> future;
      AsyncRace raced = null;
      synchronized (this) {
        if (cancelled || result.isDone()) {
          return;
        }
        region = call.next();
        if (region == null) {
          RuntimeException error = call.exhausted();
          result.completeExceptionally(error);
          return;
        }
        sent = call.requestFor(region);
        boolean hedged = firstAttempt && hedging != null && HedgeRules.applies(call);
        firstAttempt = false;
        attempt =
            hedged
                ? attempt(region, false)
                : new AsyncAttempt(clients.get(region), streams(region));
        start = System.nanoTime();
        try {
          future = cast(start(attempt, sent));
        } catch (Error e) {
          call.abandon();
          throw e;
        }
        inFlight = future;
        if (hedged) {
          race = raced = AsyncRace.arm(hedging, timer, this, region, sent, attempt, future);
        }
      }
      if (raced != null) {
        raced.follow(future);
      } else {
        future.whenComplete((r, e) -> completed(region, sent, attempt, start, r, e));
      }
    }

    private void completed(
        RegionState region, T sent, AsyncAttempt attempt, long start, R value, Throwable error) {
      Runnable next;
      synchronized (this) {
        if (cancelled) {
          return;
        }
        next = record(region, sent, attempt, System.nanoTime() - start, value, error);
      }
      // Outside the lock: a late signal being passed on holds the tracker's lock and may complete
      // a future whose callbacks take this one.
      next.run();
    }

    /**
     * Records an attempt's outcome with the call, holding this lock.
     *
     * @return what to do next, without the lock: complete the call, or try the next region
     */
    private Runnable record(
        RegionState region,
        S3Request sent,
        AsyncAttempt attempt,
        long nanos,
        Object value,
        Throwable error) {
      inFlight = null;
      if (error == null) {
        try {
          R mapped = cast(call.succeeded(region, nanos, sent, value));
          return () -> result.complete(mapped);
        } catch (RuntimeException e) {
          return () -> result.completeExceptionally(e);
        }
      }
      Throwable cause = unwrap(error);
      if (cause instanceof Error || cause instanceof CancellationException) {
        // Cancelled by someone other than the application's future, or the JVM is in trouble:
        // neither says anything about the region.
        call.abandon();
        return () -> result.completeExceptionally(cause);
      }
      Step step = call.failed(region, nanos, cause, attempt);
      if (step.ends()) {
        return () -> result.completeExceptionally(step.error());
      }
      return () -> {
        attempt.retire();
        nextAttempt();
      };
    }
  }

  /** Asks for the rest of a broken body: a call of its own, whose body is not resumable. */
  private CompletableFuture<ResponsePublisher<GetObjectResponse>> rest(GetObjectRequest rest) {
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
  private static <R> R cast(Object result) {
    return (R) result;
  }
}
