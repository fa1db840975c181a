package io.github.s3failover.route53;

import io.github.s3failover.route53.internal.RequestPacer;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.Route53ClientBuilder;
import software.amazon.awssdk.services.route53.model.PriorRequestNotCompleteException;

/** Builds the Route 53 client the provisioner and the CLI use. */
public final class Route53Clients {

  /**
   * Attempts per call. Route 53 allows about 5 API requests per second per account, shared with
   * every other tool; a provisioning run makes a few dozen calls, so it should ride out a burst of
   * Throttling rather than fail.
   */
  public static final int MAX_ATTEMPTS = 6;

  /**
   * Requests per second a client sends at most, retries included: the figure Route 53 documents as
   * its per-account limit (its newer throttling page gives 10 per second with bursts; staying at 5
   * leaves the account's other tools room).
   */
  public static final double DEFAULT_REQUESTS_PER_SECOND = 5;

  private Route53Clients() {}

  /**
   * A client for Route 53 (a global service, signed for {@code aws-global}) with retries for
   * Throttling and PriorRequestNotComplete, which Route 53 answers while an earlier change to the
   * same zone or health check is still being applied, paced to {@value
   * #DEFAULT_REQUESTS_PER_SECOND} requests per second.
   *
   * @param endpoint the API endpoint, or null for AWS's
   * @param credentials the credentials
   * @return a new client; the caller closes it
   */
  public static Route53Client create(URI endpoint, AwsCredentialsProvider credentials) {
    return create(endpoint, credentials, retryStrategy());
  }

  /**
   * A client as {@link #create(URI, AwsCredentialsProvider)} with another retry strategy, e.g. one
   * with shorter backoff for tests.
   *
   * @param endpoint the API endpoint, or null for AWS's
   * @param credentials the credentials
   * @param retryStrategy the retry strategy; start from {@link #retryStrategy()}
   * @return a new client; the caller closes it
   */
  public static Route53Client create(
      URI endpoint, AwsCredentialsProvider credentials, RetryStrategy retryStrategy) {
    return create(endpoint, credentials, retryStrategy, DEFAULT_REQUESTS_PER_SECOND);
  }

  /**
   * A client as {@link #create(URI, AwsCredentialsProvider, RetryStrategy)} that sends at most
   * {@code requestsPerSecond} requests per second (every attempt counts).
   *
   * @param endpoint the API endpoint, or null for AWS's
   * @param credentials the credentials
   * @param retryStrategy the retry strategy; start from {@link #retryStrategy()}
   * @param requestsPerSecond the pace, positive; {@value #DEFAULT_REQUESTS_PER_SECOND} by default
   * @return a new client; the caller closes it
   */
  public static Route53Client create(
      URI endpoint,
      AwsCredentialsProvider credentials,
      RetryStrategy retryStrategy,
      double requestsPerSecond) {
    RequestPacer pacer = new RequestPacer(requestsPerSecond);
    Route53ClientBuilder builder =
        Route53Client.builder()
            .region(Region.AWS_GLOBAL)
            .credentialsProvider(credentials)
            .httpClientBuilder(Apache5HttpClient.builder())
            .overrideConfiguration(
                c -> c.retryStrategy(retryStrategy).addExecutionInterceptor(pacer));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  /**
   * The SDK's standard retry strategy with {@value #MAX_ATTEMPTS} attempts that also retries
   * PriorRequestNotComplete (Throttling is retried by the standard strategy already).
   *
   * @return the strategy
   */
  public static RetryStrategy retryStrategy() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(MAX_ATTEMPTS)
        .retryOnExceptionInstanceOf(PriorRequestNotCompleteException.class)
        .build();
  }
}
