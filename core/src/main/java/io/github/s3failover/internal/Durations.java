package io.github.s3failover.internal;

import java.time.Duration;

/**
 * Checks of the durations that builders take, with the one message each shape of mistake gets
 * wherever it is made: the setting's name, the value given, and what to give instead.
 */
@InternalApi
public final class Durations {
  private Durations() {}

  /**
   * Checks a duration above zero.
   *
   * @param d the duration
   * @param setting its name, for the message
   * @return d
   * @throws IllegalArgumentException if d is null, zero or negative
   */
  public static Duration positive(Duration d, String setting) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(setting + " is " + d + "; use a duration above zero");
    }
    return d;
  }

  /**
   * Checks a duration of zero or more.
   *
   * @param d the duration
   * @param setting its name, for the message
   * @return d
   * @throws IllegalArgumentException if d is null or negative
   */
  public static Duration nonNegative(Duration d, String setting) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(setting + " is " + d + "; use zero or more");
    }
    return d;
  }
}
