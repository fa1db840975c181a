package io.github.s3failover.internal.run;

import io.github.s3failover.internal.routing.AttemptFacts;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One try of one call in one region, on the sync front door. Watches the application's side of it:
 * whether its request body can be read again, whether that body failed on its own, and whether any
 * byte of the response reached the application's response transformer.
 */
final class Attempt implements AttemptFacts, ThreadBoundProxy.Bound<S3Client>, Race.Entrant {
  /** Bodies the SDK can produce again from the start: bytes, strings, files. */
  private static final Set<String> REPLAYABLE_BODIES = Set.of("Bytes", "String", "File");

  private final S3Client client;

  /** The hedge race this attempt runs in, or null. */
  private final Race race;

  /** The HTTP request in flight, registered by {@link AbortingHttpClient} during a race. */
  private volatile ExecutableHttpRequest inFlight;

  /** Set when the other attempt of the race won: this one's requests are aborted. */
  private volatile boolean aborted;

  private RequestBody body;
  private TrackingBody trackingBody;
  private TrackingTransformer transformer;

  Attempt(S3Client client) {
    this(client, null);
  }

  Attempt(S3Client client, Race race) {
    this.client = client;
    this.race = race;
  }

  /**
   * Called on the attempt's thread when the SDK prepares an HTTP request (each try of the SDK's
   * retry prepares its own): a race's loser can then abort it from another thread.
   */
  void register(ExecutableHttpRequest request) {
    if (race == null) {
      return;
    }
    inFlight = request;
    if (aborted) {
      request.abort();
    }
  }

  /**
   * Aborts the attempt's HTTP request in flight, and any it prepares later: its connection is
   * closed and given back to the pool, and a thread blocked reading it gets an error at once.
   * Without a registered request (a client the application built) nothing happens here; the attempt
   * then ends on its own.
   */
  @Override
  public void abortInFlight() {
    aborted = true;
    ExecutableHttpRequest request = inFlight;
    if (request != null) {
      request.abort();
    }
  }

  @Override
  public boolean abortedByRace() {
    return aborted;
  }

  @Override
  public S3Client client() {
    return client;
  }

  @SuppressWarnings("unchecked") // the proxy passes the SDK's arguments through untyped
  @Override
  public Object[] inspect(Object[] args) {
    Object[] actual = args;
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof RequestBody) {
        body = (RequestBody) args[i];
        trackingBody = new TrackingBody(body.contentStreamProvider());
        actual = actual == args ? args.clone() : actual;
        actual[i] = trackingBody.wrap(body);
      } else if (args[i] instanceof ResponseTransformer) {
        actual = actual == args ? args.clone() : actual;
        transformer =
            new TrackingTransformer(
                (ResponseTransformer<Object, Object>) args[i],
                race == null ? null : () -> race.claim(this));
        actual[i] = transformer;
      }
    }
    return actual;
  }

  @Override
  public boolean bodyReplayable() {
    return body == null || isReplayable(body);
  }

  static boolean isReplayable(RequestBody body) {
    // ContentStreamProvider.name() says where the body came from. A stream-backed body (even one
    // with mark/reset, which the SDK limits to 128 KiB) or a custom provider may not start over.
    return REPLAYABLE_BODIES.contains(body.contentStreamProvider().name());
  }

  @Override
  public String bodySource() {
    return body == null ? "none" : body.contentStreamProvider().name();
  }

  @Override
  public boolean responseUntouched() {
    return transformer == null || transformer.safeToRepeat();
  }

  @Override
  public boolean applicationFailed() {
    return (transformer != null && transformer.failedOnItsOwn())
        || (trackingBody != null && trackingBody.failedOnItsOwn());
  }

  @Override
  public long responseBytesDelivered() {
    return transformer == null ? 0 : transformer.bytesRead();
  }
}
