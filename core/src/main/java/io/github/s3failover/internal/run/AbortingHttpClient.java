package io.github.s3failover.internal.run;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The HTTP client of a regional client the library builds: it hands every request it prepares to
 * the attempt in progress on the calling thread (the SDK's sync client prepares and runs a request
 * on the caller's thread), so that a hedge race's winner can abort the loser's request. The SDK's
 * own attempt timeout aborts a request the same way, through {@link ExecutableHttpRequest#abort()}.
 * Outside an attempt (health probes, the application's calls on a regional client) it only
 * delegates.
 */
final class AbortingHttpClient implements SdkHttpClient {
  private final SdkHttpClient delegate;

  AbortingHttpClient(SdkHttpClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    ExecutableHttpRequest prepared = delegate.prepareRequest(request);
    Attempt attempt = Dispatcher.current();
    if (attempt != null) {
      attempt.register(prepared);
    }
    return prepared;
  }

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** Builds an {@link AbortingHttpClient} around what another builder builds. */
  static final class Builder implements SdkHttpClient.Builder<Builder> {
    private final SdkHttpClient.Builder<?> delegate;

    Builder(SdkHttpClient.Builder<?> delegate) {
      this.delegate = delegate;
    }

    @Override
    public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
      return new AbortingHttpClient(delegate.buildWithDefaults(serviceDefaults));
    }
  }
}
