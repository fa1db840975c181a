package io.github.s3failover.internal.run;

import io.github.s3failover.internal.health.LatencyWindow;
import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.AttemptFacts;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * One attempt of an async hedge race: its regional client's future. Losing the race cancels that
 * future, which makes the SDK abort the attempt's HTTP request. The race claims and aborts under
 * the call's lock, and cancelling a future runs its callbacks on the spot, so an abort only marks
 * the attempt there; {@link #cancelIfAborted()} cancels it once the lock is released.
 */
final class AsyncRacer extends Racer implements Race.Entrant {
  final AsyncAttempt attempt;
  private volatile CompletableFuture<?> future;
  private volatile boolean aborted;

  AsyncRacer(
      RegionState region, S3Request sent, AsyncAttempt attempt, Race race, LatencyWindow latency) {
    super(region, sent, race, latency);
    this.attempt = attempt;
    race.enter(this);
    attempt.racer(this);
  }

  /** Notes the future of the attempt, once its operation started. */
  void started(CompletableFuture<?> started) {
    this.future = started;
  }

  @Override
  Race.Entrant entrant() {
    return this;
  }

  @Override
  AttemptFacts observed() {
    return attempt;
  }

  @Override
  public void abortInFlight() {
    aborted = true;
  }

  @Override
  public boolean abortedByRace() {
    return aborted;
  }

  /** Cancels the attempt's future if the race aborted it; call it holding no lock. */
  void cancelIfAborted() {
    CompletableFuture<?> f = future;
    if (aborted && f != null && !f.isDone()) {
      f.cancel(true);
    }
  }

  /** Cancels the attempt's future whatever the race says (the application cancelled the call). */
  void cancel() {
    aborted = true;
    CompletableFuture<?> f = future;
    if (f != null) {
      f.cancel(true);
    }
  }
}
