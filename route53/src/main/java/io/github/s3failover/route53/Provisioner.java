package io.github.s3failover.route53;

import io.github.s3failover.route53.internal.Actions;
import io.github.s3failover.route53.internal.Errors;
import io.github.s3failover.route53.internal.Executor;
import io.github.s3failover.route53.internal.Observed;
import io.github.s3failover.route53.internal.Overrides;
import io.github.s3failover.route53.internal.Planner;
import io.github.s3failover.route53.internal.StateReader;
import io.github.s3failover.route53.internal.StatusReader;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * Plans, applies, reports and destroys the Route 53 side of a {@link FailoverSpec}: one health
 * check per region and a PRIMARY/SECONDARY pair of failover CNAME records.
 *
 * <p>Every operation first reads what exists (the zone, the record sets at the name, and our health
 * checks, found by their tags), so each is safe to run again: a second {@link #apply()} changes
 * nothing, a second {@link #destroy()} finds nothing to remove. The caller owns the {@link
 * Route53Client}.
 */
public final class Provisioner {

  /** Time between GetChange calls while a change is PENDING, unless set otherwise. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

  /** How long to wait for a change to be INSYNC, unless set otherwise (usually under 60 s). */
  public static final Duration DEFAULT_CHANGE_TIMEOUT = Duration.ofMinutes(5);

  private final FailoverSpec spec;
  private final Route53Client route53;
  private final Consumer<String> progress;
  private final Duration pollInterval;
  private final Duration changeTimeout;

  private Provisioner(Builder b) {
    this.spec = Objects.requireNonNull(b.spec, "spec");
    this.route53 = Objects.requireNonNull(b.route53, "route53");
    this.progress = b.progress;
    this.pollInterval = b.pollInterval;
    this.changeTimeout = b.changeTimeout;
  }

  /**
   * A builder; {@code spec} and {@code route53} are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The changes {@link #apply()} would make now. Nothing is changed.
   *
   * @return the plan
   * @throws ProvisioningException if Route 53 cannot be read or blocks the spec
   */
  public Plan plan() {
    return Planner.apply(spec, read()).plan();
  }

  /**
   * Brings Route 53 to the spec and waits until the record change is INSYNC.
   *
   * @return what was done and the records as written
   * @throws ProvisioningException naming the step that failed and what to do
   */
  public ApplyResult apply() {
    Actions actions = Planner.apply(spec, read());
    if (!actions.plan().hasChanges()) {
      progress.accept("nothing to change");
    }
    var records = new Executor(route53, progress, pollInterval, changeTimeout).apply(spec, actions);
    return new ApplyResult(actions.plan(), records);
  }

  /**
   * The changes {@link #destroy()} would make now. Nothing is changed.
   *
   * @return the plan of deletions
   */
  public Plan destroyPlan() {
    return Planner.destroy(spec, read()).plan();
  }

  /**
   * Removes the records (waiting until INSYNC), then the health checks.
   *
   * @return what was removed
   * @throws ProvisioningException naming the step that failed and what to do
   */
  public Plan destroy() {
    Actions actions = Planner.destroy(spec, read());
    new Executor(route53, progress, pollInterval, changeTimeout).destroy(spec, actions);
    return actions.plan();
  }

  /**
   * Each region's health as Route 53's checkers report it, and the record's current answer.
   *
   * @return the status
   */
  public ProvisioningStatus status() {
    return new StatusReader(route53).read(spec, read());
  }

  /**
   * Sets the manual-override children of the calculated health checks (type CALCULATED): force a
   * failover, force a failback, or clear both. Route 53 acts on it within its health evaluation
   * (seconds), not after a record change.
   *
   * @param mode what the overrides should say
   * @return one line per region: what its override says now
   * @throws ProvisioningException if the regions have no override (not CALCULATED, not applied)
   */
  public java.util.List<String> override(ManualOverride mode) {
    return Overrides.set(route53, spec, read(), mode, progress);
  }

  private Observed read() {
    return Errors.call("reading Route 53", () -> new StateReader(route53).read(spec));
  }

  /** Builds a {@link Provisioner}. */
  public static final class Builder {
    private FailoverSpec spec;
    private Route53Client route53;
    private Consumer<String> progress = line -> {};
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration changeTimeout = DEFAULT_CHANGE_TIMEOUT;

    private Builder() {}

    /**
     * Sets the spec.
     *
     * @param spec the spec
     * @return this builder
     */
    public Builder spec(FailoverSpec spec) {
      this.spec = spec;
      return this;
    }

    /**
     * Sets the client, e.g. from {@link Route53Clients#create}; the caller closes it.
     *
     * @param route53 the client
     * @return this builder
     */
    public Builder route53(Route53Client route53) {
      this.route53 = route53;
      return this;
    }

    /**
     * Sets where progress lines go (each step, each wait for INSYNC).
     *
     * @param progress a consumer of lines; the default drops them
     * @return this builder
     */
    public Builder progress(Consumer<String> progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * Sets the time between GetChange calls.
     *
     * @param interval positive
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      if (interval == null || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive: " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * Sets how long to wait for INSYNC.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder changeTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("changeTimeout must be positive: " + timeout);
      }
      this.changeTimeout = timeout;
      return this;
    }

    /**
     * Builds the provisioner.
     *
     * @return the provisioner
     */
    public Provisioner build() {
      return new Provisioner(this);
    }
  }
}
