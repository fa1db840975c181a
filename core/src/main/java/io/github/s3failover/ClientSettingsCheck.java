package io.github.s3failover;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the settings of a {@link FailoverS3ClientBuilder}: each setter's argument, and at {@code
 * build()} whether they fit together, with a message that names the problem and the fix; and what
 * they come to where that needs a check (the bucket the health probes read).
 */
final class ClientSettingsCheck {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverS3ClientBuilder.class);

  private ClientSettingsCheck() {}

  /** Checks the regions and breaker settings, and returns the regions in priority order. */
  static List<FailoverRegion> checkedRegions(
      List<FailoverRegion> regions,
      List<String> priority,
      CircuitBreakerConfig breakerConfig,
      CircuitBreakerRegistry breakerRegistry) {
    List<FailoverRegion> ordered = orderedRegions(regions, priority);
    checkBuckets(ordered);
    if (breakerConfig != null && breakerRegistry != null) {
      throw new IllegalArgumentException(
          "both circuitBreakerConfig and circuitBreakerRegistry are set; set the configuration on"
              + " the registry, or drop the registry");
    }
    return ordered;
  }

  /** The logical bucket that holds the health object, or null when probes are off. */
  static String probeBucket(HealthProbes healthProbes, List<FailoverRegion> regions) {
    if (!healthProbes.enabled()) {
      return null;
    }
    if (healthProbes.bucket().isPresent()) {
      return healthProbes.bucket().get();
    }
    Set<String> mapped = regions.get(0).buckets().keySet();
    if (mapped.isEmpty()) {
      LOG.warn(
          "s3-failover: health probes are off: no bucket is mapped to probe. Name the bucket that"
              + " holds {} with healthProbes(HealthProbes.builder().bucket(\"...\").build()), or"
              + " turn them off with healthProbes(HealthProbes.disabled())",
          healthProbes.key());
      return null;
    }
    return mapped.iterator().next();
  }

  private static List<FailoverRegion> orderedRegions(
      List<FailoverRegion> regions, List<String> priority) {
    if (regions.isEmpty()) {
      throw new IllegalArgumentException(
          "no region configured; add at least two with addRegion(FailoverRegion.builder(id)...)"
              + " to fail over between them");
    }
    Map<String, FailoverRegion> byId = new LinkedHashMap<>();
    for (FailoverRegion region : regions) {
      if (byId.put(region.id(), region) != null) {
        throw new IllegalArgumentException(
            "region id '" + region.id() + "' is configured twice; give each region its own id");
      }
    }
    if (priority == null) {
      return List.copyOf(byId.values());
    }
    Set<String> given = new LinkedHashSet<>(priority);
    if (given.size() != priority.size() || !given.equals(byId.keySet())) {
      throw new IllegalArgumentException(
          "priority "
              + priority
              + " must name every configured region exactly once; configured: "
              + byId.keySet());
    }
    return priority.stream().map(byId::get).toList();
  }

  /**
   * A logical bucket mapped in some regions only would reach the others under its logical name,
   * which is almost never a bucket there.
   */
  private static void checkBuckets(List<FailoverRegion> regions) {
    Set<String> logical = new TreeSet<>();
    regions.forEach(r -> logical.addAll(r.buckets().keySet()));
    for (String bucket : logical) {
      List<String> missing =
          regions.stream()
              .filter(r -> !r.buckets().containsKey(bucket))
              .map(FailoverRegion::id)
              .toList();
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(
            "logical bucket '"
                + bucket
                + "' is mapped in some regions but not in "
                + missing
                + "; map it in every region with .bucket(\""
                + bucket
                + "\", \"<bucket in that region>\") (to the same name if that is its real name)");
      }
    }
  }
}
