package io.github.s3failover.dns.internal;

import io.github.s3failover.PreferenceContext;
import io.github.s3failover.event.DnsAnswerChangedEvent;
import io.github.s3failover.event.DnsAnswerIgnoredEvent;
import io.github.s3failover.event.DnsFailureEvent;
import io.github.s3failover.event.FailoverEvent;
import io.github.s3failover.internal.InternalApi;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the answer of one DNS name fresh in the background and publishes it through a volatile
 * field, so the request path never waits for DNS.
 *
 * <p>All state except {@link #preferred} is confined to the one scheduler thread: the resolver's
 * completion hops back onto it, so no lock is needed and the thread never blocks on the network.
 */
@InternalApi
public final class DnsRefresher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.s3failover.dns");

  private final Supplier<CompletableFuture<DnsAnswer>> lookup;
  private final String name;
  private final PreferenceContext context;
  private final long minTtlNanos;
  private final long maxTtlNanos;
  private final long staleNanos;
  private final LongSupplier ticker;
  private final Scheduler scheduler;
  private final CountDownLatch firstAnswer = new CountDownLatch(1);

  private volatile Optional<String> preferred = Optional.empty();
  private volatile boolean answerLost;
  private volatile long answeredAtNanos;

  // Confined to the scheduler thread.
  private String current;
  private long staleDeadline;
  private int failures;
  private String lastIgnored;
  private Future<?> staleExpiry;

  /** Where the refresher's work runs: one thread in production, by hand in tests. */
  interface Scheduler {
    void execute(Runnable task);

    /** Runs {@code task} after {@code delayNanos}; returns null once shut down. */
    Future<?> schedule(Runnable task, long delayNanos);

    void shutdownNow();
  }

  /**
   * Creates the refresher; nothing runs before {@link #start(Duration)}.
   *
   * @param lookup the lookup to repeat
   * @param context where events go
   * @param minTtl the shortest time between two lookups
   * @param maxTtl the longest time an answer is trusted without asking again
   * @param staleTime how long the last good answer is kept after it expired, while lookups fail
   */
  public DnsRefresher(
      DnsLookup lookup,
      PreferenceContext context,
      Duration minTtl,
      Duration maxTtl,
      Duration staleTime) {
    this(
        lookup::send,
        DnsAnswerParser.host(lookup.name()),
        context,
        minTtl,
        maxTtl,
        staleTime,
        System::nanoTime,
        threadScheduler(DnsAnswerParser.host(lookup.name())));
  }

  DnsRefresher(
      Supplier<CompletableFuture<DnsAnswer>> lookup,
      String name,
      PreferenceContext context,
      Duration minTtl,
      Duration maxTtl,
      Duration staleTime,
      LongSupplier ticker,
      Scheduler scheduler) {
    this.lookup = lookup;
    this.name = name;
    this.context = context;
    this.minTtlNanos = minTtl.toNanos();
    this.maxTtlNanos = maxTtl.toNanos();
    this.staleNanos = staleTime.toNanos();
    this.ticker = ticker;
    this.scheduler = scheduler;
  }

  private static Scheduler threadScheduler(String name) {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "s3-failover-dns-" + name);
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    return new Scheduler() {
      @Override
      public void execute(Runnable task) {
        try {
          executor.execute(task);
        } catch (RejectedExecutionException e) {
          // Closed: the answer arrived after close() and is of no use.
        }
      }

      @Override
      public Future<?> schedule(Runnable task, long delayNanos) {
        try {
          return executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          return null;
        }
      }

      @Override
      public void shutdownNow() {
        executor.shutdownNow();
      }
    };
  }

  /**
   * Returns the region named by the current answer; a volatile read, nothing else.
   *
   * @return the region id, or empty for priority order
   */
  public Optional<String> preferred() {
    return preferred;
  }

  /**
   * Returns whether there was a good answer and it was dropped as too stale.
   *
   * @return true from the stale expiry until the next good answer
   */
  public boolean answerLost() {
    return answerLost;
  }

  /**
   * Returns how long ago the answer in use arrived (a refresh with the same answer counts as new).
   *
   * @return the age, or empty while no answer is in use
   */
  public Optional<Duration> answerAge() {
    // preferred is written after answeredAtNanos, so reading it first sees a matching time.
    return preferred.isEmpty()
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(ticker.getAsLong() - answeredAtNanos));
  }

  /**
   * Sends the first query and waits for its answer, at most {@code timeout}; later refreshes run in
   * the background whatever happens.
   *
   * @param timeout how long to wait
   */
  public void start(Duration timeout) {
    scheduler.execute(this::refresh);
    try {
      if (!firstAnswer.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        LOG.warn(
            "s3-failover: no DNS answer for {} within {}; priority order applies until one"
                + " arrives",
            name,
            timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void refresh() {
    lookup.get().thenAccept(answer -> scheduler.execute(() -> apply(answer)));
  }

  private void apply(DnsAnswer answer) {
    long now = ticker.getAsLong();
    long delay = maxTtlNanos;
    try {
      if (answer instanceof DnsAnswer.Matched) {
        delay = matched((DnsAnswer.Matched) answer, now);
      } else if (answer instanceof DnsAnswer.Ignored) {
        delay = ignored((DnsAnswer.Ignored) answer, now);
      } else {
        delay = failed((DnsAnswer.Failed) answer, now);
      }
    } catch (RuntimeException e) {
      LOG.error("s3-failover: handling the DNS answer for {} failed", name, e);
    } finally {
      // Whatever went wrong above, the refresh must go on, or the answer would freeze for good.
      firstAnswer.countDown();
      scheduler.schedule(this::refresh, delay);
    }
  }

  private long matched(DnsAnswer.Matched answer, long now) {
    long ttl = clamp(answer.ttl().toNanos());
    if (failures > 0 || lastIgnored != null) {
      LOG.info("s3-failover: DNS answers again for {}: region {}", name, answer.regionId());
    }
    failures = 0;
    lastIgnored = null;
    if (staleExpiry != null) {
      staleExpiry.cancel(false);
      staleExpiry = null;
    }
    // Expiry counts from this fetch: the TTL comes fresh from the server, not from a cache.
    staleDeadline = now + ttl + staleNanos;
    String old = current;
    current = answer.regionId();
    answeredAtNanos = now;
    preferred = Optional.of(current);
    answerLost = false;
    if (!answer.regionId().equals(old)) {
      // The Router logs the preference change at INFO; the DNS detail is for debugging.
      LOG.debug(
          "s3-failover: DNS {} names region {} (via {}, TTL {})",
          name,
          current,
          answer.via(),
          answer.ttl());
      publish(
          new DnsAnswerChangedEvent(context.clock().instant(), name, old, current, answer.ttl()));
    }
    return ttl;
  }

  private long ignored(DnsAnswer.Ignored answer, long now) {
    boolean kept = keepStale(now);
    if (!Objects.equals(answer.description(), lastIgnored)) {
      LOG.warn(
          "s3-failover: DNS {} answers {}, which names no configured region (or several);"
              + " ignored, {}",
          name,
          answer.description(),
          kept ? "keeping region " + current + " for now" : "priority order applies");
    }
    lastIgnored = answer.description();
    publish(
        new DnsAnswerIgnoredEvent(
            context.clock().instant(), name, answer.description(), answer.ttl(), kept));
    return clamp(answer.ttl().toNanos());
  }

  private long failed(DnsAnswer.Failed answer, long now) {
    boolean kept = keepStale(now);
    failures++;
    if (failures == 1) {
      LOG.warn(
          "s3-failover: DNS lookup of {} failed ({}: {}); {}",
          name,
          answer.reason(),
          answer.detail(),
          kept
              ? "keeping region " + current + " while it is not too stale"
              : "priority order applies");
    } else {
      LOG.debug("s3-failover: DNS lookup of {} failed again: {}", name, answer.detail());
    }
    publish(
        new DnsFailureEvent(
            context.clock().instant(),
            name,
            answer.reason(),
            answer.detail(),
            answer.cause(),
            kept));
    // Back off while the server is down, but never beyond maxTtl, so a recovery is seen soon.
    long backoff = minTtlNanos << Math.min(failures - 1, 20);
    return backoff <= 0 ? maxTtlNanos : Math.min(backoff, maxTtlNanos);
  }

  /** Returns whether the last good answer is still usable, dropping it once too stale. */
  private boolean keepStale(long now) {
    if (current == null) {
      return false;
    }
    if (now - staleDeadline < 0) {
      if (staleExpiry == null) {
        // Drop the answer on time even if a lookup is in flight when the deadline passes.
        staleExpiry = scheduler.schedule(() -> keepStale(ticker.getAsLong()), staleDeadline - now);
      }
      return true;
    }
    LOG.warn(
        "s3-failover: no good DNS answer for {} for the stale time; region {} is no longer"
            + " preferred, priority order applies",
        name,
        current);
    publish(
        new DnsFailureEvent(
            context.clock().instant(),
            name,
            DnsFailureEvent.Reason.STALE_ANSWER_EXPIRED,
            "last good answer (region " + current + ") is older than the stale time",
            null,
            false));
    current = null;
    preferred = Optional.empty();
    answerLost = true;
    staleExpiry = null;
    return false;
  }

  /** A failing listener must not interrupt the state changes around it. */
  private void publish(FailoverEvent event) {
    try {
      context.publish(event);
    } catch (RuntimeException e) {
      LOG.warn("s3-failover: publishing {} failed", event, e);
    }
  }

  private long clamp(long ttlNanos) {
    return Math.max(minTtlNanos, Math.min(maxTtlNanos, ttlNanos));
  }

  /** Stops the background refresh; the last answer stays readable. */
  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
