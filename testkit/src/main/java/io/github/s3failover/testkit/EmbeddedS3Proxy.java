package io.github.s3failover.testkit;

import java.net.BindException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The s3proxy server behind a {@link LocalRegion} and its life: up on a port the system chose,
 * down, up again on the same port with the same store, and closed for good. Thread-safe.
 */
final class EmbeddedS3Proxy {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3Proxy.class);
  // The region's up and down messages keep the logger name they had in LocalRegion.
  private static final Logger REGION_LOG = LoggerFactory.getLogger(LocalRegion.class);

  /** How long a restart keeps trying to take its port back before giving up. */
  private static final long REBIND_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final String name;
  private final BlobStore store;
  private final RequestCounters counters;
  private final String accessKey;
  private final String secretKey;
  private final int port;

  private S3Proxy server; // guarded by this; null while stopped
  private boolean closed; // guarded by this

  /** Starts serving {@code store} on a port chosen by the system. */
  EmbeddedS3Proxy(
      String name, BlobStore store, RequestCounters counters, String accessKey, String secretKey) {
    this.name = name;
    this.store = store;
    this.counters = counters;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.server = launch(name, store, counters, accessKey, secretKey, 0);
    this.port = server.getPort();
  }

  /** The port, stable across {@link #stop()} and {@link #start()}. */
  int port() {
    return port;
  }

  synchronized boolean isRunning() {
    return server != null;
  }

  /** Serves again on the same port; does nothing if running. */
  synchronized void start() {
    if (closed) {
      throw new IllegalStateException("region " + name + " is closed");
    }
    if (server == null) {
      server = launch(name, store, counters, accessKey, secretKey, port);
      REGION_LOG.debug("region {} up again at http://127.0.0.1:{}", name, port);
    }
  }

  /** Drops open connections and refuses new ones; does nothing if stopped. */
  synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop region " + name, e);
    } finally {
      server = null;
    }
    REGION_LOG.debug("region {} down", name);
  }

  /**
   * Stops for good.
   *
   * @return false if it was closed already
   */
  synchronized boolean close() {
    if (closed) {
      return false;
    }
    stop();
    closed = true;
    return true;
  }

  /**
   * Starts a server on 127.0.0.1.
   *
   * @param port the port, or 0 for one chosen by the system
   * @return the started server
   */
  private static S3Proxy launch(
      String name,
      BlobStore store,
      RequestCounters counters,
      String accessKey,
      String secretKey,
      int port) {
    long deadline = System.nanoTime() + REBIND_PATIENCE_NANOS;
    while (true) {
      S3Proxy proxy = build(store, counters, accessKey, secretKey, port);
      try {
        proxy.start();
        return proxy;
      } catch (Exception e) {
        stopQuietly(name, proxy);
        boolean portBusy = e instanceof BindException || e.getCause() instanceof BindException;
        if (!portBusy || System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot start region " + name + " on port " + port, e);
        }
      }
    }
  }

  private static S3Proxy build(
      BlobStore store, RequestCounters counters, String accessKey, String secretKey, int port) {
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(ConsistentReads.wrap(store))
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            // Real S3 ignores x-amz- headers it does not know; s3proxy would answer 501.
            .ignoreUnknownHeaders(true)
            // An outage is abrupt: do not wait for requests in flight to finish.
            .stopTimeout(0)
            .build();
    CountingHandler.install(proxy, counters);
    return proxy;
  }

  private static void stopQuietly(String name, S3Proxy proxy) {
    try {
      proxy.stop();
    } catch (Exception e) {
      LOG.debug("region {}: stopping a server that failed to start", name, e);
    }
  }
}
