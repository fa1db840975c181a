package io.github.s3failover.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-way replication between two local regions with a lag, as S3 Cross-Region Replication would do
 * it: an object written to the source bucket (new or changed) appears in the target bucket once the
 * lag has passed. Use two replicators, one each way, for the replication that failback needs.
 *
 * <p>It reads and writes the regions' stores directly, so it is not counted as traffic. A regional
 * outage stops replication too: {@link #pause()} it while a region is down, and the backlog flows
 * when it is {@link #resume() resumed}. Deletes are not replicated (CRR does not replicate them by
 * default either).
 */
public final class Replicator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);

  private final LocalRegion source;
  private final String sourceBucket;
  private final LocalRegion target;
  private final String targetBucket;
  private final long lagMillis;
  private final ScheduledExecutorService timer;
  private final Map<String, Seen> seen = new HashMap<>();
  private final AtomicLong replicated = new AtomicLong();
  private volatile boolean paused;

  private static final class Seen {
    final byte[] content;
    final long firstSeenMillis;
    boolean copied;

    Seen(byte[] content, long firstSeenMillis) {
      this.content = content;
      this.firstSeenMillis = firstSeenMillis;
    }
  }

  private Replicator(
      LocalRegion source,
      String sourceBucket,
      LocalRegion target,
      String targetBucket,
      Duration lag) {
    this.source = source;
    this.sourceBucket = sourceBucket;
    this.target = target;
    this.targetBucket = targetBucket;
    this.lagMillis = lag.toMillis();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "replicator-" + source.name() + "-to-" + target.name());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts replicating {@code sourceBucket} of {@code source} into {@code targetBucket} of {@code
   * target}, looking for changes every 50 ms.
   *
   * @param source the region written to
   * @param sourceBucket its bucket
   * @param target the region that receives copies
   * @param targetBucket its bucket
   * @param lag how long after it is first seen an object is copied
   * @return the running replicator
   */
  public static Replicator start(
      LocalRegion source,
      String sourceBucket,
      LocalRegion target,
      String targetBucket,
      Duration lag) {
    if (lag == null || lag.isNegative()) {
      throw new IllegalArgumentException("lag is " + lag + "; use zero or more");
    }
    Replicator replicator = new Replicator(source, sourceBucket, target, targetBucket, lag);
    replicator.timer.scheduleWithFixedDelay(replicator::pass, 0, 50, TimeUnit.MILLISECONDS);
    return replicator;
  }

  /** Stops copying until {@link #resume()}; what is written meanwhile waits. */
  public void pause() {
    paused = true;
  }

  /** Copies again, the backlog first. */
  public void resume() {
    paused = false;
  }

  /**
   * Returns how many copies were made.
   *
   * @return the count
   */
  public long replicated() {
    return replicated.get();
  }

  private void pass() {
    if (paused) {
      return;
    }
    try {
      long now = System.currentTimeMillis();
      for (String key : source.listKeys(sourceBucket)) {
        Optional<byte[]> content = source.readObject(sourceBucket, key);
        if (content.isEmpty()) {
          continue;
        }
        Seen known = seen.get(key);
        if (known == null || !Arrays.equals(known.content, content.get())) {
          known = new Seen(content.get(), now);
          seen.put(key, known);
        }
        if (!known.copied && now - known.firstSeenMillis >= lagMillis) {
          Optional<byte[]> there = target.readObject(targetBucket, key);
          if (there.isEmpty() || !Arrays.equals(there.get(), known.content)) {
            target.putObject(targetBucket, key, known.content);
            replicated.incrementAndGet();
          }
          known.copied = true;
        }
      }
    } catch (RuntimeException e) {
      // A stopped region or a bucket not created yet: try again on the next pass.
      LOG.debug("replicator {} -> {}: pass failed", source.name(), target.name(), e);
    }
  }

  /** Stops replicating. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
