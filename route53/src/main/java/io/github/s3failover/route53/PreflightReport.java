package io.github.s3failover.route53;

import java.util.List;

/**
 * The findings of a {@link BucketPreflight}, PRIMARY's first.
 *
 * @param findings every check's result
 */
public record PreflightReport(List<Finding> findings) {

  // Copies the findings.
  public PreflightReport {
    findings = List.copyOf(findings);
  }

  /**
   * Whether nothing is an ERROR (warnings allowed).
   *
   * @return true if the buckets can serve a failover
   */
  public boolean passed() {
    return findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
  }

  /**
   * The findings of a severity.
   *
   * @param severity the severity
   * @return those findings
   */
  public List<Finding> findings(Finding.Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).toList();
  }

  /**
   * A readable report, one line per finding with its fix indented below.
   *
   * @return the text, ending with a newline
   */
  public String render() {
    StringBuilder out = new StringBuilder("Bucket preflight:\n");
    for (Finding f : findings) {
      out.append(
          String.format("  %-7s %-9s %-18s %s%n", f.severity(), f.role(), f.check(), f.message()));
      f.fix().ifPresent(fix -> out.append("          fix: ").append(fix).append('\n'));
    }
    out.append(
        passed()
            ? "Preflight passed"
                + (findings(Finding.Severity.WARNING).isEmpty() ? ".\n" : " with warnings.\n")
            : "Preflight FAILED: " + findings(Finding.Severity.ERROR).size() + " error(s).\n");
    return out.toString();
  }
}
