package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad probe and hedge settings fail where they are set, naming the setting and the fix. */
class ProbeAndHedgeSettingsTest {

  @Test
  void probeSettingsAreCheckedAndTheDefaultsProbeTheRoute53HealthObject() {
    HealthProbes defaults = HealthProbes.defaults();
    assertThat(defaults.enabled()).isTrue();
    assertThat(defaults.key()).isEqualTo("s3-failover-health.txt");
    assertThat(defaults.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(HealthProbes.disabled().enabled()).isFalse();

    assertThatThrownBy(() -> HealthProbes.builder().interval(Duration.ofMillis(10)))
        .hasMessageContaining("healthProbes interval")
        .hasMessageContaining("100 ms to 10 minutes");
    assertThatThrownBy(
            () ->
                HealthProbes.builder()
                    .interval(Duration.ofSeconds(1))
                    .timeout(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("not shorter than the interval");
    assertThatThrownBy(() -> HealthProbes.builder().key("/health"))
        .hasMessageContaining("without a leading '/'");
    assertThatThrownBy(() -> HealthProbes.builder().failuresToOpen(0))
        .hasMessageContaining("failuresToOpen is 0; use 1 to 100");
    assertThatThrownBy(() -> FailoverS3Client.builder().healthProbes(null))
        .hasMessageContaining("HealthProbes.disabled()");
  }

  @Test
  void hedgeSettingsAreChecked() {
    assertThat(HedgedReads.defaults().maxDelay()).isEqualTo(Duration.ofMillis(200));
    assertThat(HedgedReads.disabled().enabled()).isFalse();

    assertThatThrownBy(
            () ->
                HedgedReads.builder()
                    .minDelay(Duration.ofMillis(300))
                    .maxDelay(Duration.ofMillis(100))
                    .build())
        .hasMessageContaining("minDelay PT0.3S is above maxDelay PT0.1S");
    assertThatThrownBy(() -> HedgedReads.builder().budgetPercent(0))
        .hasMessageContaining("budgetPercent is 0.0");
    assertThatThrownBy(() -> HedgedReads.builder().percentile(20))
        .hasMessageContaining("use 50 to 100");
    assertThatThrownBy(() -> FailoverS3Client.builder().hedgedReads(null))
        .hasMessageContaining("HedgedReads.disabled()");
  }
}
