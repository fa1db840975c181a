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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * <p>A GetObject body streamed to the application ({@code toPublisher()}, {@code
 * toBlockingInputStream()}) that breaks mid-way asks for the rest as a call of its own, whose body
 * is not made resumable again: resumes never nest, and their bound holds per original call.
 */
@InternalApi
public final class AsyncInvoker {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncInvoker.class);

  private final RoutingCore core;
  private final Map<RegionState, S3AsyncClient> clients;
  private final S3AsyncClient dispatcher;

  /**
   * Creates the invoker.
   *
   * @param core the routing rules (shared with any other front door)
   * @param clientsById the regional async client of every region, by region id
   */
  public AsyncInvoker(RoutingCore core, Map<String, S3AsyncClient> clientsById) {
    this.core = core;
    Map<RegionState, S3AsyncClient> byRegion = new IdentityHashMap<>();
    for (RegionState region : core.regions()) {
      byRegion.put(region, clientsById.get(region.id()));
    }
    this.clients = byRegion;
    this.dispatcher = new AsyncDispatcher(() -> clients.get(core.current())).proxy();
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
    run.result.whenComplete(
        (r, e) -> {
          if (run.result.isCancelled()) {
            run.cancel();
          }
        });
    if (call.uploadUnknown()) {
      run.findUpload(call.uploadSearchOrder(), 0);
    } else {
      run.nextAttempt();
    }
    return run.result;
  }

  /** One application call in progress: its Call is only touched under this object's lock. */
  private final class Run<T extends S3Request, R> {
    final Call call;
    final Function<T, CompletableFuture<R>> operation;
    final GetObjectRequest resumableRead;
    final CompletableFuture<R> result = new CompletableFuture<>();
    private CompletableFuture<?> inFlight;
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

    synchronized void cancel() {
      cancelled = true;
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
        attempt = new AsyncAttempt(clients.get(region), streams(region));
        start = System.nanoTime();
        try {
          future = AsyncDispatcher.bound(attempt, () -> operation.apply(sent));
        } catch (RuntimeException e) {
          future = CompletableFuture.failedFuture(e);
        } catch (Error e) {
          call.abandon();
          throw e;
        }
        inFlight = future;
      }
      future.whenComplete((r, e) -> completed(region, sent, attempt, start, r, e));
    }

    private void completed(
        RegionState region, T sent, AsyncAttempt attempt, long start, R value, Throwable error) {
      Object mapped = null;
      Throwable end = null;
      boolean goOn = false;
      synchronized (this) {
        if (cancelled) {
          return;
        }
        inFlight = null;
        long nanos = System.nanoTime() - start;
        if (error == null) {
          try {
            mapped = call.succeeded(region, nanos, sent, value);
          } catch (RuntimeException e) {
            end = e;
          }
        } else {
          Throwable cause = unwrap(error);
          if (cause instanceof Error || cause instanceof CancellationException) {
            // Cancelled by someone other than the application's future, or the JVM is in
            // trouble: neither says anything about the region.
            call.abandon();
            end = cause;
          } else {
            Step step = call.failed(region, nanos, cause, attempt);
            if (step.ends()) {
              end = step.error();
            } else {
              goOn = true;
            }
          }
        }
      }
      if (goOn) {
        // Outside the lock: a late signal being passed on holds the tracker's lock and may
        // complete a future whose callbacks take this one.
        attempt.retire();
        nextAttempt();
      } else if (end != null) {
        result.completeExceptionally(end);
      } else {
        result.complete(cast(mapped));
      }
    }
  }

  /** Asks for the rest of a broken body: a call of its own, whose body is not resumable. */
  private CompletableFuture<ResponsePublisher<GetObjectResponse>> rest(GetObjectRequest rest) {
    return run(
        rest,
        r -> dispatcher.getObject(r, AsyncResponseTransformer.<GetObjectResponse>toPublisher()),
        false);
  }

  private static Throwable unwrap(Throwable t) {
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
