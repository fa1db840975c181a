package example.plain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.s3failover.micrometer.S3FailoverMetrics;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quick start on two local regions from the published testkit: the primary refuses connections, reads go on. */
class QuickStartTest {

  @Test
  void readsGoOnInTheSecondaryWhenThePrimaryRefusesAndTheMetersSayIt() {
    try (TestRegions regions = TestRegions.start(2, true)) {
      for (TestRegion region : regions.all()) {
        region.region().createBucket("media-" + region.name());
      }
      List<Map.Entry<String, URI>> endpoints =
          regions.all().stream().map(r -> Map.entry(r.name(), r.endpoint())).toList();
      try (MediaStore store = new MediaStore(endpoints, regions.primary().credentials())) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        store.metrics().bindTo(registry);
        store.put("cat", "meow");
        regions.secondary().region().putObject("media-secondary", "cat", "meow".getBytes());
        assertEquals("meow", store.get("cat"));

        regions.primary().tcp().refuse();
        for (int i = 0; i < 5; i++) {
          assertEquals("meow", store.get("cat"));
        }

        assertEquals("secondary", store.client().status().activeRegion());
        assertEquals(
            1.0,
            registry
                .get(S3FailoverMetrics.BREAKER_STATE)
                .tags("region", "primary", "state", "open")
                .gauge()
                .value());
        assertEquals(
            1.0,
            registry
                .get(S3FailoverMetrics.SWITCHES)
                .tags("from", "primary", "to", "secondary", "reason", "region_unhealthy")
                .counter()
                .count());
      }
    }
  }
}
