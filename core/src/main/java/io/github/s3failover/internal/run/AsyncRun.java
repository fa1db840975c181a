package io.github.s3failover.internal.run;

import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.Call;
import io.github.s3failover.internal.routing.Step;
import io.github.s3failover.internal.streams.ResumingTransformer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * One application call of the async front door in progress: chains its attempts, races a hedge when
 * the rules say so, and ends it. Its {@link Call} is only touched under this object's lock.
 *
 * @param <T> the request type
 * @param <R> the result type
 */
final class AsyncRun<T extends S3Request, R> implements AsyncRace.Host {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncRun.class);

  private final AsyncInvoker invoker;
  private final Call call;
  private final Function<T, CompletableFuture<R>> operation;
  private final GetObjectRequest resumableRead;
  final CompletableFuture<R> result = new CompletableFuture<>();
  private CompletableFuture<?> inFlight;
  private AsyncRace race;
  private boolean firstAttempt = true;
  private boolean cancelled;

  AsyncRun(
      AsyncInvoker invoker,
      Call call,
      Function<T, CompletableFuture<R>> operation,
      GetObjectRequest resumableRead) {
    this.invoker = invoker;
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
                new IOException("GetObject body broke mid-stream"), invoker.core.events());
    return own ->
        ResumingTransformer.resumes(own)
            ? new ResumingTransformer<>(own, resumableRead, invoker::rest, onBreak)
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
    return new AsyncAttempt(invoker.client(region), streams(region), true, ownBuffer);
  }

  @Override
  public CompletableFuture<?> start(AsyncAttempt attempt, S3Request sent) {
    T request = AsyncInvoker.cast(sent);
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
      probe = invoker.client(region).listMultipartUploads(call.uploadProbe(region));
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
      boolean hedged = firstAttempt && invoker.hedging != null && HedgeRules.applies(call);
      firstAttempt = false;
      attempt =
          hedged
              ? attempt(region, false)
              : new AsyncAttempt(invoker.client(region), streams(region));
      start = System.nanoTime();
      try {
        future = AsyncInvoker.cast(start(attempt, sent));
      } catch (Error e) {
        call.abandon();
        throw e;
      }
      inFlight = future;
      if (hedged) {
        race =
            raced =
                AsyncRace.arm(invoker.hedging, invoker.timer, this, region, sent, attempt, future);
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
        Object mapped = call.succeeded(region, nanos, sent, value);
        if (mapped instanceof RacedStream.Headers) {
          RacedStream.Headers headers = (RacedStream.Headers) mapped;
          UnaryOperator<AsyncResponseTransformer<Object, Object>> resumable = streams(region);
          return () -> deliver(headers, resumable);
        }
        return () -> result.complete(AsyncInvoker.cast(mapped));
      } catch (RuntimeException e) {
        Racer.discard(value);
        return () -> result.completeExceptionally(e);
      }
    }
    Throwable cause = AsyncInvoker.unwrap(error);
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

  /**
   * Hands the response and body of the raced stream that won to the application's transformer, made
   * resumable in the winner's region, and completes the call with what that transformer gives;
   * without the lock. A body the application can no longer get is cancelled unread.
   */
  private void deliver(
      RacedStream.Headers headers,
      UnaryOperator<AsyncResponseTransformer<Object, Object>> resumable) {
    if (result.isDone()) {
      headers.close();
      return;
    }
    CompletableFuture<Object> delivered;
    try {
      delivered = headers.deliver(resumable);
    } catch (RuntimeException e) {
      headers.close();
      result.completeExceptionally(e);
      return;
    }
    delivered.whenComplete(
        (value, e) -> {
          if (e != null) {
            result.completeExceptionally(e);
          } else if (!result.complete(AsyncInvoker.cast(value))) {
            Racer.discard(value); // cancelled meanwhile: nobody will read it
          }
        });
  }
}
