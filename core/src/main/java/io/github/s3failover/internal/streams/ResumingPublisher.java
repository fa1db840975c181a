package io.github.s3failover.internal.streams;

import io.github.s3failover.ObjectChangedException;
import io.github.s3failover.internal.InternalApi;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The async counterpart of {@link ResumingInputStream}: the body of a GetObject handed to the
 * application's subscriber. When the region's body fails (or ends short of its Content-Length)
 * mid-way, it asks for the rest through the failover routing (Range from the byte reached, {@code
 * If-Match} the ETag, the same version id) and goes on feeding the same subscriber from the new
 * body, at most {@link ResumingInputStream#MAX_RESUMES} times. A 412 ends the stream with {@link
 * ObjectChangedException}: no byte of another version is ever delivered.
 *
 * <p>Demand is the subscriber's: what it requested and has not yet received is requested from the
 * body in use, and from the next one after a resume; nothing is buffered here. One subscriber only,
 * as for the SDK's own body.
 */
@InternalApi
public final class ResumingPublisher implements SdkPublisher<ByteBuffer> {
  private static final Logger LOG = LoggerFactory.getLogger(ResumingPublisher.class);

  private final SdkPublisher<ByteBuffer> first;
  private final ResumeRange range;
  private final Long expectedLength;
  private final Function<GetObjectRequest, CompletableFuture<ResponsePublisher<GetObjectResponse>>>
      resume;
  private final Runnable onBreak;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  /**
   * Wraps a region's body.
   *
   * @param first the region's body
   * @param range how to ask for the rest
   * @param expectedLength the body's Content-Length, or null if unknown
   * @param resume asks for the rest through the routing; its body is not resumable itself
   * @param onBreak told of each break (the region's breaker hears of it)
   */
  public ResumingPublisher(
      SdkPublisher<ByteBuffer> first,
      ResumeRange range,
      Long expectedLength,
      Function<GetObjectRequest, CompletableFuture<ResponsePublisher<GetObjectResponse>>> resume,
      Runnable onBreak) {
    this.first = first;
    this.range = range;
    this.expectedLength = expectedLength;
    this.resume = resume;
    this.onBreak = onBreak;
  }

