package io.github.s3failover.chaos;

import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.event.CallCompletedEvent;
import io.github.s3failover.event.FailoverEvent;
import io.github.s3failover.testkit.TestRegion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Threads of mixed calls (reads of replicated objects, PutObject with replayable and stream bodies,
 * two-part multipart uploads, reads and overwrites of {@link Versions} objects, as bytes and as
 * streams) through one client, recording what was acknowledged and by which region, and every
 * failure. {@link AsyncWorkload} records into the same lists and counters.
 *
 * <p>What it keeps is bounded, so a run of many minutes fits in the heap: a completed multipart
 * object (5 MiB) is checked in the region that acknowledged it as soon as it is acknowledged, then
 * dropped from that region's store; failures are checked as they happen, and only the first {@link
 * #KEPT_FAILURES} are kept for the report.
 */
final class Workload implements AutoCloseable {
  /** S3 wants every part but the last to be at least 5 MiB. */
  static final byte[] BIG_PART = filled(5 * 1024 * 1024, 'p');

  static final int SEEDED_KEYS = 8;

  /** Failures kept for the report; the rest are only checked and counted. */
  static final int KEPT_FAILURES = 200;

  /**
   * An acknowledged write: the key, the SHA-256 of its content (multipart objects are 5 MiB: the
   * run must not hold them all), and the region that acknowledged it.
   */
  record Ack(String key, String sha256, String region, boolean multipart) {}

  /** A call that threw, and the operation of the last call completed on its thread. */
  record Failure(String operation, RuntimeException error) {}

  /**
   * The last call completed on each thread: events are published on the calling thread, so this is
   * how a caller learns which region acknowledged its own write.
   */
  private static final ThreadLocal<CallCompletedEvent> LAST = new ThreadLocal<>();

  private static final AtomicLong CALLS = new AtomicLong();

  private volatile FailoverS3Client client; // dropped by forget()
  private final Map<String, TestRegion> regions;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  final List<Ack> acks = new CopyOnWriteArrayList<>();
  final List<String> streamBodyKeys = new CopyOnWriteArrayList<>();
  final List<String> multipartKeys = new CopyOnWriteArrayList<>();
  final List<Failure> failures = new CopyOnWriteArrayList<>(); // the first KEPT_FAILURES
  final AtomicLong failureCount = new AtomicLong();
  final AtomicLong multipartCompleted = new AtomicLong();
  final AtomicLong streamBodiesAcknowledged = new AtomicLong();
  final List<String> violations = new CopyOnWriteArrayList<>();
  final Map<String, String> createdIn = new ConcurrentHashMap<>();
  final AtomicLong reads = new AtomicLong();
  final AtomicLong notYetReplicated = new AtomicLong();
  final AtomicLong versionedReads = new AtomicLong();
  final AtomicLong versionsWritten = new AtomicLong();
  final AtomicLong streamBodiesBroken = new AtomicLong();
  private static final AtomicLong VERSIONS = new AtomicLong();

  /** Records each thread's last call; add it to the client's listeners. */
  static void record(FailoverEvent event) {
    if (event instanceof CallCompletedEvent) {
      LAST.set((CallCompletedEvent) event);
    }
  }

  static String seededKey(int i) {
    return "seeded/" + i;
  }

  static byte[] seededContent(int i) {
    return filled(1024 + i, (char) ('a' + i));
  }

