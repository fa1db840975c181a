package io.github.s3failover.route53;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.route53.cli.Route53Cli;
import io.github.s3failover.route53.fake.FakeRoute53;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: fake Route 53 over HTTP, buckets in local s3proxy regions. */
@LocalRegions(count = 2, sharedCredentials = true)
class Route53CliTest {

  private static final AtomicInteger BUCKETS = new AtomicInteger();

  @TempDir Path dir;
  private FakeRoute53 fake;

  @BeforeEach
  void start() {
    fake = FakeRoute53.start();
    fake.addZone(Fixtures.ZONE_ID, Fixtures.ZONE);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  /** The result of one run. */
  private record Run(int code, String out, String err) {}

  private Run cli(TestRegions regions, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of(args));
    if (List.of(
            "plan",
            "apply",
            "status",
            "destroy",
            "force-failover",
            "force-failback",
            "clear-override")
        .contains(args[0])) {
      all.addAll(
          List.of("--route53-endpoint", fake.endpoint().toString(), "--poll-interval", "PT0.01S"));
    }
    int code =
        Route53Cli.run(
            all.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            regions.primary().credentials());
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Writes a spec whose buckets exist in the local regions, and returns its path. */
  private String spec(TestRegions regions) throws IOException {
    int n = BUCKETS.incrementAndGet();
    String primary = "cli-primary-" + n;
    String secondary = "cli-secondary-" + n;
    regions.primary().region().createBucket(primary);
    regions.secondary().region().createBucket(secondary);
    Path file = dir.resolve("failover.yaml");
    Files.writeString(
        file,
        """
        hostedZone: example.com
        recordName: s3.example.com
        ttl: 30
        regions:
          - priority: primary
            awsRegion: us-east-1
            bucket: %s
            s3Endpoint: %s
          - priority: secondary
            awsRegion: eu-west-1
            bucket: %s
            s3Endpoint: %s
        """
            .formatted(
                primary,
                regions.primary().region().endpoint(),
                secondary,
                regions.secondary().region().endpoint()));
    return file.toString();
  }

  @Test
  void preflightFailsOnFreshBucketsAndItsFixUpsMakeItPass(TestRegions regions) throws IOException {
    String spec = spec(regions);

    Run before = cli(regions, "", "preflight", "--spec", spec);
    assertThat(before.code()).isEqualTo(Route53Cli.PREFLIGHT_FAILED);
    assertThat(before.out()).contains("Preflight FAILED");

    Run fixed =
        cli(
            regions,
            "",
            "preflight",
            "--spec",
            spec,
            "--enable-versioning",
            "--put-health-object",
            "--public-read");
    assertThat(fixed.code()).as(fixed.out() + fixed.err()).isEqualTo(Route53Cli.OK);
    assertThat(fixed.out()).contains("Preflight passed with warnings.");
    assertThat(fixed.err()).contains("enabled versioning on cli-primary-");
  }

  @Test
  void planApplyStatusDestroyRoundTrip(TestRegions regions) throws IOException {
    String spec = spec(regions);
    cli(
        regions,
        "",
        "preflight",
        "--spec",
        spec,
        "--enable-versioning",
        "--put-health-object",
        "--public-read");

    Run plan = cli(regions, "", "plan", "--spec", spec);
    assertThat(plan.code()).as(plan.err()).isEqualTo(Route53Cli.OK);
    assertThat(plan.out()).contains("Plan: 4 to create").contains("Preflight passed");

    Run declined = cli(regions, "no\n", "apply", "--spec", spec);
    assertThat(declined.code()).isEqualTo(Route53Cli.NOT_CONFIRMED);
    assertThat(declined.err()).contains("Apply these changes?").contains("Not applied.");
    assertThat(fake.healthCheckIds()).isEmpty();

    Run applied = cli(regions, "", "apply", "--spec", spec, "--yes");
    assertThat(applied.code()).as(applied.err()).isEqualTo(Route53Cli.OK);
    assertThat(applied.out())
        .contains("Applied. Records:")
        .contains("s3.example.com 30 CNAME cli-primary-");
    assertThat(applied.err()).contains("PENDING").contains("is INSYNC");

    Run again = cli(regions, "", "apply", "--spec", spec, "--yes");
    assertThat(again.out()).contains("No changes: Route 53 already matches.");

    Run status = cli(regions, "", "status", "--spec", spec);
    assertThat(status.code()).isEqualTo(Route53Cli.OK);
    assertThat(status.out()).contains("HEALTHY").contains("(PRIMARY)");

    Run destroyed = cli(regions, "yes\n", "destroy", "--spec", spec);
    assertThat(destroyed.code()).as(destroyed.err()).isEqualTo(Route53Cli.OK);
    assertThat(fake.healthCheckIds()).isEmpty();
    assertThat(fake.records(Fixtures.ZONE_ID)).noneMatch(r -> r.type().equals("CNAME"));
  }

  @Test
  void applyRefusesWhileThePreflightFails(TestRegions regions) throws IOException {
    Run run = cli(regions, "", "apply", "--spec", spec(regions), "--yes");

    assertThat(run.code()).isEqualTo(Route53Cli.PREFLIGHT_FAILED);
    assertThat(run.err()).contains("Not applied: fix the preflight errors");
    assertThat(fake.healthCheckIds()).isEmpty();
  }

  @Test
  void statusBeforeApplyExitsUnhealthy(TestRegions regions) throws IOException {
    Run run = cli(regions, "", "status", "--spec", spec(regions));

    assertThat(run.code()).isEqualTo(Route53Cli.UNHEALTHY);
    assertThat(run.out()).contains("no health check (run apply)");
  }

  @Test
  void anInvalidSpecExitsTwoNamingTheField(TestRegions regions) throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "hostedZone: example.com\nrecordName: s3.example.com\nttl: 3600\n");

