package io.github.s3failover;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Several threads reading one object through the client until closed, counting what they see. */
final class BackgroundReads implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong successes = new AtomicLong();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  BackgroundReads(FailoverS3Client client, String key, byte[] expected, int threadCount) {
    for (int i = 0; i < threadCount; i++) {
      Thread t =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    byte[] got =
                        client
                            .getObjectAsBytes(b -> b.bucket(Fixture.BUCKET).key(key))
                            .asByteArray();
                    if (Arrays.equals(got, expected)) {
                      successes.incrementAndGet();
                    } else {
                      errors.add(new AssertionError("wrong content, " + got.length + " bytes"));
                    }
                  } catch (RuntimeException e) {
                    errors.add(e);
                  }
                }
              },
              "background-read-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  long successes() {
    return successes.get();
  }

  List<Throwable> errors() {
    return errors;
  }

  @Override
  public void close() {
    stop();
  }

  /** Stops the threads and waits for the calls in flight. */
  void stop() {
    running.set(false);
    try {
      for (Thread t : threads) {
        t.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
