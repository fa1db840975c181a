package io.github.s3failover.benchmarks;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3AsyncClient;
import io.github.s3failover.FailoverS3AsyncClientBuilder;
import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverS3ClientBuilder;
import io.github.s3failover.dns.DnsRegionPreference;
import io.github.s3failover.testkit.LocalDnsServer;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The failover-time scenario benchmark: for each fault of the primary region (and a DNS flip
 * alone), three clients read one object side by side in the same run, and the report says how long
 * each took to reach the secondary, how many reads failed, the read latency during the event, and
 * how long it took to come back after recovery.
 *
 * <ul>
 *   <li>{@code failover}: a {@link FailoverS3Client} over both regions (library defaults, plus a 1
 *       s attempt timeout and a 2 s dwell; see {@link Settings}).
 *   <li>{@code failover-async} (with {@code --async}): a {@link FailoverS3AsyncClient} built from
 *       the same settings (its own breakers and preference), reading with {@code
 *       AsyncResponseTransformer.toBytes()}, as many reads in flight as the others have threads.
 *   <li>{@code plain}: a plain {@link S3Client} on the primary only, no failover.
 *   <li>{@code dns-only}: a plain {@link S3Client} on a DNS name, resolved by the JVM (through a
 *       hosts file this program rewrites, and the JVM's address cache), whose address moves from
 *       the primary to the secondary when the fault starts. Route 53's part (health checks, record
 *       TTL) is not waited for but added: see {@link ScenarioReport}. With {@code --route53=local}
 *       it is measured instead: a {@code LocalRoute53}'s checkers probe the primary at the real
 *       interval and threshold, and a caching resolver (the record's TTL) writes its answer into
 *       the hosts file; see {@link Route53Side}.
 * </ul>
 *
 * <p>Usage: {@code FailoverTimeBenchmark [--quick] [--only=SCENARIO] [--fault-seconds=N]
 * [--recovery-seconds=N] [--jvm-dns-ttl=N] [--hc-interval=N] [--hc-threshold=N] [--record-ttl=N]
 * [--route53=local|modelled] [--library-defaults] [--async] [--out=DIR]}.
 */
public final class FailoverTimeBenchmark {
  static final String KEY = "failover-time/object";
  static final String DNS_ONLY_BUCKET = "dns-only";
  static final String DNS_NAME = "app.bench.test";
  static final String PRIMARY_ADDRESS = "127.0.0.2";
  static final String SECONDARY_ADDRESS = "127.0.0.3";
  static final int READERS_PER_CLIENT = 3;
  static final String ASYNC = "failover-async";

  private final Settings settings;
  private final JvmHostsFile hosts;
  private final TestRegions regions;
  private final LocalDnsServer dns;

  private FailoverTimeBenchmark(
      Settings settings, JvmHostsFile hosts, TestRegions regions, LocalDnsServer dns) {
    this.settings = settings;
    this.hosts = hosts;
    this.regions = regions;
    this.dns = dns;
  }

  /**
   * Runs the scenarios, prints the table and writes the CSV, JSON and SVG files.
   *
   * @param args see the class comment
   * @throws Exception if a scenario cannot run
   */
  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    Files.createDirectories(settings.out());
    // First of all: the JVM reads the hosts-file property at its first lookup.
    JvmHostsFile hosts =
        JvmHostsFile.install(settings.out().resolve("failover-hosts"), settings.jvmDnsTtl());
    hosts.set("probe.bench.test", PRIMARY_ADDRESS);
    hosts.verify("probe.bench.test", PRIMARY_ADDRESS);
    List<ScenarioReport.Row> rows = run(settings, hosts);
    String table = ScenarioReport.table(rows, settings);
    System.out.println(table);
    ScenarioReport.write(rows, settings);
    System.out.println("wrote " + settings.out().resolve("failover-time.{csv,json,svg}"));
  }

  /** Runs every selected scenario against fresh regions; used by the smoke test too. */
  static List<ScenarioReport.Row> run(Settings settings, JvmHostsFile hosts) throws Exception {
    List<ScenarioReport.Row> rows = new ArrayList<>();
    try (TestRegions regions = TestRegions.start(2, true);
        LocalDnsServer dns = LocalDnsServer.open()) {
      for (TestRegion region : regions.all()) {
        byte[] body = body(region.name());
        region.region().createBucket(physical(region));
        region.region().createBucket(DNS_ONLY_BUCKET);
        region.region().putObject(physical(region), KEY, body);
        region.region().putObject(DNS_ONLY_BUCKET, KEY, body);
      }
      FailoverTimeBenchmark benchmark = new FailoverTimeBenchmark(settings, hosts, regions, dns);
      for (Scenario scenario : settings.scenarios()) {
        System.out.printf("scenario %s ...%n", scenario);
        rows.addAll(benchmark.scenario(scenario));
        regions.reset();
      }
    }
    return rows;
  }

  /** The object's content: the serving region's name first, so every read says where it went. */
  static byte[] body(String region) {
    StringBuilder text = new StringBuilder(region).append('|');
    while (text.length() < 1024) {
      text.append("replicated object ");
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String physical(TestRegion region) {
    return "data-" + region.name();
  }

  static String hostName(TestRegion region) {
    return "data-" + region.name() + ".s3.bench.test";
  }

  private List<ScenarioReport.Row> scenario(Scenario scenario) throws Exception {
    TestRegion primary = regions.primary();
    TestRegion secondary = regions.secondary();
    String dnsOnlyName = "s3-" + scenario.slug() + ".bench.test";
    hosts.set(dnsOnlyName, PRIMARY_ADDRESS);
    dns.setCname(DNS_NAME, hostName(primary), Duration.ofSeconds(1));
    if (settings.localRoute53() && !scenario.isRegionFault()) {
      throw new IllegalArgumentException(
          "--route53=local measures health checks: " + scenario.slug() + " fails none");
    }
    long origin = System.nanoTime();
    double faultAt;
    double healAt;
    List<Reads> loops = new ArrayList<>();
    try (LoopbackForwarder forwarder =
            LoopbackForwarder.start(
                PRIMARY_ADDRESS,
                address(scenario.endpoint.apply(primary)),
                SECONDARY_ADDRESS,
                address(scenario.endpoint.apply(secondary)));
        FailoverS3Client failover = failoverSettings(scenario).build();
        FailoverS3AsyncClient async =
            settings.async() ? asyncClient(failoverSettings(scenario)) : null;
        S3Client plain = plainClient(scenario.endpoint.apply(primary), primary.credentials());
        S3Client dnsOnly =
            plainClient(
                URI.create("http://" + dnsOnlyName + ":" + forwarder.port()),
                primary.credentials());
        Route53Side route53 =
            settings.localRoute53()
                ? Route53Side.provision(settings, scenario, regions, dnsOnlyName, hosts)
                : null) {
      try {
        // One successful read per failover client before any clock starts: a cold client's first
        // call (class loading, the async client's event loop) can outlast the 1 s attempt timeout
        // on a loaded machine, and would then be measured as an outage of both regions.
        firstRead("failover", () -> get(failover, "data"));
        if (async != null) {
          firstRead(ASYNC, () -> get(async).join());
        }
        loops.add(reads("failover", () -> get(failover, "data"), origin));
        if (async != null) {
          loops.add(new AsyncReadLoop(ASYNC, () -> get(async), READERS_PER_CLIENT, origin));
        }
        loops.add(reads("plain", () -> get(plain, physical(primary)), origin));
        loops.add(reads("dns-only", () -> get(dnsOnly, DNS_ONLY_BUCKET), origin));
        Thread.sleep(settings.warmUp().toMillis());

        faultAt = loops.get(0).now();
        long faultNanos = System.nanoTime();
        long faultEpochMillis = System.currentTimeMillis();
        scenario.inject.accept(primary);
        if (scenario == Scenario.DNS_FLIP) {
          dns.setCname(DNS_NAME, hostName(secondary), Duration.ofSeconds(1));
        }
        if (route53 == null) {
          // Route 53 has flipped (its delay is added to the result, not waited for).
          hosts.set(dnsOnlyName, SECONDARY_ADDRESS);
        }
        Thread.sleep(settings.faultWindow().toMillis());
        if (route53 != null) {
          System.out.printf(
              "  route53 (local): %s%n", route53.summary(faultNanos, faultEpochMillis));
        }

        healAt = loops.get(0).now();
        scenario.heal.accept(primary);
        dns.setCname(DNS_NAME, hostName(primary), Duration.ofSeconds(1));
        if (route53 == null) {
          hosts.set(dnsOnlyName, PRIMARY_ADDRESS);
        }
        Thread.sleep(settings.recoveryWindow().toMillis());
      } finally {
        // Also when the run is cut short: chains of async reads would go on against closed clients.
        loops.forEach(Reads::close);
      }
    }
    List<ScenarioReport.Row> rows = new ArrayList<>();
    for (Reads loop : loops) {
      if (!loop.name().equals("plain")) {
        loop.firstErrors().forEach(e -> System.out.printf("  %s saw: %s%n", loop.name(), e));
      }
      rows.add(ScenarioReport.Row.of(scenario, loop, faultAt, healAt, settings));
    }
    return rows;
  }

  /** Reads until one read succeeds (at most 10 s), so that a client is warm before it is timed. */
  private static void firstRead(String name, java.util.function.Supplier<String> read)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        read.get();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + " never read the object before the fault", e);
        }
        Thread.sleep(100);
      }
    }
  }

  private ReadLoop reads(String name, java.util.function.Supplier<String> read, long origin) {
    return new ReadLoop(name, read, READERS_PER_CLIENT, origin);
  }

  private static String get(S3Client client, String bucket) {
    return client.getObjectAsBytes(b -> b.bucket(bucket).key(KEY)).asUtf8String();
  }

  private static CompletableFuture<String> get(S3AsyncClient client) {
    return client
        .getObject(b -> b.bucket("data").key(KEY), AsyncResponseTransformer.toBytes())
        .thenApply(ResponseBytes::asUtf8String);
  }

  /**
   * The async failover client, with the sync one's attempt timeout (an async client does not take
   * it over: decision 0025), so that both are held to the same goal.
   */
  private FailoverS3AsyncClient asyncClient(FailoverS3ClientBuilder sync) {
    FailoverS3AsyncClientBuilder builder = FailoverS3AsyncClient.builder(sync);
    if (!settings.libraryDefaults()) {
      builder.attemptTimeout(settings.attemptTimeout());
    }
    return builder.build();
  }

  /** The failover client's settings; each call builds new ones (a DNS preference of its own). */
  private FailoverS3ClientBuilder failoverSettings(Scenario scenario) {
    FailoverS3ClientBuilder builder =
        settings.libraryDefaults()
            ? FailoverS3Client.builder()
            : FailoverS3Client.builder()
                .attemptTimeout(settings.attemptTimeout())
                .minimumDwell(settings.dwell());
    if (scenario == Scenario.DNS_FLIP) {
      builder.preference(
          DnsRegionPreference.builder(DNS_NAME)
              .servers(dns.hostPort())
              .queryTimeout(Duration.ofMillis(500))
              .build());
    }
    for (TestRegion region : regions.all()) {
      builder.addRegion(
          FailoverRegion.builder(region.name())
              .awsRegion(Region.US_EAST_1)
              .endpointOverride(scenario.endpoint.apply(region))
              .credentialsProvider(region.credentials())
              .forcePathStyle(true)
              .bucket("data", physical(region))
              .hostNames(hostName(region))
              .build());
    }
    return builder;
  }

  /**
   * A plain client as an application builds one: the library's connect and read timeouts (so a
   * black-holed call costs the same per attempt), but the SDK's default retries and connection
   * lifetime (pooled connections live until they fail).
   */
  private static S3Client plainClient(URI endpoint, AwsCredentialsProvider credentials) {
    return S3Client.builder()
        .httpClientBuilder(
            Apache5HttpClient.builder()
                .connectionTimeout(FailoverS3ClientBuilder.DEFAULT_CONNECT_TIMEOUT)
                .socketTimeout(FailoverS3ClientBuilder.DEFAULT_READ_TIMEOUT))
        .region(Region.US_EAST_1)
        .endpointOverride(endpoint)
        .credentialsProvider(credentials)
        .forcePathStyle(true)
        .build();
  }

  private static InetSocketAddress address(URI endpoint) {
    return new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
  }
}