  @Override
  public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    if (!subscribed.compareAndSet(false, true)) {
      subscriber.onSubscribe(
          new Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
          });
      subscriber.onError(
          new IllegalStateException("a GetObject body can be subscribed to only once"));
      return;
    }
    Relay relay = new Relay(subscriber);
    subscriber.onSubscribe(relay);
    first.subscribe(relay.new Leg());
  }

  /** The application's subscription; it outlives the region bodies it reads from. */
  private final class Relay implements Subscription {
    private final Subscriber<? super ByteBuffer> downstream;
    // Guarded by this; never held while calling out.
    private long outstanding;
    private long invalidRequest;
    private Subscription current;
    private CompletableFuture<?> resuming;
    private boolean cancelled;
    private boolean done;
    private long delivered;
    private int resumes;

    Relay(Subscriber<? super ByteBuffer> downstream) {
      this.downstream = downstream;
    }

    @Override
    public void request(long n) {
      Subscription target;
      synchronized (this) {
        if (n <= 0) {
          invalidRequest = n; // passed on: the body signals the error (rule 3.9)
        } else {
          outstanding = outstanding + n < 0 ? Long.MAX_VALUE : outstanding + n;
        }
        target = current;
      }
      if (target != null) {
        target.request(n);
      }
    }

    @Override
    public void cancel() {
      Subscription target;
      CompletableFuture<?> pending;
      synchronized (this) {
        if (cancelled) {
          return;
        }
        cancelled = true;
        target = current;
        pending = resuming;
      }
      if (target != null) {
        target.cancel();
      }
      if (pending != null) {
        pending.cancel(true);
      }
    }

    private void broke(Throwable failure) {
      long from;
      long reached;
      int number;
      synchronized (this) {
        current = null;
        reached = delivered;
        if (cancelled || done) {
          return;
        }
        if (resumes >= ResumingInputStream.MAX_RESUMES) {
          done = true;
          from = -1;
        } else {
          resumes++;
          from = delivered;
        }
        number = resumes;
      }
      if (from < 0) {
        // The break itself reaches the application, as a plain client's would; this says why.
        failure.addSuppressed(ResumingInputStream.notResumedAgain(range, reached));
        downstream.onError(failure);
        return;
      }
      onBreak.run();
      LOG.info(
          "s3-failover: GetObject body broke after {} bytes ({}); resume {} of at most {} with {}",
          from,
          failure.toString(),
          number,
          ResumingInputStream.MAX_RESUMES,
          range.rangeAfter(from));
      CompletableFuture<ResponsePublisher<GetObjectResponse>> rest;
      try {
        rest = resume.apply(range.restAfter(from));
      } catch (RuntimeException e) {
        rest = CompletableFuture.failedFuture(e);
      }
      boolean cancelNow;
      synchronized (this) {
        cancelNow = cancelled;
        resuming = rest;
      }
      if (cancelNow) {
        rest.cancel(true);
      }
      rest.whenComplete((body, error) -> resumed(failure, from, body, error));
    }

    private void resumed(
        Throwable failure, long from, ResponsePublisher<GetObjectResponse> body, Throwable error) {
      Throwable end = error == null ? null : unwrap(error);
      boolean changed = end != null && preconditionFailed(end);
      if (end == null && !range.eTag().equals(body.response().eTag())) {
        // A server that ignored If-Match: its bytes must not follow the ones delivered.
        end = new IOException("the rest came back with ETag " + body.response().eTag());
        changed = true;
      }
      boolean stop;
      synchronized (this) {
        resuming = null;
        stop = cancelled || done;
        done = done || end != null;
      }
      if (stop || end != null) {
        if (body != null) {
          body.subscribe(new CancelAtOnce());
        }
        if (!stop) {
          downstream.onError(failureAfterResume(failure, from, end, changed));
        }
        return;
      }
      body.subscribe(new Leg());
    }

    private Throwable failureAfterResume(
        Throwable failure, long from, Throwable end, boolean changed) {
      if (changed) {
        ObjectChangedException e =
            new ObjectChangedException(
                range.request().bucket(), range.request().key(), range.eTag(), from, end);
        e.addSuppressed(failure);
        return e;
      }
      if (end != failure) {
        failure.addSuppressed(end);
      }
      return failure;
    }

    /** Reads one region body; legs follow one another, never overlap. */
    final class Leg implements Subscriber<ByteBuffer> {
      @Override
      public void onSubscribe(Subscription s) {
        boolean cancelNow;
        long demand;
        long invalid;
        synchronized (Relay.this) {
          cancelNow = cancelled;
          current = cancelNow ? null : s;
          demand = outstanding;
          invalid = invalidRequest;
        }
        if (cancelNow) {
          s.cancel();
        } else if (invalid != 0) {
          s.request(invalid);
        } else if (demand > 0) {
          s.request(demand);
        }
      }

      @Override
      public void onNext(ByteBuffer buffer) {
        synchronized (Relay.this) {
          if (cancelled || done) {
            return;
          }
          if (outstanding != Long.MAX_VALUE) {
            outstanding--;
          }
          delivered += buffer.remaining();
        }
        downstream.onNext(buffer);
      }

      @Override
      public void onError(Throwable t) {
        broke(t);
      }

      @Override
      public void onComplete() {
        long got;
        synchronized (Relay.this) {
          got = delivered;
          if (expectedLength == null || got >= expectedLength) {
            current = null;
            if (cancelled || done) {
              return;
            }
            done = true;
            got = -1;
          }
        }
        if (got < 0) {
          downstream.onComplete();
        } else {
          broke(
              new IOException("the body ended after " + got + " of " + expectedLength + " bytes"));
        }
      }
    }
  }

  private static boolean preconditionFailed(Throwable t) {
    return t instanceof SdkServiceException && ((SdkServiceException) t).statusCode() == 412;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
