package io.github.s3failover.chaos;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3AsyncClient;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverS3ClientBuilder;
import io.github.s3failover.Fixture;
import io.github.s3failover.WritePolicy;
import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.event.FailoverEvent;
import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.TestRegion;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Client settings of the chaos tests: short timeouts and dwell, so a run of seconds sees a lot. */
final class ChaosSetup {
  static final String BUCKET = Fixture.BUCKET;
  static final String DNS_NAME = "app.example.test";
  static final Duration DWELL = Duration.ofSeconds(2);
  static final Duration TTL = Duration.ofSeconds(1);

  final List<FailoverEvent> events = new CopyOnWriteArrayList<>();

  /** The region's physical bucket, as {@link Fixture#physical} names it. */
  static String physical(TestRegion region) {
    return Fixture.physical(region);
  }

  /** The region's DNS host name, as {@link Fixture#hostName} names it. */
  static String hostName(TestRegion region) {
    return Fixture.hostName(region);
  }

  static void createBuckets(List<TestRegion> regions) {
    for (TestRegion region : regions) {
      if (!region.region().bucketExists(physical(region))) {
        region.region().createBucket(physical(region));
      }
    }
  }

  static DnsRegionPreference dnsPreference(LocalDnsServer dns) {
    return DnsRegionPreference.builder(DNS_NAME)
        .servers(dns.hostPort())
        .queryTimeout(Duration.ofMillis(300))
        .minTtl(Duration.ofMillis(300))
        .maxTtl(TTL)
        .staleTime(Duration.ofSeconds(2))
        .startTimeout(Duration.ofSeconds(1))
        .build();
  }

  /** A client over the given regions only, reached through their TCP fault proxies. */
  FailoverS3Client client(List<TestRegion> regions, LocalDnsServer dns) {
    return clientWithCredentials(regions, dns, null);
  }

  /** The same, every region signing with the given credentials instead of its own if not null. */
  FailoverS3Client clientWithCredentials(
      List<TestRegion> regions, LocalDnsServer dns, AwsCredentialsProvider credentials) {
    FailoverS3ClientBuilder builder =
        FailoverS3Client.builder()
            .connectTimeout(Duration.ofMillis(400))
            .readTimeout(Duration.ofMillis(600))
            .attemptTimeout(Duration.ofSeconds(3))
            .minimumDwell(DWELL)
            .writePolicy(WritePolicy.FAILOVER)
            .circuitBreakerConfig(
                CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(8)
                    .minimumNumberOfCalls(4)
                    .failureRateThreshold(50)
                    .waitDurationInOpenState(Duration.ofMillis(700))
                    .permittedNumberOfCallsInHalfOpenState(2)
                    .build())
            .preference(dnsPreference(dns))
            .addListener(events::add)
            .addListener(Workload::record);
    for (TestRegion region : regions) {
      FailoverRegion.Builder config = Fixture.region(region, region.endpoint());
      if (credentials != null) {
        config.credentialsProvider(credentials);
      }
      builder.addRegion(config.build());
    }
    return builder.build();
  }

  /** An async client sharing the sync client's rules: its breakers, preference and listeners. */
  static FailoverS3AsyncClient asyncClient(FailoverS3Client shared) {
    return FailoverS3AsyncClient.builder(shared).build();
  }

  /**
   * The Transfer Manager's async client, sharing the sync client's rules, on library-built regional
   * clients with timeouts of their own fit for 8 MiB parts: a read timeout of 2 s (the sync
   * client's 600 ms is exceeded by a loaded machine's servers while they store a part: every
   * transfer of a run failed that way) and each attempt 3 s at most, as the sync client's attempts.
   */
  static FailoverS3AsyncClient transferClient(FailoverS3Client shared) {
    return FailoverS3AsyncClient.builder(shared)
        .readTimeout(Duration.ofSeconds(2))
        .attemptTimeout(Duration.ofSeconds(3))
        .build();
  }

  <E extends FailoverEvent> List<E> events(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }
}
