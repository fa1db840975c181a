package io.github.s3failover.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.s3failover.route53.cli.Route53Cli;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegions;
import io.github.s3failover.testkit.route53.LocalFailover;
import io.github.s3failover.testkit.route53.LocalRoute53;
import io.github.s3failover.testkit.route53.LocalRoute53Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against {@link LocalRoute53}, as the README shows it: plan, apply, status (which
 * reports what the checkers really saw, and the answer moving when the primary goes dark), destroy.
 * Time factor 0.02: a 10 s interval is 0.2 s.
 */
@LocalRegions(count = 2, sharedCredentials = true)
@Timeout(60)
class LocalRoute53CliTest {

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run cli(TestRegions regions, LocalRoute53 route53, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
    all.addAll(
        java.util.List.of(
            "--route53-endpoint", route53.endpoint().toString(), "--poll-interval", "PT0.05S"));
    if (args[0].equals("plan") || args[0].equals("apply")) {
      all.add("--skip-preflight"); // local regions are path-style: see decision 0011
    }
    int code =
        Route53Cli.run(
            all.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0]),
            regions.primary().credentials());
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void planApplyStatusDestroyWithStatusFromCheckersThatReallyProbe(TestRegions regions)
      throws IOException {
    Path spec = dir.resolve("local-failover.yaml");
    Files.writeString(spec, LocalRoute53Main.prepareSpec(regions));
    try (LocalRoute53 route53 =
        LocalRoute53.builder().timeFactor(0.02).changeDelay(Duration.ofMillis(100)).start()) {
      route53.addZone(LocalFailover.ZONE);
      String file = spec.toString();

      Run plan = cli(regions, route53, "plan", "--spec", file);
      assertThat(plan.code()).as(plan.err()).isZero();
      assertThat(plan.out()).contains("Plan: 4 to create");

      Run apply = cli(regions, route53, "apply", "--spec", file, "--yes");
      assertThat(apply.code()).as(apply.err()).isZero();
      assertThat(apply.err()).contains("PENDING").contains("is INSYNC");

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> cli(regions, route53, "status", "--spec", file).code() == 0);
      assertThat(cli(regions, route53, "status", "--spec", file).out())
          .contains("8/8 checkers")
          .contains("Success: HTTP Status Code 200")
          .contains("(PRIMARY)");

      regions.primary().tcp().blackHole();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> cli(regions, route53, "status", "--spec", file).out().contains("(SECONDARY)"));
      Run down = cli(regions, route53, "status", "--spec", file);
      assertThat(down.code()).isEqualTo(Route53Cli.UNHEALTHY);
      assertThat(down.out()).contains("UNHEALTHY").contains("Failure: Response timed out");

      Run destroy = cli(regions, route53, "destroy", "--spec", file, "--yes");
      assertThat(destroy.code()).as(destroy.err()).isZero();
      assertThat(route53.healthCheckIds()).isEmpty();
      assertThat(route53.answer(LocalFailover.RECORD, "CNAME")).isEmpty();
    }
  }
}
