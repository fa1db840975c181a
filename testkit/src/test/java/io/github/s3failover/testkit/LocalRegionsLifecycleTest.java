package io.github.s3failover.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.ConnectException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs a test class through the JUnit engine to see what the extension leaves behind. */
@Timeout(30)
class LocalRegionsLifecycleTest {

  private static final AtomicReference<TestRegions> SEEN = new AtomicReference<>();

  @Test
  void regionsAndProxiesAreClosedAfterTheClass() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(Fixture.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(1).succeeded(1));

    TestRegions regions = SEEN.get();
    assertThat(regions).isNotNull();
    TestRegion primary = regions.primary();
    assertThat(primary.region().isRunning()).isFalse();
    assertThatThrownBy(() -> new Socket("127.0.0.1", primary.tcp().port()).close())
        .isInstanceOf(ConnectException.class);
    assertThatThrownBy(() -> new Socket("127.0.0.1", primary.region().port()).close())
        .isInstanceOf(ConnectException.class);
  }

  /** Not run by Surefire on its own: nested classes are excluded by default. */
  @LocalRegions(count = 1)
  static class Fixture {
    @Test
    void seesOneRegion(TestRegions regions) {
      assertThat(regions.all()).hasSize(1);
      assertThat(regions.primary().region().isRunning()).isTrue();
      SEEN.set(regions);
    }
  }
}
