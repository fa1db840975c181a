package io.github.s3failover.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Chains of async reads of one object through one async client: each chain starts its next read
 * when the last one completed, so {@code chains} reads are in flight and no thread waits for one
 * (the async counterpart of {@link ReadLoop}, with the same samples).
 */
final class AsyncReadLoop extends RecordedReads {
  /** After a failed read a chain waits this long: a failing client must not spin. */
  private static final Executor AFTER_FAILURE =
      CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS);

  private final Supplier<CompletableFuture<String>> read;

  /**
   * Starts the chains.
   *
   * @param name the client's name
   * @param read starts one read: completes with the body, which begins with the serving region
   * @param chains how many reads are in flight
   * @param originNanos the run's time zero ({@link System#nanoTime()})
   */
  AsyncReadLoop(
      String name, Supplier<CompletableFuture<String>> read, int chains, long originNanos) {
    super(name, originNanos);
    this.read = read;
    for (int i = 0; i < chains; i++) {
      next();
    }
  }

  private void next() {
    if (!running.get()) {
      return;
    }
    double start = now();
    CompletableFuture<String> future;
    try {
      future = read.get();
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    future.whenComplete(
        (body, error) -> {
          if (!running.get()) {
            return; // the run is over: reads that end after it are not part of it
          }
          String region = error == null ? servedBy(body) : null;
          add(new ReadLoop.Sample(start, now(), region));
          if (error != null) {
            addError(unwrap(error));
          }
          if (region == null) {
            // Also keeps an immediate failure (every breaker open) from growing the stack.
            AFTER_FAILURE.execute(this::next);
          } else {
            next();
          }
        });
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** Stops the chains; reads in flight end with the client's close. */
  @Override
  public void close() {
    running.set(false);
  }
}
