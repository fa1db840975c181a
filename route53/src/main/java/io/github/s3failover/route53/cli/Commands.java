package io.github.s3failover.route53.cli;

import io.github.s3failover.route53.ApplyResult;
import io.github.s3failover.route53.BucketPreflight;
import io.github.s3failover.route53.FailoverSpec;
import io.github.s3failover.route53.ManualOverride;
import io.github.s3failover.route53.Plan;
import io.github.s3failover.route53.PreflightReport;
import io.github.s3failover.route53.Provisioner;
import io.github.s3failover.route53.ProvisioningStatus;
import io.github.s3failover.route53.Route53Clients;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.route53.Route53Client;

/** The subcommands; each loads the spec, does one thing and returns an exit code. */
final class Commands {

  private Commands() {}

  /** What every Route 53 subcommand shares: the parent, the common options, a provisioner. */
  abstract static class Route53Command implements Callable<Integer> {
    @ParentCommand Route53Cli cli;
    @Mixin Route53Cli.Common common;

    @Override
    public final Integer call() {
      FailoverSpec spec = common.load();
      try (Route53Client route53 = Route53Clients.create(common.route53Endpoint, cli.credentials)) {
        Provisioner provisioner =
            Provisioner.builder()
                .spec(spec)
                .route53(route53)
                .pollInterval(common.pollInterval)
                .progress(cli.err::println)
                .build();
        return run(spec, provisioner);
      }
    }

    abstract int run(FailoverSpec spec, Provisioner provisioner);

