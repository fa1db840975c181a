package io.github.s3failover.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * A network condition that a {@link FaultProxy} imposes: one of {@link Kind} and its parameter.
 *
 * <p>Values are immutable and compare by value, so a test can assert {@code
 * assertThat(proxy.mode()).isEqualTo(Fault.refuse())}.
 */
public final class Fault {

  /** The kinds of condition a {@link FaultProxy} can impose. */
  public enum Kind {
    /** Bytes flow unchanged in both directions. */
    PASS,
    /** Nothing listens on the port: a connect fails at once; open connections are reset. */
    REFUSE,
    /**
     * Connections are accepted and kept open; what arrives is read and dropped, nothing answers.
     */
    BLACK_HOLE,
    /** Bytes flow, each one arriving a fixed delay after it was sent, in both directions. */
    LATENCY,
    /** Bytes flow until a given number of response bytes reached the client, then a reset. */
    RESET_AFTER_BYTES,
    /** Bytes flow at most a given number of bytes per second, in each direction: a slow link. */
    BANDWIDTH
  }

  private static final Fault PASS = new Fault(Kind.PASS, Duration.ZERO, 0);
  private static final Fault REFUSE = new Fault(Kind.REFUSE, Duration.ZERO, 0);
  private static final Fault BLACK_HOLE = new Fault(Kind.BLACK_HOLE, Duration.ZERO, 0);

  private final Kind kind;
  private final Duration delay;
  private final long bytes;

  private Fault(Kind kind, Duration delay, long bytes) {
    this.kind = kind;
    this.delay = delay;
    this.bytes = bytes;
  }

  /**
   * No fault.
   *
   * @return the pass-through condition
   */
  public static Fault pass() {
    return PASS;
  }

  /**
   * A port nobody listens on.
   *
   * @return the refusing condition
   */
  public static Fault refuse() {
    return REFUSE;
  }

  /**
   * A peer that accepts and never answers.
   *
   * @return the black-hole condition
   */
  public static Fault blackHole() {
    return BLACK_HOLE;
  }

  /**
   * A one-way delay applied to every byte in both directions, so a request/response exchange takes
   * at least twice {@code delay} longer.
   *
   * @param delay the one-way delay, not negative
   * @return the latency condition
   */
  public static Fault latency(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    return new Fault(Kind.LATENCY, delay, 0);
  }

  /**
   * A connection reset (RST) once {@code bytes} bytes of response have reached the client on a
   * connection; {@code 0} resets as soon as the server starts answering.
   *
   * @param bytes response bytes let through per connection, not negative
   * @return the reset condition
   */
  public static Fault resetAfterBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative: " + bytes);
    }
    return new Fault(Kind.RESET_AFTER_BYTES, Duration.ZERO, bytes);
  }

  /**
   * A slow link: each direction of a connection forwards at most {@code bytesPerSecond}, so a large
   * body takes size / rate to cross while a small exchange stays quick (unlike {@link
   * #latency(Duration)}, which delays every exchange alike and keeps the throughput).
   *
   * @param bytesPerSecond the rate per connection and direction, above zero
   * @return the bandwidth condition
   */
  public static Fault bandwidth(long bytesPerSecond) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("bytesPerSecond must be above zero: " + bytesPerSecond);
    }
    return new Fault(Kind.BANDWIDTH, Duration.ZERO, bytesPerSecond);
  }

  /**
   * The kind of this condition.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The one-way delay of a {@link Kind#LATENCY} condition.
   *
   * @return the delay, zero for other kinds
   */
  public Duration delay() {
    return delay;
  }

  /**
   * The response bytes a {@link Kind#RESET_AFTER_BYTES} condition lets through.
   *
   * @return the byte budget per connection, zero for other kinds
   */
  public long bytes() {
    return kind == Kind.RESET_AFTER_BYTES ? bytes : 0;
  }

  /**
   * The rate of a {@link Kind#BANDWIDTH} condition.
   *
   * @return bytes per second per connection and direction, zero for other kinds
   */
  public long bytesPerSecond() {
    return kind == Kind.BANDWIDTH ? bytes : 0;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Fault)) {
      return false;
    }
    Fault that = (Fault) other;
    return kind == that.kind && bytes == that.bytes && delay.equals(that.delay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, delay, bytes);
  }

  @Override
  public String toString() {
    switch (kind) {
      case LATENCY:
        return "LATENCY(" + delay.toMillis() + " ms)";
      case RESET_AFTER_BYTES:
        return "RESET_AFTER_BYTES(" + bytes + ")";
      case BANDWIDTH:
        return "BANDWIDTH(" + bytes + " B/s)";
      default:
        return kind.name();
    }
  }
}
