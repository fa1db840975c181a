package io.github.s3failover;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.internal.health.Prober;
import io.github.s3failover.internal.routing.RoutingCore;
import io.github.s3failover.internal.run.AsyncInvoker;
import io.github.s3failover.internal.run.HedgeRules;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.DelegatingS3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.waiters.S3AsyncWaiter;

/**
 * A drop-in {@link S3AsyncClient} that fails over between regions by the same rules as {@link
 * FailoverS3Client}: the same preference, breakers, dwell time, write policy, region-bound calls,
 * bucket mapping and events. Built beside a sync client with {@link #builder(FailoverS3Client)},
 * both share one view of region health; built alone with {@link #builder(FailoverS3ClientBuilder)},
 * it takes its rules from the same settings a sync client is built from.
 *
 * <p>Attempts are chained on completion: no thread waits for a call. A request body moves region
 * only if it can be sent again from its start ({@code AsyncRequestBody.fromBytes}, {@code
 * fromString}, {@code fromByteBuffer}, {@code fromFile}); a publisher of the application's goes to
 * one region only. A response is repeated in another region only if no byte reached the
 * application's transformer, or the transformer starts over ({@code toBytes()}, {@code toFile}). A
 * {@code toPublisher()} or {@code toBlockingInputStream()} body of a GetObject that breaks mid-way
 * is resumed from the byte reached (at most three times per call); if the object changed meanwhile
 * it ends with {@link ObjectChangedException}. Cancelling a returned future cancels the attempt in
 * flight; it never counts against the region.
 *
 * <pre>{@code
 * FailoverS3Client sync = FailoverS3Client.builder()...build();
 * S3AsyncClient s3 = FailoverS3AsyncClient.builder(sync).build();
 * s3.getObject(b -> b.bucket("media").key("cat.jpg"), AsyncResponseTransformer.toBytes());
 * }</pre>
 *
 * <p>Thread-safe. Close it to close the regional clients it built; the preference is closed when
 * the last client sharing it is closed.
 */
public final class FailoverS3AsyncClient extends DelegatingS3AsyncClient {

  private final RoutingCore core;
  private final AsyncInvoker invoker;
  private final Map<String, S3AsyncClient> clients;
  private final List<S3AsyncClient> owned;
  private final S3AsyncWaiter waiter;
  private final Runnable afterClose;

  /** Probes of its own when built on its own; null when it shares a sync client's (or none). */
  private final Prober prober;

  FailoverS3AsyncClient(
      RoutingCore core,
      Map<String, S3AsyncClient> clients,
      List<S3AsyncClient> owned,
      Runnable afterClose,
      String probeBucket,
      HealthProbes probes,
      HedgeRules hedging) {
    this(
        new AsyncInvoker(core, clients, hedging),
        core,
        clients,
        owned,
        afterClose,
        probeBucket,
        probes);
  }

  private FailoverS3AsyncClient(
      AsyncInvoker invoker,
      RoutingCore core,
      Map<String, S3AsyncClient> clients,
      List<S3AsyncClient> owned,
      Runnable afterClose,
      String probeBucket,
      HealthProbes probes) {
    super(invoker.dispatcher());
    this.afterClose = afterClose;
    this.core = core;
    this.invoker = invoker;
    this.clients = Collections.unmodifiableMap(new LinkedHashMap<>(clients));
    this.owned = List.copyOf(owned);
    this.waiter = S3AsyncWaiter.builder().client(this).build();
    // The probe waits for its answer on the prober's own thread, never on an SDK thread.
    this.prober =
        Prober.startFor(
            core,
            probeBucket,
            probes,
            region -> request -> awaitAnswer(invoker.client(region).headObject(request)));
  }

  private static void awaitAnswer(CompletableFuture<?> answer) {
    try {
      answer.join();
    } catch (CompletionException e) {
      // What a sync client would have thrown, for the probe's failure classification.
      throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
    }
  }

