package io.github.s3failover.route53;

import java.util.List;
import java.util.Optional;

/**
 * What Route 53 reports now for a spec: each region's health, and what the record answers.
 *
 * @param recordName the record
 * @param regions PRIMARY then SECONDARY
 * @param answer the CNAME target Route 53 answers with now (from its TestDNSAnswer API), if any
 * @param answeringRole the role whose endpoint that is, if it is one of ours
 * @param answerUnavailable why Route 53 cannot tell the answer, e.g. for a private zone
 */
public record ProvisioningStatus(
    String recordName,
    List<RegionHealth> regions,
    Optional<String> answer,
    Optional<FailoverRole> answeringRole,
    Optional<String> answerUnavailable) {

  // Copies the regions.
  public ProvisioningStatus {
    regions = List.copyOf(regions);
  }

  /**
   * Whether every region's health check exists and Route 53 decides it is healthy ({@link
   * RegionHealth.Verdict#UNKNOWN} counts as not healthy).
   *
   * @return true if all are healthy
   */
  public boolean allHealthy() {
    return regions.stream().allMatch(r -> r.healthCheckId().isPresent() && r.healthy());
  }

  /**
   * A readable report.
   *
   * @return the text, ending with a newline
   */
  public String render() {
    StringBuilder out = new StringBuilder("Route 53 status of ").append(recordName).append('\n');
    for (RegionHealth r : regions) {
      out.append(String.format("  %-9s ", r.role()));
      if (r.healthCheckId().isEmpty()) {
        out.append("no health check (run apply)\n");
        continue;
      }
      out.append(String.format("%-9s", r.verdict()))
          .append(" health check ")
          .append(r.healthCheckId().get())
          .append(": ")
          .append(r.checkersHealthy())
          .append('/')
          .append(r.checkersReporting())
          .append(" checkers' last results succeeded\n")
          .append("            ")
          .append(r.explanation())
          .append('\n');
      r.observations().forEach(o -> out.append("            ").append(o).append('\n'));
    }
    out.append("  answer    ");
    if (answerUnavailable.isPresent()) {
      return out.append(answerUnavailable.get()).append('\n').toString();
    }
    out.append(
            answer
                .map(
                    a ->
                        a
                            + answeringRole
                                .map(role -> " (" + role + ")")
                                .orElse(" (not one of the spec's endpoints)"))
                .orElse("none"))
        .append('\n');
    return out.toString();
  }
}
