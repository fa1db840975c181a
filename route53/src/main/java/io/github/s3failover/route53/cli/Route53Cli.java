package io.github.s3failover.route53.cli;

import io.github.s3failover.route53.FailoverSpec;
import io.github.s3failover.route53.ProvisioningException;
import io.github.s3failover.route53.SpecException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The command line. Credentials come from the SDK's default chain (environment, profile, instance
 * role); the same credentials are used for Route 53 and both buckets.
 */
@Command(
    name = "s3-failover-route53",
    mixinStandardHelpOptions = true,
    version = "s3-failover-route53 0.1.0",
    description = "Provisions Route 53 failover records and health checks for s3-failover.",
    subcommands = {
      Commands.PlanCommand.class,
      Commands.ApplyCommand.class,
      Commands.StatusCommand.class,
      Commands.DestroyCommand.class,
      Commands.PreflightCommand.class,
      Commands.ForceFailoverCommand.class,
      Commands.ForceFailbackCommand.class,
      Commands.ClearOverrideCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success (plan: whatever it shows; status: both regions healthy)",
      "1:Route 53 or S3 failed; the message says what to do",
      "2:invalid usage or spec",
      "3:not confirmed (apply/destroy without --yes, answer was not 'yes')",
      "4:bucket preflight failed",
      "5:status: a region is unhealthy, unknown or not provisioned"
    })
public final class Route53Cli {

  /** Success. */
  public static final int OK = 0;

  /** Route 53 or S3 refused or failed. */
  public static final int FAILED = 1;

  /** Bad arguments or an invalid spec. */
  public static final int USAGE = 2;

  /** The user did not confirm. */
  public static final int NOT_CONFIRMED = 3;

  /** The bucket preflight found errors. */
  public static final int PREFLIGHT_FAILED = 4;

  /** status found a region unhealthy, undecidable or without a health check. */
  public static final int UNHEALTHY = 5;

  final PrintStream out;
  final PrintStream err;
  final BufferedReader in;
  final AwsCredentialsProvider credentials;

  private Route53Cli(
      PrintStream out, PrintStream err, InputStream in, AwsCredentialsProvider credentials) {
    this.out = out;
    this.err = err;
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.credentials = credentials;
  }

  /**
   * Runs the CLI and exits with its exit code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    int code;
    try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
      code = run(args, System.out, System.err, System.in, credentials);
    }
    System.exit(code);
  }

  /**
   * Runs the CLI in this JVM, e.g. from a test or another program.
   *
   * @param args the arguments
   * @param out where plans and reports go
   * @param err where progress, warnings and errors go
   * @param in where confirmations are read from
   * @param credentials credentials for Route 53 and S3
   * @return the exit code
   */
  public static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      InputStream in,
      AwsCredentialsProvider credentials) {
    Route53Cli cli = new Route53Cli(out, err, in, credentials);
    CommandLine line = new CommandLine(cli);
    line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    line.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof SpecException || e instanceof UncheckedIOException) {
            err.println(e.getMessage());
            return USAGE;
          }
          if (e instanceof ProvisioningException || e instanceof SdkException) {
            err.println("error: " + e.getMessage());
            return FAILED;
          }
          throw e;
        });
    return line.execute(args);
  }

  /** Options every subcommand takes. */
  static final class Common {
    @Option(
        names = "--spec",
        required = true,
        paramLabel = "FILE",
        description = "The failover spec (YAML); see the module README.")
    Path spec;

    @Option(
        names = "--route53-endpoint",
        paramLabel = "URL",
        description = "Route 53 API endpoint, for test servers (default: AWS).")
    java.net.URI route53Endpoint;

    @Option(
        names = "--poll-interval",
        paramLabel = "DURATION",
        defaultValue = "PT5S",
        description =
            "Time between checks of a PENDING change, ISO-8601 (default: ${DEFAULT-VALUE}).")
    java.time.Duration pollInterval;

    FailoverSpec load() {
      return FailoverSpec.fromYaml(spec);
    }
  }

  /** Asks on stdin unless --yes was given. */
  boolean confirmed(boolean yes, String question) {
    if (yes) {
      return true;
    }
    err.print(question + " Only 'yes' will be accepted: ");
    err.flush();
    try {
      String answer = in.readLine();
      return answer != null && answer.trim().equals("yes");
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
