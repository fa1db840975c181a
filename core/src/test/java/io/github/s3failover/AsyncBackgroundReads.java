package io.github.s3failover;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;

/**
 * Several chains of async reads of one object through the client, each read started when the last
 * completed (no thread waits), counting what they see until stopped.
 */
final class AsyncBackgroundReads implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong successes = new AtomicLong();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<Void>> chains;
  private final FailoverS3AsyncClient client;
  private final String key;
  private final byte[] expected;

  AsyncBackgroundReads(FailoverS3AsyncClient client, String key, byte[] expected, int inFlight) {
    this.client = client;
    this.key = key;
    this.expected = expected;
    List<CompletableFuture<Void>> all = new CopyOnWriteArrayList<>();
    for (int i = 0; i < inFlight; i++) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      all.add(done);
      next(done);
    }
    this.chains = all;
  }

  private void next(CompletableFuture<Void> done) {
    if (!running.get()) {
      done.complete(null);
      return;
    }
    client
        .getObject(b -> b.bucket(Fixture.BUCKET).key(key), AsyncResponseTransformer.toBytes())
        .whenComplete(
            (bytes, error) -> {
              if (error != null) {
                errors.add(error);
              } else if (Arrays.equals(bytes.asByteArray(), expected)) {
                successes.incrementAndGet();
              } else {
                errors.add(new AssertionError("wrong content"));
              }
              next(done);
            });
  }

  long successes() {
    return successes.get();
  }

  List<Throwable> errors() {
    return errors;
  }

  /** Stops the chains and waits for the reads in flight. */
  void stop() {
    running.set(false);
    CompletableFuture.allOf(chains.toArray(new CompletableFuture<?>[0]))
        .orTimeout(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)
        .join();
  }

  @Override
  public void close() {
    stop();
  }
}