  /**
   * Starts a builder of an async client that shares the routing rules of a sync client: its
   * regions, breakers, preference, dwell time, write policy and listeners. Both see one region
   * health. Library-built regional clients take the sync client's timeouts except its attempt
   * timeout (see {@link FailoverS3AsyncClientBuilder}).
   *
   * @param shared the sync client
   * @return a new builder
   */
  public static FailoverS3AsyncClientBuilder builder(FailoverS3Client shared) {
    if (shared == null) {
      throw new IllegalArgumentException("builder(null): pass the FailoverS3Client to share with");
    }
    return new FailoverS3AsyncClientBuilder(shared, null);
  }

  /**
   * Starts a builder of an async client on its own, with the routing settings of a sync client's
   * builder (regions, preference, breakers, timeouts except the attempt timeout, listeners, health
   * probes: it runs probes of its own, as a sync client does). Build a sync client from the same
   * settings as well and the two would have separate breakers: use {@link
   * #builder(FailoverS3Client)} for that.
   *
   * @param settings the settings; their preference is started by {@code build()}
   * @return a new builder
   */
  public static FailoverS3AsyncClientBuilder builder(FailoverS3ClientBuilder settings) {
    if (settings == null) {
      throw new IllegalArgumentException(
          "builder(null): pass FailoverS3Client.builder() with the regions added");
    }
    return new FailoverS3AsyncClientBuilder(null, settings);
  }

  @Override
  protected <T extends S3Request, R> CompletableFuture<R> invokeOperation(
      T request, Function<T, CompletableFuture<R>> operation) {
    return invoker.invoke(request, operation);
  }

  /**
   * Returns the utilities of the region in use now ({@code getUrl} takes a physical bucket: see
   * {@link #physicalBucket(String)}).
   *
   * @return the active region's utilities
   */
  @Override
  public S3Utilities utilities() {
    return invoker.client(core.current()).utilities();
  }

  /**
   * Returns a waiter whose calls pass through this client, so they fail over like any other call.
   *
   * @return the waiter
   */
  @Override
  public S3AsyncWaiter waiter() {
    return waiter;
  }

  /**
   * Closes the waiter, the regional clients the library built, and the preference once no other
   * client shares it. Every part is closed even if another fails to; the first failure is thrown.
   */
  @Override
  public void close() {
    Closer closer = new Closer("FailoverS3AsyncClient");
    if (prober != null) {
      closer.close(prober::close, "the health probes");
    }
    closer.close(invoker::close, "the hedge timer");
    closer.close(waiter::close, "the waiter").close(core::release, "the region preference");
    for (S3AsyncClient client : owned) {
      closer.close(client::close, "a regional async client");
    }
    closer.close(afterClose, "the event loops").done();
  }

  /**
   * Returns where calls go now: preferred region, active region and each breaker's state.
   *
   * @return a snapshot
   */
  public FailoverStatus status() {
    return core.status();
  }

  /**
   * Returns the circuit breaker of a region (the same object a sharing sync client returns).
   *
   * @param regionId a configured region id
   * @return the breaker
   */
  public CircuitBreaker circuitBreaker(String regionId) {
    return core.requireRegion(regionId).breaker();
  }

  /**
   * Returns the plain async client of one region; calls through it bypass failover and bucket
   * mapping.
   *
   * @param regionId a configured region id
   * @return the region's client
   */
  public S3AsyncClient regionClient(String regionId) {
    return invoker.client(core.requireRegion(regionId));
  }

  /**
   * Returns the physical bucket that a logical bucket maps to in the region in use now.
   *
   * @param logicalBucket the application's bucket name
   * @return the bucket name in the active region
   */
  public String physicalBucket(String logicalBucket) {
    return core.current().config().physicalBucket(logicalBucket);
  }

  /** The routing rules, for another front door built to share them. */
  RoutingCore routingCore() {
    return core;
  }

  @Override
  public String toString() {
    return "FailoverS3AsyncClient" + clients.keySet();
  }
}
