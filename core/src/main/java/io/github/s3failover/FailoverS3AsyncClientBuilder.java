package io.github.s3failover;

import io.github.s3failover.internal.Durations;
import io.github.s3failover.internal.routing.RoutingCore;
import io.github.s3failover.internal.run.AsyncRegionalClientFactory;
import io.github.s3failover.internal.run.HedgeRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3CrtAsyncClientBuilder;

/**
 * Builds a {@link FailoverS3AsyncClient}, sharing a sync client's routing rules or taking them from
 * a sync client's builder. Regional clients are built by the library (Netty, multipart on; the AWS
 * CRT with {@link #crt(boolean)}) unless the application supplies one with {@link
 * #regionClient(String, S3AsyncClient)}.
 *
 * <p>Library-built regional clients take the sync settings' connect timeout, retry budget and
 * connection life, and their read timeout unless {@link #readTimeout(Duration)} sets another. They
 * do <em>not</em> take the sync attempt timeout: an attempt of the async client may be a Transfer
 * Manager part (8 MiB and more), and a limit chosen for quick sync calls would cut every part on a
 * slow link and count it against the region. They have no attempt timeout unless {@link
 * #attemptTimeout(Duration)} sets one.
 */
public final class FailoverS3AsyncClientBuilder {
  private final FailoverS3Client shared;
  private final FailoverS3ClientBuilder settings;
  private final Map<String, S3AsyncClient> supplied = new LinkedHashMap<>();
  private boolean crt;
  private Duration attemptTimeout;
  private Duration readTimeout;
  private String crtClass = AsyncRegionalClientFactory.CRT_CLASS;
  private Consumer<S3CrtAsyncClientBuilder> crtTuning;

  FailoverS3AsyncClientBuilder(FailoverS3Client shared, FailoverS3ClientBuilder settings) {
    this.shared = shared;
    this.settings = settings;
  }

  /**
   * Supplies the async client of one region (another account's credentials, its own HTTP client).
   * The application keeps ownership: closing the failover client leaves it open. Required for a
   * region whose sync client the application supplied.
   *
   * @param regionId a configured region id
   * @param client the region's async client
   * @return this builder
   */
  public FailoverS3AsyncClientBuilder regionClient(String regionId, S3AsyncClient client) {
    if (regionId == null || client == null) {
      throw new IllegalArgumentException(
          "regionClient(" + regionId + ", " + client + "): pass a region id and a client");
    }
    supplied.put(regionId, client);
    return this;
  }

  /**
   * Whether the library builds its regional clients on the AWS CRT ({@code
   * S3AsyncClient.crtBuilder()}), which needs {@code software.amazon.awssdk.crt:aws-crt} on the
   * class path. Default false: Netty. The CRT takes the connect timeout, the read timeout (as the
   * window in which a connection must move a byte: whole seconds, two at least) and the retry
   * budget, which it also spends on connection errors. It has no attempt timeout: {@code build()}
   * refuses {@link #attemptTimeout(Duration)} with it.
   *
   * @param useCrt true for CRT-based regional clients
   * @return this builder
   */
  public FailoverS3AsyncClientBuilder crt(boolean useCrt) {
    this.crt = useCrt;
    return this;
  }

