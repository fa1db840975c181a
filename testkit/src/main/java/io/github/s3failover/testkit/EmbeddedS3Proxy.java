package io.github.s3failover.testkit;

import java.net.BindException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds and starts the s3proxy server behind a {@link LocalRegion}. */
final class EmbeddedS3Proxy {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3Proxy.class);

  /** How long a restart keeps trying to take its port back before giving up. */
  private static final long REBIND_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private EmbeddedS3Proxy() {}

  /**
   * Starts a server on 127.0.0.1.
   *
   * @param port the port, or 0 for one chosen by the system
   * @return the started server
   */
  static S3Proxy launch(
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
