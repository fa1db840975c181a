package io.github.s3failover.route53;

import java.util.List;

/**
 * A failover spec that cannot be used: each problem names the field (as a path in the spec file,
 * e.g. {@code regions[0].healthCheck.requestInterval}), the bad value and the allowed values.
 */
public final class SpecException extends IllegalArgumentException {

  /** Version of the serial form. */
  private static final long serialVersionUID = 1L;

  /** The problems, serialized with the exception. */
  private final List<String> problems;

  /**
   * Creates the exception.
   *
   * @param problems one line per problem, each naming its field
   */
  public SpecException(List<String> problems) {
    super(
        problems.size() == 1
            ? "invalid failover spec: " + problems.get(0)
            : "invalid failover spec:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * Creates the exception for one problem.
   *
   * @param field the field's path in the spec
   * @param problem what is wrong and what is allowed
   */
  public SpecException(String field, String problem) {
    this(List.of(field + ": " + problem));
  }

  /**
   * The problems, one per line, each starting with the field's path.
   *
   * @return an unmodifiable list
   */
  public List<String> problems() {
    return problems;
  }
}
