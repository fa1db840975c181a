package io.github.s3failover.route53;

import io.github.s3failover.route53.fake.FakeRoute53;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.route53.Route53Client;

/** Specs and clients shared by the tests. */
final class Fixtures {

  static final String ZONE_ID = "Z0EXAMPLE123";
  static final String ZONE = "example.com";
  static final String RECORD = "s3.example.com";

  private Fixtures() {}

  static FailoverSpec.Builder spec() {
    return FailoverSpec.builder()
        .hostedZone(ZONE)
        .recordName(RECORD)
        .primary(
            RegionSpec.builder(FailoverRole.PRIMARY)
                .awsRegion("us-east-1")
                .bucket("app-data-use1")
                .build())
        .secondary(
            RegionSpec.builder(FailoverRole.SECONDARY)
                .awsRegion("eu-west-1")
                .bucket("app-data-euw1")
                .build());
  }

  static RegionSpec primaryWith(HealthCheckSpec check) {
    return RegionSpec.builder(FailoverRole.PRIMARY)
        .awsRegion("us-east-1")
        .bucket("app-data-use1")
        .healthCheck(check)
        .build();
  }

  /**
   * A client with the production retry rules but millisecond backoff and a fast pace, so tests stay
   * fast; PacingTest uses the production client.
   */
  static Route53Client client(FakeRoute53 fake) {
    return client(fake.endpoint());
  }

  /** A client of any Route 53 endpoint, as {@link #client(FakeRoute53)}. */
  static Route53Client client(URI endpoint) {
    BackoffStrategy fast = BackoffStrategy.fixedDelay(Duration.ofMillis(10));
    return Route53Clients.create(
        endpoint,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "secret")),
        Route53Clients.retryStrategy().toBuilder()
            .backoffStrategy(fast)
            .throttlingBackoffStrategy(fast)
            .build(),
        1000);
  }

  /** A provisioner that polls GetChange every 10 ms and records its progress lines. */
  static Provisioner provisioner(FailoverSpec spec, Route53Client client, List<String> progress) {
    return Provisioner.builder()
        .spec(spec)
        .route53(client)
        .progress(progress::add)
        .pollInterval(Duration.ofMillis(10))
        .changeTimeout(Duration.ofSeconds(5))
        .build();
  }

  static Provisioner provisioner(FailoverSpec spec, Route53Client client) {
    return provisioner(spec, client, new ArrayList<>());
  }
}
