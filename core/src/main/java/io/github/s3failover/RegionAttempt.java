package io.github.s3failover;

/**
 * What happened to one call in one region: the failure it met there, or why it was not tried.
 *
 * @param region the region's id
 * @param tried false when the region was skipped because its circuit breaker was open
 * @param failure the failure in that region, or the breaker's refusal when not tried
 */
public record RegionAttempt(String region, boolean tried, Throwable failure) {

  /**
   * Describes the attempt in one line, for error messages.
   *
   * @return for example {@code primary: connection refused} or {@code primary: not tried (circuit
   *     breaker OPEN)}
   */
  public String describe() {
    if (!tried) {
      return region + ": not tried (" + failure.getMessage() + ")";
    }
    return region + ": " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }
}
