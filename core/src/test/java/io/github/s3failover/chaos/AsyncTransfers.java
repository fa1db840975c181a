package io.github.s3failover.chaos;

import io.github.s3failover.FailoverS3AsyncClient;
import io.github.s3failover.testkit.TestRegion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.DownloadRequest;

/**
 * The {@link AsyncWorkload}'s Transfer Manager part: now and then an upload of a multipart-sized
 * object (9 MiB: two parts in one region) and a download of one stored whole, one transfer at a
 * time, through an async client that shares the sync client's rules (its own timeouts: see {@link
 * ChaosSetup#transferClient}).
 *
 * <p>The first transfer starts at once and is tried again until one completes; {@link
 * FaultSchedule} keeps one region healthy until then, so that the guard that a transfer completed
 * does not hang on the dice. Afterwards one starts every {@link #TRANSFER_EVERY}.
 */
final class AsyncTransfers implements AutoCloseable {
  /** Above the multipart threshold of the regional clients (8 MiB): two parts. */
  static final int TRANSFER_SIZE = 9 * 1024 * 1024;

  /** An object stored in one piece in every region, which the transfers download. */
  static final String TRANSFER_SOURCE = "transfer/source";

  /** How often a transfer starts, once one has completed (until then, one after the other). */
  static final Duration TRANSFER_EVERY = Duration.ofSeconds(3);

  private volatile S3TransferManager transfers; // dropped by forget()
  private final Workload ledger;
  private final Map<String, TestRegion> regions;
  private final Executor callbacks;
  private final AtomicBoolean transferring = new AtomicBoolean();
  private final long start = System.nanoTime();
  private volatile long nextTransfer = start;
  private volatile long firstTransferDone;
  final AtomicLong uploads = new AtomicLong();
  final AtomicLong downloads = new AtomicLong();

  AsyncTransfers(
      FailoverS3AsyncClient client,
      Workload ledger,
      Map<String, TestRegion> regions,
      Executor callbacks) {
    this.transfers = S3TransferManager.builder().s3Client(client).build();
    this.ledger = ledger;
    this.regions = regions;
    this.callbacks = callbacks;
  }

  /** Starts a transfer under the given key if one is due and none is under way, or returns null. */
  CompletableFuture<?> startIfDue(String key) {
    if (System.nanoTime() < nextTransfer || !transferring.compareAndSet(false, true)) {
      return null;
    }
    return transfer(key);
  }

  /** The content of a transfer upload: a big part and the key, unlike any other upload's. */
  static byte[] transferContent(String key) {
    byte[] content = Arrays.copyOf(Workload.BIG_PART, TRANSFER_SIZE);
    byte[] name = key.getBytes(StandardCharsets.UTF_8);
    Arrays.fill(content, Workload.BIG_PART.length, TRANSFER_SIZE, (byte) 't');
    System.arraycopy(name, 0, content, 0, name.length);
    System.arraycopy(name, 0, content, TRANSFER_SIZE - name.length, name.length);
    return content;
  }

  /**
   * A Transfer Manager upload of a multipart-sized object, checked in the regions' stores and then
   * dropped from them (9 MiB each), then a Transfer Manager download of the object stored whole.
   */
  private CompletableFuture<?> transfer(String key) {
    CompletableFuture<?> both;
    try {
      both = uploadThenDownload(key);
    } catch (RuntimeException e) {
      both = CompletableFuture.failedFuture(e);
    }
    return both.whenComplete(
        (done, error) -> {
          long wait = error == null ? TRANSFER_EVERY.toNanos() : 0;
          nextTransfer = System.nanoTime() + wait;
          transferring.set(false);
        });
  }

  private CompletableFuture<?> uploadThenDownload(String key) {
    byte[] content = transferContent(key);
    String sha = Workload.sha256(content);
    CompletableFuture<?> upload =
        transfers
            .upload(
                u ->
                    u.requestBody(AsyncRequestBody.fromBytes(content))
                        .putObjectRequest(
                            p -> Workload.tagged(p.bucket(ChaosSetup.BUCKET).key(key))))
            .completionFuture()
            .whenCompleteAsync((done, error) -> checkThenDrop(key, sha, error == null), callbacks)
            .thenRun(uploads::incrementAndGet);
    return upload.thenCompose(
        uploaded ->
            transfers
                .download(
                    DownloadRequest.builder()
                        .getObjectRequest(
                            g -> Workload.tagged(g.bucket(ChaosSetup.BUCKET).key(TRANSFER_SOURCE)))
                        .responseTransformer(AsyncResponseTransformer.<GetObjectResponse>toBytes())
                        .build())
                .completionFuture()
                .thenAcceptAsync(
                    d -> {
                      ResponseBytes<GetObjectResponse> bytes = d.result();
                      if (!Arrays.equals(bytes.asByteArray(), transferSource())) {
                        ledger.violations.add("transfer download: other bytes");
                      }
                      if (downloads.incrementAndGet() == 1) {
                        firstTransferDone = System.nanoTime();
                      }
                    },
                    callbacks));
  }

  /**
   * An uploaded transfer must be in a region with identical bytes (an acknowledged one at least in
   * one region; a failed one may be anywhere, whole or not at all), never other bytes anywhere.
   * Then it is deleted everywhere: 9 MiB objects kept to the end would fill a long run's disk.
   */
  private void checkThenDrop(String key, String sha, boolean acknowledged) {
    int whole = 0;
    for (TestRegion region : regions.values()) {
      Optional<byte[]> stored = region.region().readObject(ChaosSetup.physical(region), key);
      if (stored.isPresent()) {
        if (Workload.sha256(stored.get()).equals(sha)) {
          whole++;
        } else {
          ledger.violations.add("transfer " + key + ": other bytes in " + region.name());
        }
        region.region().deleteObject(ChaosSetup.physical(region), key);
      }
    }
    if (acknowledged && whole == 0) {
      ledger.violations.add("transfer " + key + " acknowledged but in no region");
    }
  }

  /** Seconds from the start to the end of the first transfer that completed, or -1. */
  double firstTransferSeconds() {
    long done = firstTransferDone;
    return done == 0 ? -1 : (done - start) / 1e9;
  }

  static byte[] transferSource() {
    return Workload.filled(TRANSFER_SIZE, 's');
  }

  /** Closes the Transfer Manager (not the client under it). */
  @Override
  public void close() {
    transfers.close();
  }

  /** Drops the Transfer Manager, so the heap can be measured without it. */
  void forget() {
    transfers = null;
  }
}
