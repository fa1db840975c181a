package io.github.s3failover.internal.run;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.internal.InternalApi;
import io.github.s3failover.internal.routing.FailureClassifier;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the {@link S3Client} of a region the application did not supply a client for, with
 * settings suited to failover.
 *
 * <p>The SDK's defaults retry I/O errors and 5xx three times with backoff: inside a dead region
 * that turns one failure into four timeouts before failover can start. Here the SDK retries only
 * what a retry in the same region can fix (throttling, and 500/503 once); timeouts and connection
 * failures go straight back to the router, whose retry is the next region. Connections live for a
 * bounded time, so endpoints are resolved again now and then. Its HTTP client, and one a customizer
 * sets, is wrapped in an {@link AbortingHttpClient}, so that a hedged read's first attempt can run
 * on the caller's thread and still be abandoned at once when the hedge wins.
 */
@InternalApi
public final class RegionalClientFactory {
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxAttempts;
  private final Duration connectionTimeToLive;
  private final Duration attemptTimeout;

  /**
   * Creates the factory.
   *
   * @param connectTimeout time to establish a TCP connection
   * @param readTimeout time to wait for data on an open connection
   * @param maxAttempts attempts per call in one region (throttling and 500/503 only)
   * @param connectionTimeToLive how long a pooled connection is reused
   * @param attemptTimeout the limit of one attempt, or null for none
   */
  public RegionalClientFactory(
      Duration connectTimeout,
      Duration readTimeout,
      int maxAttempts,
      Duration connectionTimeToLive,
      Duration attemptTimeout) {
    this.attemptTimeout = attemptTimeout;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.maxAttempts = maxAttempts;
    this.connectionTimeToLive = connectionTimeToLive;
  }

  /**
   * Builds the client of a region.
   *
   * @param region the region's configuration (without an application client)
   * @return a new client, owned by the caller
   */
  public S3Client build(FailoverRegion region) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                new AbortingHttpClient.Builder(
                    Apache5HttpClient.builder()
                        .connectionTimeout(connectTimeout)
                        .socketTimeout(readTimeout)
                        .connectionTimeToLive(connectionTimeToLive)))
            .overrideConfiguration(
                o -> {
                  o.retryStrategy(retryStrategy());
                  if (attemptTimeout != null) {
                    o.apiCallAttemptTimeout(attemptTimeout);
                  }
                })
            .forcePathStyle(region.forcePathStyle());
    region.awsRegion().ifPresent(builder::region);
    region.endpointOverride().ifPresent(builder::endpointOverride);
    region.credentialsProvider().ifPresent(builder::credentialsProvider);
    region.clientCustomizer().ifPresent(c -> c.accept(abortingView(builder)));
    return builder.build();
  }

  /**
   * The builder as a customizer sees it: an HTTP client (or its builder) that the customizer sets
   * is wrapped in an {@link AbortingHttpClient} too, so that every client this factory builds lets
   * a hedge race abort its requests (see {@link SyncInvoker}).
   */
  static S3ClientBuilder abortingView(S3ClientBuilder builder) {
    InvocationHandler handler =
        new InvocationHandler() {
          @Override
          public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object[] actual = args;
            if (args != null && args.length == 1 && args[0] != null) {
              if (method.getName().equals("httpClient") && args[0] instanceof SdkHttpClient) {
                actual = new Object[] {new AbortingHttpClient((SdkHttpClient) args[0])};
              } else if (method.getName().equals("httpClientBuilder")
                  && args[0] instanceof SdkHttpClient.Builder) {
                actual =
                    new Object[] {
                      new AbortingHttpClient.Builder((SdkHttpClient.Builder<?>) args[0])
                    };
              } else if (method.getName().equals("applyMutation") && args[0] instanceof Consumer) {
                @SuppressWarnings("unchecked") // applyMutation hands the builder to its consumer
                Consumer<Object> mutation = (Consumer<Object>) args[0];
                mutation.accept(proxy);
                return proxy;
              }
            }
            try {
              Object result = method.invoke(builder, actual);
              return result == builder ? proxy : result;
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          }
        };
    return (S3ClientBuilder)
        Proxy.newProxyInstance(
            S3ClientBuilder.class.getClassLoader(),
            new Class<?>[] {S3ClientBuilder.class},
            handler);
  }

  private RetryStrategy retryStrategy() {
    return StandardRetryStrategy.builder()
        .maxAttempts(maxAttempts)
        // A body that cannot be reset fails the SDK's retry with a bare IllegalStateException that
        // hides the region's answer; without the retry, the answer reaches the router intact.
        .retryOnException(
            t -> FailureClassifier.isRetryableInRegion(t) && Dispatcher.currentBodyReplayable())
        .treatAsThrottling(FailureClassifier::isThrottling)
        .circuitBreakerEnabled(false)
        .useClientDefaults(false)
        .build();
  }
}
