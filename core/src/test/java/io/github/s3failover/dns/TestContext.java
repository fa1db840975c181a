package io.github.s3failover.dns;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.PreferenceContext;
import io.github.s3failover.event.FailoverEvent;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/** Two regions named by DNS as "data-ID.s3.example.test"; records the events published. */
final class TestContext implements PreferenceContext {
  static final String NAME = "app.example.test";
  static final String PRIMARY_HOST = "data-primary.s3.example.test";
  static final String SECONDARY_HOST = "data-secondary.s3.example.test";

  final List<FailoverEvent> events = new CopyOnWriteArrayList<>();
  volatile boolean failToPublish;
  private final List<FailoverRegion> regions =
      List.of(region("primary", PRIMARY_HOST), region("secondary", SECONDARY_HOST));

  private static FailoverRegion region(String id, String host) {
    return FailoverRegion.builder(id).awsRegion(Region.US_EAST_1).hostNames(host).build();
  }

  @Override
  public List<FailoverRegion> regions() {
    return regions;
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public void publish(FailoverEvent event) {
    events.add(event);
    if (failToPublish) {
      throw new IllegalStateException("a listener broke");
    }
  }

  <E extends FailoverEvent> List<E> events(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }
}
