package io.github.s3failover.testkit;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** SDK clients as the tests use them: path-style, no retries, short timeouts. */
final class Clients {

  private Clients() {}

  static S3Client s3(URI endpoint, AwsCredentialsProvider credentials) {
    return s3(endpoint, credentials, Duration.ofSeconds(5));
  }

  static S3Client s3(URI endpoint, AwsCredentialsProvider credentials, Duration socketTimeout) {
    SdkHttpClient http =
        Apache5HttpClient.builder()
            .socketTimeout(socketTimeout)
            .connectionTimeout(Duration.ofSeconds(2))
            .build();
    return s3(endpoint, credentials, http);
  }

  /**
   * A client on the Apache HttpClient 4 transport, which SDK 2.57 deprecates in favour of the
   * Apache 5 one but which existing applications (and the core module) still use.
   */
  @SuppressWarnings("deprecation") // proving the deprecated transport still works is the point
  static S3Client s3OnApache4(URI endpoint, AwsCredentialsProvider credentials) {
    SdkHttpClient http =
        ApacheHttpClient.builder()
            .socketTimeout(Duration.ofSeconds(5))
            .connectionTimeout(Duration.ofSeconds(2))
            .build();
    return s3(endpoint, credentials, http);
  }

  private static S3Client s3(URI endpoint, AwsCredentialsProvider credentials, SdkHttpClient http) {
    return S3Client.builder()
        .httpClient(http)
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .forcePathStyle(true)
        // One attempt: each test sees exactly the failure it provoked, and quickly.
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
