package io.github.s3failover.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Threads reading one object through one client in a loop, recording for every read when it
 * started, how long it took, and which region served it (the object's content names its region) or
 * that it failed.
 */
final class ReadLoop extends RecordedReads {
  /** One read: start and end on the run's clock (ms), the region that served it, or null. */
  record Sample(double startMs, double endMs, String region) {
    boolean failed() {
      return region == null;
    }

    double latencyMs() {
      return endMs - startMs;
    }
  }

  private final List<Thread> threads = new ArrayList<>();

  /**
   * Starts the readers.
   *
   * @param name the client's name, for thread names
   * @param read one read: returns the body, which begins with the serving region's name
   * @param threadCount how many readers
   * @param originNanos the run's time zero ({@link System#nanoTime()})
   */
  ReadLoop(String name, Supplier<String> read, int threadCount, long originNanos) {
    super(name, originNanos);
    for (int i = 0; i < threadCount; i++) {
      Thread t = new Thread(() -> loop(read), "read-" + name + "-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  private void loop(Supplier<String> read) {
    while (running.get()) {
      double start = now();
      String region;
      try {
        region = servedBy(read.get());
      } catch (RuntimeException e) {
        region = null;
        if (!running.get()) {
          return; // interrupted by close(): not something the application would have seen
        }
        addError(e);
      }
      if (!running.get()) {
        return; // the run is over: reads that end after it are not part of it
      }
      add(new Sample(start, now(), region));
      if (region == null) {
        pause(); // a failing client in a tight loop would starve the others of CPU
      }
    }
  }

  @Override
  public void close() {
    running.set(false);
    for (Thread t : threads) {
      // A black-holed plain client may sit in a read for its whole timeout: do not wait for it.
      t.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
