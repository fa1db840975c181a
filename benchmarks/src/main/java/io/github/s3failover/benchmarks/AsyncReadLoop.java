package io.github.s3failover.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Chains of async reads of one object through one async client: each chain starts its next read
 * when the last one completed, so {@code chains} reads are in flight and no thread waits for one
 * (the async counterpart of {@link ReadLoop}, with the same samples).
 */
final class AsyncReadLoop implements Reads {
  /** After a failed read a chain waits this long: a failing client must not spin. */
  private static final Executor AFTER_FAILURE =
      CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS);

  private final String name;
  private final Supplier<CompletableFuture<String>> read;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<ReadLoop.Sample> samples = new ArrayList<>(); // guarded by itself
  private final List<String> errors = new ArrayList<>(); // guarded by samples
  private final long originNanos;

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
    this.name = name;
    this.read = read;
    this.originNanos = originNanos;
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
          String region = null;
          if (error == null) {
            int bar = body.indexOf('|');
            region = bar > 0 ? body.substring(0, bar) : "?";
          }
          synchronized (samples) {
            samples.add(new ReadLoop.Sample(start, now(), region));
            if (error != null && errors.size() < 3) {
              errors.add(unwrap(error).toString());
            }
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

  @Override
  public double now() {
    return (System.nanoTime() - originNanos) / 1e6;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<ReadLoop.Sample> samples() {
    synchronized (samples) {
      return new ArrayList<>(samples);
    }
  }

  @Override
  public List<String> firstErrors() {
    synchronized (samples) {
      return new ArrayList<>(errors);
    }
  }

  /** Stops the chains; reads in flight end with the client's close. */
  @Override
  public void close() {
    running.set(false);
  }
}
