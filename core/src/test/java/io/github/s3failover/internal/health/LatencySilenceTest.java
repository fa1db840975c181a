package io.github.s3failover.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A region's stretch of silence: asked, and no answer to anything since. */
class LatencySilenceTest {
  private static final long GAP = 1_000;

  @Test
  void aRegionNeverAskedIsNotSilent() {
    LatencyWindow window = new LatencyWindow(99, 5);
    assertThat(window.silentSinceNanos(42)).isEqualTo(42);
  }

  @Test
  void silenceRunsFromTheFirstUnansweredRequestAcrossLaterRequests() {
    LatencyWindow window = new LatencyWindow(99, 5);
    window.asked(100, GAP);
    window.asked(600, GAP);
    window.asked(1_500, GAP);
    assertThat(window.silentSinceNanos(2_000)).isEqualTo(100);
  }

  @Test
  void anAnswerEndsTheSilence() {
    LatencyWindow window = new LatencyWindow(99, 5);
    window.asked(100, GAP);
    window.record(50);
    assertThat(window.silentSinceNanos(2_000)).isEqualTo(2_000);
    window.asked(2_100, GAP);
    assertThat(window.silentSinceNanos(3_000)).isEqualTo(2_100);
  }

  @Test
  void aRegionNotAskedForLongerThanTheGapStartsAFreshStretch() {
    // Left while dark (its breaker opened), asked again twenty gaps later: it was not silent then.
    LatencyWindow window = new LatencyWindow(99, 5);
    window.asked(100, GAP);
    window.asked(20_000, GAP);
    assertThat(window.silentSinceNanos(20_500)).isEqualTo(20_000);
  }
}
