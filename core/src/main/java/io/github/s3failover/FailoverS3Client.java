package io.github.s3failover;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.internal.health.Prober;
import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.RoutingCore;
import io.github.s3failover.internal.run.AsyncRegionalClientFactory;
import io.github.s3failover.internal.run.HedgeRules;
import io.github.s3failover.internal.run.SyncInvoker;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.waiters.S3Waiter;

/**
 * A drop-in {@link S3Client} that keeps an application reading and writing its S3 data when an AWS
 * region fails.
 *
 * <p>It holds one ordinary {@code S3Client} per configured region and routes each call: first to
 * the region the {@link RegionPreference} prefers (with Route 53: the region its failover record
 * points at), minus regions whose circuit breaker is open. A read that meets a regional failure
 * (timeout, refused or reset connection, 5xx that is not throttling) goes on in the next region
 * within the same call; writes follow the {@link WritePolicy}. Calls tied to a region (the parts of
 * a multipart upload, a list continuation token) never leave it. The application names logical
 * buckets; each region maps them to its own physical buckets, in requests and back in responses.
 *
 * <p>Every operation of the {@code S3Client} interface, with its Consumer-builder overload and
 * paginator, passes through one routing method ({@code invokeOperation}).
 *
 * <pre>{@code
 * S3Client s3 = FailoverS3Client.builder()
 *     .addRegion(FailoverRegion.builder("primary").awsRegion(Region.US_EAST_1)
 *         .bucket("media", "media-use1").build())
 *     .addRegion(FailoverRegion.builder("secondary").awsRegion(Region.EU_WEST_1)
 *         .bucket("media", "media-euw1").build())
 *     .build();
 * s3.getObjectAsBytes(b -> b.bucket("media").key("cat.jpg"));
 * }</pre>
 *
 * <p>Thread-safe. Close it to close the clients it built and stop its preference; clients supplied
 * by the application stay open.
 */
public final class FailoverS3Client extends DelegatingS3Client {

  private final RoutingCore core;
  private final SyncInvoker invoker;
  private final Map<String, S3Client> clients;
  private final List<S3Client> owned;
  private final S3Waiter waiter;
  private final AsyncRegionalClientFactory asyncClients;
  private final Prober prober;

  private FailoverS3Client(
      SyncInvoker invoker,
      RoutingCore core,
      Map<String, S3Client> clients,
      List<S3Client> owned,
      AsyncRegionalClientFactory asyncClients,
      Prober prober) {
    super(invoker.dispatcher());
    this.core = core;
    this.asyncClients = asyncClients;
    this.invoker = invoker;
    this.prober = prober;
    this.clients = Collections.unmodifiableMap(new LinkedHashMap<>(clients));
    this.owned = List.copyOf(owned);
    this.waiter = S3Waiter.builder().client(this).build();
  }

  static FailoverS3Client create(
      RoutingCore core,
      Map<String, S3Client> clients,
      List<S3Client> owned,
      AsyncRegionalClientFactory asyncClients,
      String probeBucket,
      HealthProbes probes,
      HedgedReads hedging) {
    SyncInvoker invoker = new SyncInvoker(core, clients, hedging, owned);
    Prober prober =
        Prober.startFor(core, probeBucket, probes, region -> invoker.client(region)::headObject);
    return new FailoverS3Client(invoker, core, clients, owned, asyncClients, prober);
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static FailoverS3ClientBuilder builder() {
    return new FailoverS3ClientBuilder();
  }

  @Override
  protected <T extends S3Request, R> R invokeOperation(T request, Function<T, R> operation) {
    return invoker.invoke(request, operation);
  }

  /**
   * Returns the utilities of the region in use now. {@code getUrl} builds the URL from the bucket
   * it is given: pass {@link #physicalBucket(String)} to get the URL of the region's own bucket.
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
  public S3Waiter waiter() {
    return waiter;
  }

  /**
   * Closes the waiter, the preference (once no other front door shares it) and the regional clients
   * the library built. Every part is closed even if another fails to; the first failure is thrown
   * afterwards, with the others suppressed.
   */
  @Override
  public void close() {
    Closer closer = new Closer("FailoverS3Client");
    if (prober != null) {
      closer.close(prober::close, "the health probes");
    }
    closer.close(invoker::close, "the hedged-read threads");
    closer.close(waiter::close, "the waiter").close(core::release, "the region preference");
    for (S3Client client : owned) {
      closer.close(client::close, "a regional client");
    }
    closer.done();
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
   * Returns the configured regions in priority order.
   *
   * @return the regions
   */
  public List<FailoverRegion> regions() {
    return core.regions().stream().map(RegionState::config).toList();
  }

  /**
   * Returns the circuit breaker of a region, for metrics or a manual override.
   *
   * @param regionId a configured region id
   * @return the breaker
   */
  public CircuitBreaker circuitBreaker(String regionId) {
    return core.requireRegion(regionId).breaker();
  }

  /**
   * Returns the plain client of one region, for calls that must go to that region's bucket (its own
   * configuration, a preflight check). Calls through it bypass failover and bucket mapping.
   *
   * @param regionId a configured region id
   * @return the region's client
   */
  public S3Client regionClient(String regionId) {
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

  /** The hedge rules, for an async client built beside this one to share (null: no hedging). */
  HedgeRules hedgeRules() {
    return invoker.hedging();
  }

  /**
   * How an async front door sharing these rules builds its regional clients: this client's connect
   * and read timeouts and retry budget, no attempt timeout unless the front door sets one.
   */
  AsyncRegionalClientFactory asyncClientFactory() {
    return asyncClients;
  }

  @Override
  public String toString() {
    return "FailoverS3Client" + clients.keySet();
  }
}
