package io.github.s3failover.chaos;

import io.github.s3failover.FailoverS3AsyncClient;
import io.github.s3failover.ObjectChangedException;
import io.github.s3failover.S3FailoverException;
import io.github.s3failover.testkit.TestRegion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * Chains of async calls through a {@link FailoverS3AsyncClient} that shares the sync client's
 * rules, beside {@link Workload}'s threads and recorded into its lists and counters: reads into
 * {@code toBytes()} or streamed through {@code toPublisher()} (replicated objects, {@link Versions}
 * objects, acknowledged writes read back), writes with {@code fromBytes} (new keys and new
 * versions), and now and then an {@link S3TransferManager} upload of a multipart-sized object and a
 * download of one ({@link AsyncTransfers}). Each chain starts its next call when the last one
 * completed; no thread waits for a call. Callbacks run on a small pool of the workload's (not on
 * the SDK's threads, and never on a growing stack).
 *
 * <p>The region that acknowledged an async write is the one whose proxy saw the call's last request
 * head ({@link ServerTraffic#lastRegions()}), checked once the run is over.
 */
final class AsyncWorkload implements AutoCloseable {
  /** An acknowledged async write: its key, content hash and the number its call was tagged with. */
  record AsyncAck(String key, String sha256, long call) {}

  private volatile FailoverS3AsyncClient client; // dropped by forget()
  final AsyncTransfers transfers;
  private final Workload ledger;
  private final Map<String, TestRegion> regions;
  private final ExecutorService callbacks;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<CompletableFuture<Void>> chains = new ArrayList<>();
  final List<AsyncAck> acks = new CopyOnWriteArrayList<>();
  final AtomicLong reads = new AtomicLong();
  final AtomicLong streamedReads = new AtomicLong();
  final AtomicLong streamBodiesBroken = new AtomicLong();
  final AtomicLong versionedReads = new AtomicLong();
  final AtomicLong versionsWritten = new AtomicLong();
  final AtomicLong failures = new AtomicLong();

  /**
   * Starts the chains.
   *
   * @param client the async client of the chains
   * @param transferClient the async client under the Transfer Manager
   * @param ledger where acknowledged writes, failures and violations go
   */
  AsyncWorkload(
      FailoverS3AsyncClient client,
      FailoverS3AsyncClient transferClient,
      Workload ledger,
      List<TestRegion> configured,
      int chainCount,
      long seed) {
    this.client = client;
    this.ledger = ledger;
    this.regions = new HashMap<>();
    configured.forEach(r -> regions.put(r.name(), r));
    AtomicInteger threads = new AtomicInteger();
    this.callbacks =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "chaos-async-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.transfers = new AsyncTransfers(transferClient, ledger, regions, callbacks);
    for (int i = 0; i < chainCount; i++) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      chains.add(done);
      int id = i;
      Random random = new Random(seed + 1000 + i);
      callbacks.execute(() -> next(id, random, 1, done));
    }
  }

  private void next(int id, Random random, long n, CompletableFuture<Void> done) {
    if (!running.get()) {
      done.complete(null);
      return;
    }
    String operation = "?";
    CompletableFuture<?> step;
    try {
      CompletableFuture<?> transfer = transfers.startIfDue("tm/" + id + "/" + n);
      if (transfer != null) {
        operation = "transfer";
        step = transfer;
      } else {
        int dice = random.nextInt(100);
        if (dice < 45) {
          operation = "GetObject";
          step = read(random);
        } else if (dice < 55) {
          operation = "GetObject";
          step = readVersioned(random);
        } else if (dice < 59) {
          operation = "PutObject";
          step = writeVersion(random);
        } else if (dice < 92) {
          operation = "PutObject";
          step = write("aw/" + id + "/" + n, random);
        } else {
          operation = "GetObject";
          step = readBack(random);
        }
      }
    } catch (RuntimeException e) {
      step = CompletableFuture.failedFuture(e);
    }
    String op = operation;
    step.whenCompleteAsync(
        (result, error) -> {
          if (error != null) {
            failed(op, error);
          }
          next(id, random, n + 1, done);
        },
        callbacks);
  }

  /**
   * Reads a whole object, half of the time into {@code toBytes()} and half of the time streamed
   * through {@code toPublisher()} (raced at the headers when hedged, resumed after a break).
   * Completes with null when a streamed body broke beyond resume (counted): as for the sync stream,
   * the SDK's contract for a broken body (the break itself, an IOException, or {@link
   * ObjectChangedException} when the object changed before the rest could be read).
   */
  private CompletableFuture<byte[]> getBytes(String key, Random random) {
    Consumer<GetObjectRequest.Builder> request =
        b -> Workload.tagged(b.bucket(ChaosSetup.BUCKET).key(key));
    if (random.nextBoolean()) {
      return client
          .getObject(request, AsyncResponseTransformer.toBytes())
          .thenApply(bytes -> bytes.asByteArray());
    }
    return client
        .getObject(request, AsyncResponseTransformer.toPublisher())
        .thenCompose(
            publisher -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              return publisher
                  .subscribe(
                      buffer -> {
                        byte[] piece = new byte[buffer.remaining()];
                        buffer.get(piece);
                        out.write(piece, 0, piece.length);
                      })
                  .handle(
                      (done, error) -> {
                        if (error == null) {
                          streamedReads.incrementAndGet();
                          return out.toByteArray();
                        }
                        Throwable cause = unwrap(error);
                        if (cause instanceof IOException
                            || cause instanceof ObjectChangedException) {
                          streamBodiesBroken.incrementAndGet();
                          return null;
                        }
                        throw new CompletionException(cause);
                      });
            });
  }

  private CompletableFuture<?> read(Random random) {
    int i = random.nextInt(Workload.SEEDED_KEYS);
    return getBytes(Workload.seededKey(i), random)
        .thenAccept(
            bytes -> {
              if (bytes == null) {
                return;
              }
              reads.incrementAndGet();
              if (!Arrays.equals(bytes, Workload.seededContent(i))) {
                ledger.violations.add("async read of " + Workload.seededKey(i) + ": wrong bytes");
              }
            });
  }

  private CompletableFuture<?> readVersioned(Random random) {
    int i = random.nextInt(Versions.KEYS);
    return getBytes(Versions.key(i), random)
        .thenAccept(
            bytes -> {
              if (bytes == null) {
                return;
              }
              versionedReads.incrementAndGet();
              String broken = Versions.violation(i, bytes);
              if (broken != null) {
                ledger.violations.add("async " + broken);
              }
            });
  }

  private CompletableFuture<?> writeVersion(Random random) {
    int i = random.nextInt(Versions.KEYS);
    byte[] content = Versions.content(i, Workload.nextVersion());
    return client
        .putObject(
            b -> Workload.tagged(b.bucket(ChaosSetup.BUCKET).key(Versions.key(i))),
            AsyncRequestBody.fromBytes(content))
        .thenRun(versionsWritten::incrementAndGet);
  }

  private CompletableFuture<?> write(String key, Random random) {
    byte[] content = (key + ":" + random.nextLong()).getBytes(StandardCharsets.UTF_8);
    long call = Workload.nextCall();
    return client
        .putObject(
            b -> Workload.tagged(b.bucket(ChaosSetup.BUCKET).key(key), call),
            AsyncRequestBody.fromBytes(content))
        .thenRun(() -> acks.add(new AsyncAck(key, Workload.sha256(content), call)));
  }

  /** A write of the sync threads read back: from another region it may lag, which must say so. */
  private CompletableFuture<?> readBack(Random random) {
    List<Workload.Ack> written = ledger.acks;
    Workload.Ack ack = written.isEmpty() ? null : written.get(random.nextInt(written.size()));
    if (ack == null || ack.multipart()) {
      return CompletableFuture.completedFuture(null);
    }
    return getBytes(ack.key(), random)
        .handle(
            (bytes, error) -> {
              if (error == null) {
                if (bytes != null && !Workload.sha256(bytes).equals(ack.sha256())) {
                  ledger.violations.add("async read back of " + ack.key() + ": other bytes");
                }
                return null;
              }
              if (unwrap(error) instanceof S3Exception e && e.statusCode() == 404) {
                ledger.notYetReplicated.incrementAndGet();
                return null;
              }
              throw new CompletionException(unwrap(error));
            });
  }

  private void failed(String operation, Throwable error) {
    failures.incrementAndGet();
    Throwable cause = unwrap(error);
    if (operation.equals("transfer")) {
      // The Transfer Manager wraps what the client threw in its own exception: the client's
      // failure inside it must say what the rules say.
      for (Throwable c = cause; c != null; c = c.getCause()) {
        if (c instanceof S3FailoverException) {
          cause = c;
          break;
        }
      }
    }
    if (!(cause instanceof RuntimeException)) {
      ledger.violations.add("async " + operation + " failed with " + cause);
      return;
    }
    Workload.Failure failure = new Workload.Failure(operation, (RuntimeException) cause);
    String broken = FailureRules.violation(failure);
    if (broken != null) {
      ledger.violations.add("async " + broken);
    }
    if (ledger.failureCount.incrementAndGet() <= Workload.KEPT_FAILURES) {
      ledger.failures.add(failure);
    }
  }

  /**
   * What the regions say of the acknowledged async writes: each is in the region whose proxy saw
   * its call's last request, with identical bytes. Returns what is wrong.
   */
  List<String> unverifiedAcknowledgements(Map<Long, String> lastRegions) {
    List<String> wrong = new ArrayList<>();
    for (AsyncAck ack : acks) {
      String name = lastRegions.get(ack.call());
      TestRegion region = name == null ? null : regions.get(name);
      if (region == null) {
        wrong.add(ack + ": its call reached no configured region (" + name + ")");
        continue;
      }
      Optional<byte[]> stored = region.region().readObject(ChaosSetup.physical(region), ack.key());
      if (stored.isEmpty()) {
        wrong.add(ack + ": not in " + name + ", which answered it");
      } else if (!Workload.sha256(stored.get()).equals(ack.sha256())) {
        wrong.add(ack + ": other bytes in " + name);
      }
    }
    return wrong;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** Stops the chains, waits for the calls in flight, closes the Transfer Manager and the pool. */
  @Override
  public void close() {
    running.set(false);
    try {
      CompletableFuture.allOf(chains.toArray(new CompletableFuture<?>[0]))
          .get(15, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      ledger.violations.add("async chains still busy 15 s after the stop");
    } catch (ExecutionException e) {
      ledger.violations.add("an async chain broke: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    transfers.close();
    callbacks.shutdown();
    try {
      if (!callbacks.awaitTermination(10, TimeUnit.SECONDS)) {
        ledger.violations.add("async callbacks still running 10 s after the stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Drops every record, once checked, so the heap can be measured without them. */
  void forget() {
    client = null;
    transfers.forget();
    acks.clear();
  }
}