    Run run = cli(regions, "", "plan", "--spec", bad.toString());

    assertThat(run.code()).isEqualTo(Route53Cli.USAGE);
    assertThat(run.err()).contains("ttl: 3600 is not allowed; allowed: 1-60").contains("regions:");
  }

  @Test
  void aRoute53ErrorExitsOneWithWhatToDo(TestRegions regions) throws IOException {
    String spec = spec(regions);
    Files.writeString(
        Path.of(spec), Files.readString(Path.of(spec)).replace("example.com\n", "Z0NOPE\n"));

    Run run = cli(regions, "", "plan", "--spec", spec, "--skip-preflight");

    assertThat(run.code()).isEqualTo(Route53Cli.FAILED);
    assertThat(run.err()).contains("error:").contains("hosted zone Z0NOPE does not exist");
  }

  @Test
  void forceFailoverAndClearOverrideAreOneCommandEach(TestRegions regions) throws IOException {
    String spec = spec(regions);
    String calculated =
        Files.readString(Path.of(spec))
            .replace(
                "    bucket: cli-", "    healthCheck:\n      type: CALCULATED\n    bucket: cli-");
    Files.writeString(Path.of(spec), calculated);
    assertThat(cli(regions, "", "apply", "--spec", spec, "--yes", "--skip-preflight").code())
        .isEqualTo(Route53Cli.OK);

    Run forced = cli(regions, "", "force-failover", "--spec", spec);
    assertThat(forced.code()).as(forced.err()).isEqualTo(Route53Cli.OK);
    assertThat(forced.out()).contains("PRIMARY override").contains("FORCED UNHEALTHY");
    assertThat(cli(regions, "", "status", "--spec", spec).out()).contains("(SECONDARY)");

    Run cleared = cli(regions, "", "clear-override", "--spec", spec);
    assertThat(cleared.code()).isEqualTo(Route53Cli.OK);
    assertThat(cleared.out()).doesNotContain("FORCED");
    assertThat(cli(regions, "", "status", "--spec", spec).out()).contains("(PRIMARY)");
  }

  @Test
  void helpListsTheCommandsAndExitCodes(TestRegions regions) {
    Run help = cli(regions, "", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("plan", "apply", "status", "destroy", "preflight")
        .contains("force-failover", "force-failback", "clear-override")
        .contains("Exit codes:")
        .contains("3   not confirmed");

    Run missing = cli(regions, "", "plan");
    assertThat(missing.code()).isEqualTo(Route53Cli.USAGE);
    assertThat(missing.err()).contains("Missing required option: '--spec=FILE'");
  }
}
