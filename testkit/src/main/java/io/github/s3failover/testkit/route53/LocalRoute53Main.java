package io.github.s3failover.testkit.route53;

import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a {@link LocalRoute53} with two local regions until stdin closes, for trying the
 * provisioning CLI without an AWS account. Writes a failover spec for the regions, prints the
 * commands to run, and takes {@code down primary}, {@code up primary} (or secondary) and {@code
 * quit} on stdin, so the checkers' verdict can be watched with {@code status}.
 *
 * <p>Arguments: {@code --spec FILE} (default {@code target/local-failover.yaml}), {@code
 * --time-factor F} (default 0.1: Route 53's 10 s interval becomes 1 s).
 */
public final class LocalRoute53Main {

  private LocalRoute53Main() {}

  /**
   * Starts the regions and the local Route 53; see the class comment.
   *
   * @param args the arguments
   * @throws IOException if the spec cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path spec = Path.of("target", "local-failover.yaml");
    double factor = 0.1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--spec" -> spec = Path.of(args[i + 1]);
        case "--time-factor" -> factor = Double.parseDouble(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + "; use --spec FILE, --time-factor F");
      }
    }
    PrintStream out = System.out;
    try (TestRegions regions = TestRegions.start(2, true);
        LocalRoute53 route53 = LocalRoute53.builder().timeFactor(factor).start()) {
      route53.addZone(LocalFailover.ZONE);
      String yaml = prepareSpec(regions);
      if (spec.toAbsolutePath().getParent() != null) {
        Files.createDirectories(spec.toAbsolutePath().getParent());
      }
      Files.writeString(spec, yaml);
      String endpoint = route53.endpoint().toString();
      out.printf(
          "LocalRoute53 API at %s, DNS at %s (time factor %s: 10 s interval = %d ms)%n",
          endpoint, route53.dns().hostPort(), factor, Math.round(10_000 * factor));
      out.println("spec written to " + spec.toAbsolutePath());
      out.println("in another shell (any credentials; LocalRoute53 does not check signatures):");
      out.println("  export AWS_ACCESS_KEY_ID=" + regions.primary().region().accessKey());
      out.println("  export AWS_SECRET_ACCESS_KEY=" + regions.primary().region().secretKey());
      // Local regions are path-style, which the bucket preflight does not follow: skip it.
      for (String command :
          new String[] {
            "plan --skip-preflight", "apply --yes --skip-preflight", "status", "destroy --yes"
          }) {
        out.printf(
            "  java -jar route53/target/s3-failover-route53-cli.jar %s --spec %s"
                + " --route53-endpoint %s --poll-interval PT0.2S%n",
            command, spec, endpoint);
      }
      out.println("type: down primary | up primary | down secondary | up secondary | quit");
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] words = line.trim().split("\\s+");
        if (words[0].equals("quit")) {
          break;
        }
        if (words.length == 2 && (words[1].equals("primary") || words[1].equals("secondary"))) {
          TestRegion region = words[1].equals("primary") ? regions.primary() : regions.secondary();
          if (words[0].equals("down")) {
            region.tcp().blackHole();
          } else {
            region.tcp().pass();
          }
          out.println(words[1] + " is " + (words[0].equals("down") ? "black-holed" : "back"));
        }
      }
    }
  }

  /**
   * Creates each region's bucket {@code data-REGION} with a public health object, and returns a
   * failover spec (YAML) for them: record {@code s3.failover.test} in zone {@code failover.test},
   * HTTP health checks through each region's fault proxy, path-style ({@code healthObjectKey:
   * BUCKET/KEY}, since local regions are path-style).
   *
   * @param regions a primary and a secondary
   * @return the spec's text
   */
  public static String prepareSpec(TestRegions regions) {
    StringBuilder yaml =
        new StringBuilder()
            .append("hostedZone: ")
            .append(LocalFailover.ZONE)
            .append("\nrecordName: ")
            .append(LocalFailover.RECORD)
            .append("\nttl: 5\nregions:\n");
    for (TestRegion region : regions.all()) {
      String bucket = LocalFailover.BUCKET + "-" + region.name();
      region.region().createBucket(bucket);
      region
          .region()
          .putObject(bucket, LocalFailover.HEALTH_KEY, "ok".getBytes(StandardCharsets.UTF_8));
      region.region().makePublic(bucket, LocalFailover.HEALTH_KEY);
      yaml.append(regionYaml(region, bucket));
    }
    return yaml.toString();
  }

  private static String regionYaml(TestRegion region, String bucket) {
    return String.format(
        """
          - priority: %s
            awsRegion: %s
            bucket: %s
            endpoint: %s.s3.%s.%s
            s3Endpoint: %s
            healthCheck:
              type: HTTP
              port: %d
              healthObjectKey: %s/%s
              requestInterval: 10
              failureThreshold: 3
        """,
        region.name(),
        region.name().equals("primary") ? "us-east-1" : "eu-west-1",
        bucket,
        bucket,
        region.name(),
        LocalFailover.ZONE,
        region.endpoint(),
        region.tcp().port(),
        bucket,
        LocalFailover.HEALTH_KEY);
  }
}
