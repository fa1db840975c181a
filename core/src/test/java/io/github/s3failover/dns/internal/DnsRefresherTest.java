package io.github.s3failover.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.PreferenceContext;
import io.github.s3failover.event.DnsFailureEvent;
import io.github.s3failover.event.FailoverEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/**
 * The refresh timing, on a ticker and a scheduler moved by hand: TTL clamps, back-off, the stale
 * window. No DNS server, no sleeping; runs in milliseconds.
 */
class DnsRefresherTest {
  private static final Duration MIN_TTL = Duration.ofSeconds(1);
  private static final Duration MAX_TTL = Duration.ofSeconds(60);
  private static final Duration STALE = Duration.ofSeconds(30);

  private final ManualTime time = new ManualTime();
  private final Deque<DnsAnswer> answers = new ArrayDeque<>();
  private final List<Long> lookupsAtSeconds = new ArrayList<>();
  private final List<FailoverEvent> events = new CopyOnWriteArrayList<>();
  private DnsAnswer lastAnswer;

  private DnsRefresher refresher() {
    DnsRefresher refresher =
        new DnsRefresher(
            () -> {
              lookupsAtSeconds.add(time.now / 1_000_000_000L);
              lastAnswer = answers.isEmpty() ? lastAnswer : answers.poll();
              return CompletableFuture.completedFuture(lastAnswer);
            },
            "app.example.test",
            new Context(),
            MIN_TTL,
            MAX_TTL,
            STALE,
            () -> time.now,
            time);
    refresher.start(Duration.ofSeconds(1));
    return refresher;
  }

  private static DnsAnswer matched(String region, Duration ttl) {
    return new DnsAnswer.Matched(region, ttl, "test");
  }

  private static DnsAnswer failed() {
    return new DnsAnswer.Failed(DnsFailureEvent.Reason.TIMEOUT, "no answer", null);
  }

  @Test
  void theNextLookupComesWhenTheClampedTtlRunsOut() {
    answers.add(matched("primary", Duration.ZERO)); // clamped up to minTtl
    answers.add(matched("primary", Duration.ofDays(1))); // clamped down to maxTtl
    answers.add(matched("secondary", Duration.ofSeconds(5)));
    DnsRefresher refresher = refresher();

    time.advance(Duration.ofSeconds(70));

    assertThat(lookupsAtSeconds).containsExactly(0L, 1L, 61L, 66L);
    assertThat(refresher.preferred()).contains("secondary");
  }

  @Test
  void failedLookupsBackOffDoublingFromMinTtlUpToMaxTtl() {
    for (int i = 0; i < 12; i++) {
      answers.add(failed());
    }
    refresher();

    time.advance(Duration.ofSeconds(200));

    // 1, 2, 4, 8, 16, 32, then 60, 60, ...
    assertThat(lookupsAtSeconds).startsWith(0L, 1L, 3L, 7L, 15L, 31L, 63L, 123L, 183L);
  }

  @Test
  void theLastGoodAnswerIsKeptForItsTtlPlusTheStaleTimeThenDropped() {
    answers.add(matched("primary", Duration.ofSeconds(10)));
    for (int i = 0; i < 50; i++) {
      answers.add(failed());
    }
    DnsRefresher refresher = refresher();

    time.advance(Duration.ofMillis(39_999));
    assertThat(refresher.preferred()).contains("primary");
    assertThat(refresher.answerLost()).isFalse();

    time.advance(Duration.ofMillis(1));
    assertThat(refresher.preferred()).isEmpty();
    assertThat(refresher.answerLost()).isTrue();
    assertThat(events)
        .filteredOn(DnsFailureEvent.class::isInstance)
        .map(e -> ((DnsFailureEvent) e).reason())
        .containsOnlyOnce(DnsFailureEvent.Reason.STALE_ANSWER_EXPIRED);
  }

  @Test
  void theAnswerAgeIsMeasuredOnTheTicker() {
    answers.add(matched("primary", Duration.ofSeconds(30)));
    DnsRefresher refresher = refresher();

    time.advance(Duration.ofSeconds(12));

    assertThat(refresher.answerAge()).contains(Duration.ofSeconds(12));
  }

  /** A ticker and a scheduler that move only when the test says so. */
  private static final class ManualTime implements DnsRefresher.Scheduler {
    private final List<Task> tasks = new ArrayList<>();
    private long scheduled;
    long now;

    void advance(Duration by) {
      long end = now + by.toNanos();
      while (true) {
        Task next =
            tasks.stream()
                .filter(t -> !t.future.isCancelled() && t.due <= end)
                .min(Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.seq))
                .orElse(null);
        if (next == null) {
          break;
        }
        tasks.remove(next);
        now = Math.max(now, next.due);
        next.future.run();
      }
      now = end;
    }

    @Override
    public void execute(Runnable task) {
      task.run();
    }

    @Override
    public FutureTask<?> schedule(Runnable task, long delayNanos) {
      FutureTask<Void> future = new FutureTask<>(task, null);
      tasks.add(new Task(now + delayNanos, scheduled++, future));
      return future;
    }

    @Override
    public void shutdownNow() {
      tasks.clear();
    }

    private record Task(long due, long seq, FutureTask<Void> future) {}
  }

  private final class Context implements PreferenceContext {
    @Override
    public List<FailoverRegion> regions() {
      return List.of(
          FailoverRegion.builder("primary").awsRegion(Region.US_EAST_1).build(),
          FailoverRegion.builder("secondary").awsRegion(Region.EU_WEST_1).build());
    }

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }

    @Override
    public void publish(FailoverEvent event) {
      events.add(event);
    }
  }
}
