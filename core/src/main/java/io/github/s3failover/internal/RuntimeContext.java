package io.github.s3failover.internal;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.PreferenceContext;
import io.github.s3failover.event.FailoverEvent;
import java.time.Clock;
import java.util.List;

/** What a started preference sees of the client: its regions, its clock, its event hub. */
@InternalApi
public final class RuntimeContext implements PreferenceContext {
  private final List<FailoverRegion> regions;
  private final Events events;

  /**
   * Creates the context.
   *
   * @param regions the configured regions, in priority order
   * @param events the client's event hub
   */
  public RuntimeContext(List<FailoverRegion> regions, Events events) {
    this.regions = List.copyOf(regions);
    this.events = events;
  }

  @Override
  public List<FailoverRegion> regions() {
    return regions;
  }

  @Override
  public Clock clock() {
    return events.clock();
  }

  @Override
  public void publish(FailoverEvent event) {
    events.publish(event);
  }
}
