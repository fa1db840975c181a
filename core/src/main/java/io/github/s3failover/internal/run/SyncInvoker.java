package io.github.s3failover.internal.run;

import io.github.s3failover.HedgedReads;
import io.github.s3failover.internal.InternalApi;
import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.AttemptFacts;
import io.github.s3failover.internal.routing.Call;
import io.github.s3failover.internal.routing.RoutingCore;
import io.github.s3failover.internal.routing.Step;
import io.github.s3failover.internal.streams.ResumingInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Runs the calls of the sync front door on the caller's thread: the {@link Call} decides, this
 * class sends each attempt to the chosen region's {@link S3Client} (through the thread-bound {@link
 * Dispatcher}), and makes GetObject streams resumable.
 */
@InternalApi
public final class SyncInvoker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncInvoker.class);

  private final RoutingCore core;
  private final Map<RegionState, S3Client> clients;
  private final S3Client dispatcher;
  private final HedgeRules hedging;
  private final Hedger hedger;

  /**
   * Creates the invoker.
   *
   * @param core the routing rules
   * @param clientsById the regional client of every region, by region id
   */
  public SyncInvoker(RoutingCore core, Map<String, S3Client> clientsById) {
    this(core, clientsById, HedgedReads.disabled());
  }

  /**
   * Creates the invoker.
   *
   * @param core the routing rules
   * @param clientsById the regional client of every region, by region id
   * @param hedging the hedged-read settings
   */
  public SyncInvoker(RoutingCore core, Map<String, S3Client> clientsById, HedgedReads hedging) {
    this(core, clientsById, hedging, List.of());
  }

  /**
   * Creates the invoker.
   *
   * @param core the routing rules
   * @param clientsById the regional client of every region, by region id
   * @param hedging the hedged-read settings
   * @param libraryBuilt the clients built by {@link RegionalClientFactory}: a hedged read's first
   *     attempt in their region runs on the caller's thread, since a winning hedge can abort it
   */
  public SyncInvoker(
      RoutingCore core,
      Map<String, S3Client> clientsById,
      HedgedReads hedging,
      Collection<S3Client> libraryBuilt) {
    this.core = core;
    Map<RegionState, S3Client> byRegion = new IdentityHashMap<>();
    Set<RegionState> abortable = Collections.newSetFromMap(new IdentityHashMap<>());
    for (RegionState region : core.regions()) {
      S3Client client = clientsById.get(region.id());
      byRegion.put(region, client);
      if (libraryBuilt.stream().anyMatch(c -> c == client)) {
        abortable.add(region);
      }
    }
    this.clients = byRegion;
    this.dispatcher = new Dispatcher(() -> clients.get(core.current())).proxy();
    this.hedging = HedgeRules.of(hedging, core);
    this.hedger = this.hedging == null ? null : new Hedger(this.hedging, byRegion, abortable);
  }

  /**
   * Returns the hedge rules of this client, for an async client built beside it to share (one
   * budget, one view of each region's latency).
   *
   * @return the rules, or null if reads are not hedged
   */
  public HedgeRules hedging() {
    return hedging;
  }

  /** Stops the hedger's threads (attempts still in flight end on their own). */
  @Override
  public void close() {
    if (hedger != null) {
      hedger.close();
    }
  }

  /**
   * Returns the delegate for {@code DelegatingS3Client}: it forwards each operation to the regional
   * client of the attempt in progress on the calling thread.
   *
   * @return the dispatching client
   */
  public S3Client dispatcher() {
    return dispatcher;
  }

  /**
   * Returns the client of a region.
   *
   * @param region the region
   * @return its client
   */
  public S3Client client(RegionState region) {
    return clients.get(region);
  }

  /**
   * Runs one operation of the S3 API with failover.
   *
   * @param request the application's request, with logical bucket names
   * @param operation the operation, bound to the dispatching delegate
   * @param <T> the request type
   * @param <R> the result type
   * @return the result, with logical bucket names
   */
  public <T extends S3Request, R> R invoke(T request, Function<T, R> operation) {
    return run(request, operation, true);
  }

  private <T extends S3Request, R> R run(
      T request, Function<T, R> operation, boolean resumableStreams) {
    Call call = core.start(request);
    if (call.uploadUnknown()) {
      findUpload(call);
    }
    boolean first = true;
    for (RegionState region; (region = call.next()) != null; first = false) {
      T regional = call.requestFor(region);
      Race.Runner raced = null;
      if (first && hedger != null && HedgeRules.applies(call)) {
        try {
          raced = hedger.race(call, region, regional, operation);
        } catch (RuntimeException | Error e) {
          call.hedgeEnded(0, null, AttemptFacts.NONE);
          call.abandon();
          throw e;
        }
      }
      Attempt attempt;
      S3Request sent;
      long nanos;
      R result;
      if (raced != null) {
        region = raced.region;
        attempt = raced.attempt;
        sent = raced.sent;
        nanos = raced.nanos;
        if (raced.error instanceof Error) {
          call.abandon();
          throw (Error) raced.error;
        }
        if (raced.error != null) {
          Step step = call.failed(region, nanos, raced.error, attempt);
          if (step.ends()) {
            throw unchecked(step.error());
          }
          continue;
        }
        result = cast(raced.result);
      } else {
        attempt = new Attempt(clients.get(region));
        sent = regional;
        long start = System.nanoTime();
        try {
          result = Dispatcher.bound(attempt, () -> operation.apply(regional));
        } catch (RuntimeException e) {
          Step step = call.failed(region, System.nanoTime() - start, e, attempt);
          if (step.ends()) {
            throw unchecked(step.error());
          }
          continue;
        } catch (Error e) {
          call.abandon(); // a half-open breaker must not lose its probe permits
          throw e;
        }
        nanos = System.nanoTime() - start;
      }
      Object mapped = call.succeeded(region, nanos, sent, result);
      if (resumableStreams
          && mapped instanceof ResponseInputStream
          && request instanceof GetObjectRequest) {
        mapped = resumable((GetObjectRequest) request, region, (ResponseInputStream<?>) mapped);
      }
      return cast(mapped);
    }
    throw call.exhausted();
  }

  /**
   * Asks the regions which one knows an upload id this client does not remember (another instance
   * created it, or this one restarted): the first that lists it gets the call; if none does, the
   * call goes to the preferred region, whose answer (NoSuchUpload) the application gets.
   */
  private void findUpload(Call call) {
    for (RegionState region : call.uploadSearchOrder()) {
      try {
        if (call.knowsUpload(clients.get(region).listMultipartUploads(call.uploadProbe(region)))) {
          call.uploadFound(region);
          return;
        }
      } catch (RuntimeException e) {
        LOG.debug("s3-failover: region {} does not know the upload ({})", region, e.toString());
      }
    }
  }

  /**
   * Lets the application's stream survive a connection that breaks mid-body: the rest is asked for
   * through the same routing, as a call of its own whose stream is not wrapped again (so resumes
   * never nest and their bound holds per original call).
   */
  private Object resumable(
      GetObjectRequest request, RegionState region, ResponseInputStream<?> result) {
    if (!(result.response() instanceof GetObjectResponse)) {
      return result;
    }
    GetObjectResponse response = (GetObjectResponse) result.response();
    Runnable onBreak =
        () ->
            region.recordFailureOutsideCall(
                new IOException("GetObject body broke mid-stream"), core.events());
    ResumingInputStream body =
        ResumingInputStream.wrap(
            request, response, result, rest -> run(rest, dispatcher::getObject, false), onBreak);
    // No second abort timer: the region's own stream inside already has one. The resuming body is
    // Abortable itself, so no AbortableInputStream layer sits between it and the application.
    return body == null ? result : new ResponseInputStream<>(response, body, Duration.ZERO);
  }

  @SuppressWarnings("unchecked") // the result of operation.apply, mapped to its own class
  private static <R> R cast(Object result) {
    return (R) result;
  }

  private static RuntimeException unchecked(Throwable error) {
    if (error instanceof RuntimeException) {
      return (RuntimeException) error;
    }
    if (error instanceof Error) {
      throw (Error) error;
    }
    return SdkClientException.create(String.valueOf(error.getMessage()), error);
  }
}