  /**
   * Starts the threads.
   *
   * @param regions the configured regions by name, where acknowledged writes are checked
   */
  Workload(FailoverS3Client client, List<TestRegion> regions, int threadCount, long seed) {
    this.client = client;
    Map<String, TestRegion> byName = new ConcurrentHashMap<>();
    regions.forEach(r -> byName.put(r.name(), r));
    this.regions = byName;
    for (int i = 0; i < threadCount; i++) {
      int id = i;
      Random random = new Random(seed + i);
      Thread t = new Thread(() -> run(id, random), "chaos-worker-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  private void run(int id, Random random) {
    long n = 0;
    while (running.get()) {
      n++;
      int dice = random.nextInt(100);
      try {
        if (dice < 50) {
          read(random);
        } else if (dice < 58) {
          readVersioned(random);
        } else if (dice < 62) {
          writeVersion(random);
        } else if (dice < 97) {
          write("w/" + id + "/" + n, random);
        } else {
          multipart("mpu/" + id + "/" + n);
        }
      } catch (RuntimeException e) {
        CallCompletedEvent last = LAST.get();
        Failure failure = new Failure(last == null ? "?" : last.operation(), e);
        String broken = FailureRules.violation(failure);
        if (broken != null) {
          violations.add(broken);
        }
        if (failureCount.incrementAndGet() <= KEPT_FAILURES) {
          failures.add(failure);
        }
      }
    }
  }

  private void read(Random random) {
    LAST.remove();
    int i = random.nextInt(SEEDED_KEYS);
    byte[] got =
        client
            .getObjectAsBytes(b -> tagged(b.bucket(ChaosSetup.BUCKET).key(seededKey(i))))
            .asByteArray();
    reads.incrementAndGet();
    if (!Arrays.equals(got, seededContent(i))) {
      violations.add("read of " + seededKey(i) + " returned " + got.length + " wrong bytes");
    }
    Ack ack = acks.isEmpty() ? null : acks.get(random.nextInt(acks.size()));
    if (ack != null && !ack.multipart()) {
      // An acknowledged write read back: from another region it may lag, which must say so.
      try {
        byte[] back =
            client
                .getObjectAsBytes(b -> tagged(b.bucket(ChaosSetup.BUCKET).key(ack.key())))
                .asByteArray();
        if (!sha256(back).equals(ack.sha256())) {
          violations.add("read back of " + ack.key() + " returned other bytes");
        }
      } catch (S3Exception e) {
        // Not replicated (the testkit does not replicate): a 404 from the preferred region is
        // plain, one from another region says which; both are answers, not failures. A 404
        // whose error body a reset cut off has no code, so the status is what counts here.
        if (e.statusCode() != 404) {
          throw e;
        }
        notYetReplicated.incrementAndGet();
      }
    }
  }

  /**
   * Reads an object that other threads keep overwriting, as bytes or as a stream (which resumes
   * mid-body after a reset, If-Match the version it began with); either way one whole version.
   */
  private void readVersioned(Random random) {
    int i = random.nextInt(Versions.KEYS);
    byte[] got;
    if (random.nextBoolean()) {
      LAST.remove();
      try (ResponseInputStream<GetObjectResponse> in =
          client.getObject(b -> tagged(b.bucket(ChaosSetup.BUCKET).key(Versions.key(i))))) {
        got = in.readAllBytes();
      } catch (IOException e) {
        // The body broke and could not be resumed (another region holds another version, or the
        // resumes ran out): the SDK's contract for a broken body; what was delivered is checked
        // by the stream itself (no byte twice, none of another version).
        streamBodiesBroken.incrementAndGet();
        return;
      }
    } else {
      LAST.remove();
      got =
          client
              .getObjectAsBytes(b -> tagged(b.bucket(ChaosSetup.BUCKET).key(Versions.key(i))))
              .asByteArray();
    }
    versionedReads.incrementAndGet();
    String broken = Versions.violation(i, got);
    if (broken != null) {
      violations.add(broken);
    }
  }

  private void writeVersion(Random random) {
    int i = random.nextInt(Versions.KEYS);
    byte[] content = Versions.content(i, nextVersion());
    LAST.remove();
    client.putObject(
        b -> tagged(b.bucket(ChaosSetup.BUCKET).key(Versions.key(i))),
        RequestBody.fromBytes(content));
    versionsWritten.incrementAndGet();
  }

  private void write(String key, Random random) {
    byte[] content = (key + ":" + random.nextLong()).getBytes(StandardCharsets.UTF_8);
    boolean stream = random.nextBoolean();
    RequestBody body;
    if (stream) {
      streamBodyKeys.add(key);
      body = RequestBody.fromInputStream(new ByteArrayInputStream(content), content.length);
    } else {
      body = RequestBody.fromBytes(content);
    }
    LAST.remove();
    client.putObject(b -> tagged(b.bucket(ChaosSetup.BUCKET).key(key)), body);
    acks.add(new Ack(key, sha256(content), acknowledgedBy("PutObject", key), false));
    if (stream) {
      streamBodiesAcknowledged.incrementAndGet();
    }
  }

  private void multipart(String key) {
    LAST.remove();
    String uploadId =
        client.createMultipartUpload(b -> tagged(b.bucket(ChaosSetup.BUCKET).key(key))).uploadId();
    String region = acknowledgedBy("CreateMultipartUpload", key);
    createdIn.put(key, region);
    multipartKeys.add(key);
    byte[] last = ("tail of " + key).getBytes(StandardCharsets.UTF_8);
    try {
      String etag1 =
          client
              .uploadPart(
                  b -> b.bucket(ChaosSetup.BUCKET).key(key).uploadId(uploadId).partNumber(1),
                  RequestBody.fromBytes(BIG_PART))
              .eTag();
      String etag2 =
          client
              .uploadPart(
                  b -> b.bucket(ChaosSetup.BUCKET).key(key).uploadId(uploadId).partNumber(2),
                  RequestBody.fromBytes(last))
              .eTag();
      LAST.remove();
      client.completeMultipartUpload(
          b ->
              b.bucket(ChaosSetup.BUCKET)
                  .key(key)
                  .uploadId(uploadId)
                  .multipartUpload(
                      m ->
                          m.parts(
                              CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                              CompletedPart.builder().partNumber(2).eTag(etag2).build())));
    } catch (RuntimeException e) {
      try {
        client.abortMultipartUpload(b -> b.bucket(ChaosSetup.BUCKET).key(key).uploadId(uploadId));
      } catch (RuntimeException abortFailed) {
        e.addSuppressed(abortFailed);
      }
      throw e;
    }
    String completedIn = acknowledgedBy("CompleteMultipartUpload", key);
    if (!completedIn.equals(region)) {
      violations.add(key + " created in " + region + " but completed in " + completedIn);
    }
    byte[] whole = Arrays.copyOf(BIG_PART, BIG_PART.length + last.length);
    System.arraycopy(last, 0, whole, BIG_PART.length, last.length);
    checkThenDrop(new Ack(key, sha256(whole), completedIn, true));
    multipartCompleted.incrementAndGet();
  }

  /**
   * Checks an acknowledged multipart object where it was acknowledged, straight from that region's
   * store, then deletes it there: 5 MiB objects kept to the end would fill the disk of a long run.
   * Nothing else writes the key, so what is true now stays true.
   */
  private void checkThenDrop(Ack ack) {
    TestRegion region = regions.get(ack.region());
    if (region == null) {
      violations.add(ack + " acknowledged by an unknown region");
      return;
    }
    Optional<byte[]> stored = region.region().readObject(ChaosSetup.physical(region), ack.key());
    if (stored.isEmpty()) {
      violations.add(ack + ": not in " + ack.region() + " right after its acknowledgement");
    } else if (!sha256(stored.get()).equals(ack.sha256())) {
      violations.add(ack + ": other bytes in " + ack.region());
    }
    region.region().deleteObject(ChaosSetup.physical(region), ack.key());
  }

  /** Tags a call, so the regions' proxies can tell which attempts belong to it. */
  static <B extends AwsRequest.Builder> B tagged(B builder) {
    return tagged(builder, nextCall());
  }

  /** Tags a call with a number from {@link #nextCall()}. */
  static <B extends AwsRequest.Builder> B tagged(B builder, long call) {
    builder.overrideConfiguration(o -> o.putHeader(ServerTraffic.CALL_HEADER, Long.toString(call)));
    return builder;
  }

  /** A new call number, unique in the run. */
  static long nextCall() {
    return CALLS.incrementAndGet();
  }

  /** A new version number, unique in the run. */
  static long nextVersion() {
    return VERSIONS.incrementAndGet();
  }

  private String acknowledgedBy(String operation, String key) {
    CallCompletedEvent event = LAST.get();
    if (event == null || !event.operation().equals(operation)) {
      violations.add("no CallCompletedEvent of " + operation + " for " + key + ": " + event);
      return "?";
    }
    return event.region();
  }

  @Override
  public void close() {
    running.set(false);
    try {
      for (Thread t : threads) {
        t.join(15_000);
        if (t.isAlive()) {
          violations.add(t.getName() + " still busy 15 s after the stop");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Drops every record, once checked, so the heap can be measured without them. */
  void forget() {
    client = null;
    acks.clear();
    streamBodyKeys.clear();
    multipartKeys.clear();
    failures.clear();
    createdIn.clear();
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] filled(int size, char c) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) c);
    return b;
  }
}