  /**
   * Sets a limit on one attempt of the regional clients the library builds (Netty only: the CRT has
   * no such limit), for regions that answer too slowly rather than not at all. Default: none,
   * whatever the sync settings say. It bounds each multipart part of a Transfer Manager transfer
   * and each whole upload, so choose it above the time your largest part takes on your slowest link
   * (an 8 MiB part at 10 Mbit/s: about 7 s).
   *
   * @param timeout more than zero
   * @return this builder
   * @throws IllegalArgumentException for null, zero or a negative duration
   */
  public FailoverS3AsyncClientBuilder attemptTimeout(Duration timeout) {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException(
          "attemptTimeout is "
              + timeout
              + "; use a duration above zero, or noAttemptTimeout() for no limit");
    }
    this.attemptTimeout = timeout;
    return this;
  }

  /**
   * Leaves the attempts of library-built regional clients unlimited (the default), undoing {@link
   * #attemptTimeout(Duration)}.
   *
   * @return this builder
   */
  public FailoverS3AsyncClientBuilder noAttemptTimeout() {
    this.attemptTimeout = null;
    return this;
  }

  /**
   * Sets the read timeout of the regional clients the library builds; default: the sync settings'
   * read timeout. On Netty it runs from the moment the last byte of a request was handed to the
   * socket, so for an upload it also covers the bytes still in the send buffers (several MiB on
   * Linux) crossing a slow link, and the server storing the part. The CRT takes it as the window in
   * which a connection must move a byte.
   *
   * @param timeout more than zero
   * @return this builder
   * @throws IllegalArgumentException for null, zero or a negative duration
   */
  public FailoverS3AsyncClientBuilder readTimeout(Duration timeout) {
    this.readTimeout = Durations.positive(timeout, "readTimeout");
    return this;
  }

  /** The class whose presence says the AWS CRT is on the class path (tests name a missing one). */
  FailoverS3AsyncClientBuilder crtClass(String className) {
    this.crtClass = className;
    return this;
  }

  /**
   * Changes the CRT-based regional clients' builder after the library's settings (tests give the
   * CRT few connections, or a small part size).
   */
  FailoverS3AsyncClientBuilder crtTuning(Consumer<S3CrtAsyncClientBuilder> tuning) {
    this.crtTuning = tuning;
    return this;
  }

  /**
   * Checks the settings, builds the regional clients and shares or starts the routing rules.
   *
   * @return the client
   * @throws IllegalArgumentException naming what is wrong and how to fix it
   */
  public FailoverS3AsyncClient build() {
    if (crt && !AsyncRegionalClientFactory.crtAvailable(crtClass)) {
      throw new IllegalArgumentException(
          "crt(true) needs the AWS CRT on the class path (software.amazon.awssdk.crt:aws-crt);"
              + " add that dependency, or drop crt(true) for Netty-based regional clients");
    }
    if (crt && attemptTimeout != null) {
      throw new IllegalArgumentException(
          "attemptTimeout("
              + attemptTimeout
              + ") does not apply to CRT-based regional clients: the CRT has no per-attempt limit"
              + " (it drops a connection that moves no byte for readTimeout instead); drop"
              + " attemptTimeout, or drop crt(true) for Netty-based regional clients");
    }
    List<FailoverRegion> regions = shared != null ? shared.regions() : settings.checkedRegions();
    List<String> ids = regions.stream().map(FailoverRegion::id).toList();
    for (String id : supplied.keySet()) {
      if (!ids.contains(id)) {
        throw new IllegalArgumentException(
            "regionClient(\"" + id + "\", ...) names no configured region; configured: " + ids);
      }
    }
    for (FailoverRegion region : regions) {
      if (region.client().isPresent() && !supplied.containsKey(region.id())) {
        throw new IllegalArgumentException(
            "region '"
                + region.id()
                + "' has an S3Client of the application's; supply its async client too with"
                + " regionClient(\""
                + region.id()
                + "\", S3AsyncClient)");
      }
    }
    if (supplied.size() == regions.size() && (attemptTimeout != null || readTimeout != null)) {
      throw new IllegalArgumentException(
          (attemptTimeout != null ? "attemptTimeout" : "readTimeout")
              + " applies to the regional clients the library builds, and every region's async"
              + " client is supplied with regionClient(...); set it on those clients, or drop it");
    }
    AsyncRegionalClientFactory inherited =
        shared != null
            ? shared.asyncClientFactory().withCrt(crt)
            : settings.asyncClientFactory(crt);
    AsyncRegionalClientFactory factory =
        inherited
            .withTimeouts(
                readTimeout != null ? readTimeout : inherited.readTimeout(), attemptTimeout)
            .withCrtTuning(crtTuning);
    Map<String, S3AsyncClient> clients = new LinkedHashMap<>();
    List<S3AsyncClient> owned = new ArrayList<>();
    SdkEventLoopGroup eventLoops =
        supplied.size() == regions.size() ? null : factory.newEventLoops();
    RoutingCore core;
    HedgeRules hedging;
    String probeBucket = null;
    try {
      for (FailoverRegion region : regions) {
        S3AsyncClient client = supplied.get(region.id());
        if (client == null) {
          client = factory.build(region, eventLoops);
          owned.add(client);
        }
        clients.put(region.id(), client);
      }
      if (shared != null) {
        core = shared.routingCore();
        core.retain();
        // One budget and one view of each region's latency for both front doors.
        hedging = shared.hedgeRules();
      } else {
        core = settings.routingCore(regions);
        hedging = HedgeRules.of(settings.hedgedReads(), core);
        // On its own, it probes its regions itself; sharing a sync client, that one's probes
        // already watch the same breakers.
        probeBucket = settings.probeBucket(regions);
      }
    } catch (RuntimeException e) {
      owned.forEach(S3AsyncClient::close);
      AsyncRegionalClientFactory.shutDown(eventLoops);
      throw e;
    }
    return new FailoverS3AsyncClient(
        core,
        clients,
        owned,
        () -> AsyncRegionalClientFactory.shutDown(eventLoops),
        probeBucket,
        shared != null ? null : settings.healthProbes(),
        hedging);
  }
}