    /** Runs the preflight and prints it; returns whether it passed. */
    boolean preflight(FailoverSpec spec) {
      try (BucketPreflight preflight = BucketPreflight.create(spec, cli.credentials)) {
        PreflightReport report = preflight.check();
        cli.out.print(report.render());
        return report.passed();
      }
    }
  }

  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      description =
          "Shows the changes apply would make, and the bucket preflight. Changes nothing.")
  static final class PlanCommand extends Route53Command {
    @Option(names = "--skip-preflight", description = "Do not check the buckets.")
    boolean skipPreflight;

    @Override
    int run(FailoverSpec spec, Provisioner provisioner) {
      Plan plan = provisioner.plan();
      cli.out.print(plan.render());
      if (!skipPreflight && !preflight(spec)) {
        return Route53Cli.PREFLIGHT_FAILED;
      }
      return Route53Cli.OK;
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description =
          "Creates or updates the health checks and UPSERTs both failover records, then waits"
              + " until Route 53 reports the change INSYNC. Refuses while the preflight fails.")
  static final class ApplyCommand extends Route53Command {
    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--skip-preflight", description = "Apply even if the bucket checks fail.")
    boolean skipPreflight;

    @Override
    int run(FailoverSpec spec, Provisioner provisioner) {
      if (!skipPreflight && !preflight(spec)) {
        cli.err.println(
            "Not applied: fix the preflight errors above (or pass --skip-preflight), else Route 53"
                + " would mark a region down or fail over to a bucket that cannot serve.");
        return Route53Cli.PREFLIGHT_FAILED;
      }
      Plan plan = provisioner.plan();
      cli.out.print(plan.render());
      if (!plan.hasChanges()) {
        return Route53Cli.OK;
      }
      if (!cli.confirmed(yes, "Apply these changes?")) {
        cli.err.println("Not applied.");
        return Route53Cli.NOT_CONFIRMED;
      }
      ApplyResult result = provisioner.apply();
      cli.out.println("Applied. Records:");
      result
          .records()
          .forEach(
              r ->
                  cli.out.println(
                      "  "
                          + r.name()
                          + " "
                          + r.ttl()
                          + " CNAME "
                          + r.target()
                          + "  ["
                          + r.failover()
                          + ", set "
                          + r.setIdentifier()
                          + ", health check "
                          + r.healthCheckId().orElse("-")
                          + "]"));
      return Route53Cli.OK;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Shows each health check as Route 53's checkers see it, and the answer now.")
  static final class StatusCommand extends Route53Command {
    @Override
    int run(FailoverSpec spec, Provisioner provisioner) {
      ProvisioningStatus status = provisioner.status();
      cli.out.print(status.render());
      return status.allHealthy() ? Route53Cli.OK : Route53Cli.UNHEALTHY;
    }
  }

  @Command(
      name = "destroy",
      mixinStandardHelpOptions = true,
      description = "Deletes both failover records, waits for INSYNC, then the health checks.")
  static final class DestroyCommand extends Route53Command {
    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    int run(FailoverSpec spec, Provisioner provisioner) {
      Plan plan = provisioner.destroyPlan();
      cli.out.print(plan.render());
      if (!plan.hasChanges()) {
        return Route53Cli.OK;
      }
      if (!cli.confirmed(yes, "Delete these records and health checks?")) {
        cli.err.println("Nothing deleted.");
        return Route53Cli.NOT_CONFIRMED;
      }
      provisioner.destroy();
      cli.out.println("Destroyed.");
      return Route53Cli.OK;
    }
  }

  /** The three override commands share this. */
  abstract static class OverrideCommand extends Route53Command {
    abstract ManualOverride mode();

    @Override
    int run(FailoverSpec spec, Provisioner provisioner) {
      provisioner.override(mode()).forEach(cli.out::println);
      return Route53Cli.OK;
    }
  }

  @Command(
      name = "force-failover",
      mixinStandardHelpOptions = true,
      description =
          "Inverts the PRIMARY's manual-override health check (CALCULATED checks only), so Route"
              + " 53 answers with the secondary; clears the SECONDARY's.")
  static final class ForceFailoverCommand extends OverrideCommand {
    @Override
    ManualOverride mode() {
      return ManualOverride.FORCE_FAILOVER;
    }
  }

  @Command(
      name = "force-failback",
      mixinStandardHelpOptions = true,
      description =
          "Inverts the SECONDARY's manual-override health check, so Route 53 answers with the"
              + " primary even while it is unhealthy; clears the PRIMARY's.")
  static final class ForceFailbackCommand extends OverrideCommand {
    @Override
    ManualOverride mode() {
      return ManualOverride.FORCE_FAILBACK;
    }
  }

  @Command(
      name = "clear-override",
      mixinStandardHelpOptions = true,
      description = "Clears both manual overrides: the health checks decide again.")
  static final class ClearOverrideCommand extends OverrideCommand {
    @Override
    ManualOverride mode() {
      return ManualOverride.CLEAR;
    }
  }

  @Command(
      name = "preflight",
      mixinStandardHelpOptions = true,
      description = "Checks both buckets through S3 and, if asked, fixes what it can.")
  static final class PreflightCommand implements Callable<Integer> {
    @ParentCommand Route53Cli cli;
    @Mixin Route53Cli.Common common;

    @Option(
        names = "--put-health-object",
        description = "Upload the health object to both buckets.")
    boolean putHealthObject;

    @Option(
        names = "--public-read",
        description =
            "With --put-health-object: give it a public-read ACL (buckets with ACLs only).")
    boolean publicRead;

    @Option(names = "--enable-versioning", description = "Enable versioning on both buckets.")
    boolean enableVersioning;

    @Option(
        names = "--replication-role",
        paramLabel = "ARN",
        description = "Put replication rules both ways, assumed through this IAM role.")
    String replicationRole;

    @Option(
        names = "--checker-policy-ranges",
        paramLabel = "IP_RANGES_JSON",
        description =
            "Print the bucket policy that lets only Route 53's health checkers (ranges of service"
                + " ROUTE53_HEALTHCHECKS in this ip-ranges.json) read the health object.")
    java.nio.file.Path checkerRanges;

    @Option(
        names = "--put-checker-policy",
        description =
            "With --checker-policy-ranges: add that statement to both bucket policies (other"
                + " statements kept) and verify with GetBucketPolicyStatus that it is not public.")
    boolean putCheckerPolicy;

    @Override
    public Integer call() {
      FailoverSpec spec = common.load();
      if (putCheckerPolicy && checkerRanges == null) {
        cli.err.println(
            "--put-checker-policy needs --checker-policy-ranges FILE (ip-ranges.json from AWS)");
        return Route53Cli.USAGE;
      }
      try (BucketPreflight preflight =
          BucketPreflight.create(spec, cli.credentials, cli.err::println)) {
        if (enableVersioning) {
          preflight.enableVersioning();
        }
        if (putHealthObject) {
          preflight.putHealthObject(publicRead);
        }
        if (replicationRole != null) {
          preflight.putReplication(replicationRole);
        }
        if (checkerRanges != null) {
          preflight
              .checkerPolicies(checkerRanges)
              .forEach(
                  (role, policy) ->
                      cli.out.println(
                          "Bucket policy for "
                              + spec.region(role).bucket()
                              + " ("
                              + role
                              + "):\n"
                              + policy));
          if (putCheckerPolicy) {
            preflight.putCheckerPolicy(checkerRanges);
          }
        }
        PreflightReport report = preflight.check();
        cli.out.print(report.render());
        return report.passed() ? Route53Cli.OK : Route53Cli.PREFLIGHT_FAILED;
      }
    }
  }
}
