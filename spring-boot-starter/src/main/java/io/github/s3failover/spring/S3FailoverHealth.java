package io.github.s3failover.spring;

import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.FailoverStatus;
import io.github.s3failover.RegionPreference;
import io.github.s3failover.dns.DnsRegionPreference;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the health indicator reports, apart from Spring Boot's health types, whose package differs
 * between Boot 3 and 4 (decision 0007): each Boot generation has a small indicator that calls this.
 */
final class S3FailoverHealth {
  private final FailoverS3Client client;
  private final RegionPreference preference;

  S3FailoverHealth(FailoverS3Client client, RegionPreference preference) {
    this.client = client;
    this.preference = preference;
  }

  /**
   * Returns whether a region can serve: false only when every breaker is open. One failed region is
   * the situation the client exists for, so it is reported in the details, not as DOWN.
   */
  boolean up(FailoverStatus status) {
    return status.anyRegionAvailable();
  }

  FailoverStatus status() {
    return client.status();
  }

  Map<String, Object> details(FailoverStatus status) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("preferredRegion", status.preferredRegion());
    details.put("activeRegion", status.activeRegion() == null ? "none yet" : status.activeRegion());
    Map<String, String> breakers = new LinkedHashMap<>();
    status.breakers().forEach((region, state) -> breakers.put(region, state.name()));
    details.put("breakers", breakers);
    if (preference instanceof DnsRegionPreference) {
      DnsRegionPreference dns = (DnsRegionPreference) preference;
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("preference", dns.toString());
      answer.put("region", dns.preferredRegion().orElse("none"));
      answer.put("answerAge", dns.answerAge().map(S3FailoverHealth::format).orElse("no answer"));
      details.put("dns", answer);
    }
    return details;
  }

  /** Whole milliseconds read better in JSON than a Duration's nanoseconds. */
  private static String format(Duration age) {
    return Duration.ofMillis(age.toMillis()).toString();
  }
}
