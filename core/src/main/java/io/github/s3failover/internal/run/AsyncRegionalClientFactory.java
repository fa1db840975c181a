package io.github.s3failover.internal.run;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.internal.InternalApi;
import io.github.s3failover.internal.routing.FailureClassifier;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3CrtAsyncClientBuilder;

/**
 * Builds the {@link S3AsyncClient} of a region the application did not supply one for: on Netty by
 * default, with the same failover-minded settings as the sync clients ({@link
 * RegionalClientFactory}: a small retry budget in the region, bounded connection life), or on the
 * AWS CRT when asked. Either way multipart is on, so a large upload or download is split into parts
 * inside one region's client: parts never cross regions.
 */
@InternalApi
public final class AsyncRegionalClientFactory {
  /** A class of the AWS CRT library ({@code software.amazon.awssdk.crt:aws-crt}). */
  public static final String CRT_CLASS = "software.amazon.awssdk.crt.s3.S3Client";

  /** How Netty's client reports a connection closed under a request. */
  private static final String STALE_CONNECTION = "The connection was closed during the request";

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxAttempts;
  private final Duration connectionTimeToLive;
  private final Duration attemptTimeout;
  private final boolean crt;
  private final Consumer<S3CrtAsyncClientBuilder> crtTuning;

  /**
   * Creates the factory.
   *
   * @param connectTimeout time to establish a TCP connection
   * @param readTimeout time to wait for data on an open connection
   * @param maxAttempts attempts per call in one region (throttling and 500/503 only)
   * @param connectionTimeToLive how long a pooled connection is reused
   * @param attemptTimeout the limit of one attempt, or null for none
   * @param crt whether to build CRT-based clients
   */
  public AsyncRegionalClientFactory(
      Duration connectTimeout,
      Duration readTimeout,
      int maxAttempts,
      Duration connectionTimeToLive,
      Duration attemptTimeout,
      boolean crt) {
    this(connectTimeout, readTimeout, maxAttempts, connectionTimeToLive, attemptTimeout, crt, null);
  }

