package io.github.s3failover;

import io.github.s3failover.internal.routing.RoutingCore;
import io.github.s3failover.internal.run.AsyncRegionalClientFactory;
import io.github.s3failover.internal.run.HedgeRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Builds a {@link FailoverS3AsyncClient}, sharing a sync client's routing rules or taking them from
 * a sync client's builder. Regional clients are built by the library (Netty, multipart on, the same
 * timeouts and retry budget as the sync clients; the AWS CRT with {@link #crt(boolean)}) unless the
 * application supplies one with {@link #regionClient(String, S3AsyncClient)}.
 */
public final class FailoverS3AsyncClientBuilder {
  private final FailoverS3Client shared;
  private final FailoverS3ClientBuilder settings;
  private final Map<String, S3AsyncClient> supplied = new LinkedHashMap<>();
  private boolean crt;
  private String crtClass = AsyncRegionalClientFactory.CRT_CLASS;

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
   * budget, which it also spends on connection errors; the attempt timeout does not apply to it.
   *
   * @param useCrt true for CRT-based regional clients
   * @return this builder
   */
  public FailoverS3AsyncClientBuilder crt(boolean useCrt) {
    this.crt = useCrt;
    return this;
  }

  /** The class whose presence says the AWS CRT is on the class path (tests name a missing one). */
  FailoverS3AsyncClientBuilder crtClass(String className) {
    this.crtClass = className;
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
    AsyncRegionalClientFactory factory =
        shared != null
            ? shared.asyncClientFactory().withCrt(crt)
            : settings.asyncClientFactory(crt);
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
