package io.github.s3failover.internal.streams;

import io.github.s3failover.internal.InternalApi;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Releases a body nobody reads (an attempt given up, a race's loser, a rest that came too late):
 * subscribing and cancelling makes the SDK close the body's connection. One instance per body, as a
 * subscriber is subscribed once.
 */
@InternalApi
public final class CancelAtOnce implements Subscriber<Object> {
  @Override
  public void onSubscribe(Subscription s) {
    s.cancel();
  }

  @Override
  public void onNext(Object item) {}

  @Override
  public void onError(Throwable t) {}

  @Override
  public void onComplete() {}
}