  private AsyncRegionalClientFactory(
      Duration connectTimeout,
      Duration readTimeout,
      int maxAttempts,
      Duration connectionTimeToLive,
      Duration attemptTimeout,
      boolean crt,
      Consumer<S3CrtAsyncClientBuilder> crtTuning) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.maxAttempts = maxAttempts;
    this.connectionTimeToLive = connectionTimeToLive;
    this.attemptTimeout = attemptTimeout;
    this.crt = crt;
    this.crtTuning = crtTuning;
  }

  /**
   * Returns a factory with the same settings that builds CRT-based clients, or Netty-based ones.
   *
   * @param useCrt whether to build CRT-based clients
   * @return the factory
   */
  public AsyncRegionalClientFactory withCrt(boolean useCrt) {
    return new AsyncRegionalClientFactory(
        connectTimeout,
        readTimeout,
        maxAttempts,
        connectionTimeToLive,
        attemptTimeout,
        useCrt,
        crtTuning);
  }

  /**
   * Returns a factory with the same settings whose CRT-based clients are also given {@code tuning}
   * after the library's own settings: tests limit the CRT's connections ({@code maxConcurrency}) to
   * see whether cancelled requests give theirs back, or its part size to have a GET split.
   *
   * @param tuning changes to the CRT's builder, or null for none
   * @return the factory
   */
  public AsyncRegionalClientFactory withCrtTuning(Consumer<S3CrtAsyncClientBuilder> tuning) {
    return new AsyncRegionalClientFactory(
        connectTimeout,
        readTimeout,
        maxAttempts,
        connectionTimeToLive,
        attemptTimeout,
        crt,
        tuning);
  }

  /**
   * Returns a factory with the same settings but the given read and attempt timeouts: an async
   * front door's own (see {@code FailoverS3AsyncClientBuilder}).
   *
   * @param read time to wait for data on an open connection
   * @param attempt the limit of one attempt, or null for none
   * @return the factory
   */
  public AsyncRegionalClientFactory withTimeouts(Duration read, Duration attempt) {
    return new AsyncRegionalClientFactory(
        connectTimeout, read, maxAttempts, connectionTimeToLive, attempt, crt, crtTuning);
  }

  /**
   * The read timeout of the clients this factory builds.
   *
   * @return the read timeout
   */
  public Duration readTimeout() {
    return readTimeout;
  }

  /**
   * Whether the AWS CRT library is on the class path.
   *
   * @return true if CRT-based clients can be built
   */
  public static boolean crtAvailable() {
    return crtAvailable(CRT_CLASS);
  }

  /**
   * Whether a class of the AWS CRT can be loaded (a test names one that is missing).
   *
   * @param crtClass the class to look for
   * @return true if it can be loaded
   */
  public static boolean crtAvailable(String crtClass) {
    try {
      Class.forName(crtClass, false, AsyncRegionalClientFactory.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Returns the event loops that the Netty-based clients of one failover client share, or null for
   * CRT-based clients. Owned by the caller: see {@link #shutDown(SdkEventLoopGroup)}.
   *
   * @return the event loops, or null
   */
  public SdkEventLoopGroup newEventLoops() {
    return crt ? null : SdkEventLoopGroup.builder().build();
  }

  /**
   * Shuts down shared event loops without waiting for their quiet period (Netty's graceful shutdown
   * would hold {@code close()} for two seconds per regional client otherwise).
   *
   * @param eventLoops the event loops, or null
   */
  public static void shutDown(SdkEventLoopGroup eventLoops) {
    if (eventLoops != null) {
      eventLoops.eventLoopGroup().shutdownGracefully(0, 5, TimeUnit.SECONDS);
    }
  }

  /**
   * Builds the async client of a region.
   *
   * @param region the region's configuration
   * @param eventLoops the shared event loops of Netty-based clients (null for the CRT)
   * @return a new client, owned by the caller
   */
  public S3AsyncClient build(FailoverRegion region, SdkEventLoopGroup eventLoops) {
    return crt ? buildCrt(region) : buildNetty(region, eventLoops);
  }

  private S3AsyncClient buildNetty(FailoverRegion region, SdkEventLoopGroup eventLoops) {
    S3AsyncClientBuilder builder =
        S3AsyncClient.builder()
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .eventLoopGroup(eventLoops)
                    .connectionTimeout(connectTimeout)
                    .readTimeout(readTimeout)
                    .connectionTimeToLive(connectionTimeToLive))
            .overrideConfiguration(
                o -> {
                  o.retryStrategy(
                      StandardRetryStrategy.builder()
                          .maxAttempts(maxAttempts)
                          .retryOnException(
                              t -> FailureClassifier.isRetryableInRegion(t) || isStaleConnection(t))
                          .treatAsThrottling(FailureClassifier::isThrottling)
                          .circuitBreakerEnabled(false)
                          .useClientDefaults(false)
                          .build());
                  if (attemptTimeout != null) {
                    o.apiCallAttemptTimeout(attemptTimeout);
                  }
                })
            .multipartEnabled(true)
            .forcePathStyle(region.forcePathStyle());
    region.awsRegion().ifPresent(builder::region);
    region.endpointOverride().ifPresent(builder::endpointOverride);
    region.credentialsProvider().ifPresent(builder::credentialsProvider);
    return builder.build();
  }

  /**
   * Whether Netty reused a pooled connection that the server had just closed ("The connection was
   * closed during the request"): a race of keep-alive, not a failing region. The SDK's default
   * retry strategy repeats it; the small budget here must too, or a healthy region's write would
   * fail (and a read would move region) now and then. Seen against s3proxy under load.
   *
   * @param t the failure
   * @return true for a pooled connection closed under the request
   */
  public static boolean isStaleConnection(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String message = c.getMessage();
      if (c instanceof IOException
          && message != null
          && message.startsWith(STALE_CONNECTION)
          && !message.contains("requestCount=1,")) {
        return true;
      }
    }
    return false;
  }

  private S3AsyncClient buildCrt(FailoverRegion region) {
    // The CRT retries and times out on its own terms: its retry budget, connect timeout and
    // minimum throughput are what it lets a caller set. It has no read timeout: without a
    // throughput floor a black-holed region held a read for about a minute, so the read timeout
    // becomes the window in which a connection must move at least a byte (the CRT counts whole
    // seconds, two at least).
    Duration window = Duration.ofSeconds(Math.max(2, (readTimeout.toMillis() + 999) / 1000));
    S3CrtAsyncClientBuilder builder =
        S3AsyncClient.crtBuilder()
            .httpConfiguration(
                h ->
                    h.connectionTimeout(connectTimeout)
                        .connectionHealthConfiguration(
                            c -> c.minimumThroughputInBps(1L).minimumThroughputTimeout(window)))
            .retryConfiguration(r -> r.numRetries(maxAttempts - 1))
            .forcePathStyle(region.forcePathStyle());
    if (crtTuning != null) {
      crtTuning.accept(builder);
    }
    region.awsRegion().ifPresent(builder::region);
    region.endpointOverride().ifPresent(builder::endpointOverride);
    region.credentialsProvider().ifPresent(builder::credentialsProvider);
    return builder.build();
  }
}
