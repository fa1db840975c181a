package io.github.s3failover.examples.demo;

import io.github.s3failover.FailoverListener;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.event.CallCompletedEvent;
import io.github.s3failover.event.CallOutcome;
import io.github.s3failover.event.FailoverEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Steady application traffic through the failover client: readers of objects that exist in both
 * regions, and one writer of new objects. Counts what the application saw, and (as a listener of
 * the client) which region served each call.
 */
final class Traffic implements FailoverListener, AutoCloseable {
  private final Map<String, AtomicLong> servedBy = new ConcurrentHashMap<>();
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong readErrors = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong writesRefused = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ExecutorService pool;

  Traffic(int readers) {
    this.pool = Executors.newFixedThreadPool(readers + 1);
  }

  @Override
  public void onEvent(FailoverEvent event) {
    if (event instanceof CallCompletedEvent) {
      CallCompletedEvent call = (CallCompletedEvent) event;
      if (call.outcome() == CallOutcome.SUCCESS) {
        servedBy.computeIfAbsent(call.region(), r -> new AtomicLong()).incrementAndGet();
      }
    }
  }

  void start(FailoverS3Client s3, String bucket, int objects, int readers) {
    for (int t = 0; t < readers; t++) {
      pool.execute(
          () -> {
            while (running.get()) {
              String key = "seed-" + ThreadLocalRandom.current().nextInt(objects);
              try {
                s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
                reads.incrementAndGet();
              } catch (RuntimeException e) {
                readErrors.incrementAndGet();
              }
            }
          });
    }
    pool.execute(
        () -> {
          long n = 0;
          while (running.get()) {
            String key = "written-" + n++;
            try {
              s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("v" + n));
              writes.incrementAndGet();
            } catch (RuntimeException e) {
              // PRIMARY_ONLY: refused while the preferred region is down, never sent elsewhere.
              writesRefused.incrementAndGet();
            }
            sleep(20);
          }
        });
  }

  long served(String region) {
    AtomicLong n = servedBy.get(region);
    return n == null ? 0 : n.get();
  }

  long reads() {
    return reads.get();
  }

  long readErrors() {
    return readErrors.get();
  }

  long writes() {
    return writes.get();
  }

  long writesRefused() {
    return writesRefused.get();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running.set(false);
    pool.shutdown();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
