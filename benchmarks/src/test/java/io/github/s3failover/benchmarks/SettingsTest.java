package io.github.s3failover.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The benchmark's settings: Route 53 modelled by default, measured with --route53=local. */
class SettingsTest {

  @Test
  void route53IsModelledByDefaultAsIntervalTimesThresholdPlusTheTtl() {
    Settings settings = Settings.parse("--hc-interval=30", "--hc-threshold=3");

    assertThat(settings.localRoute53()).isFalse();
    assertThat(settings.route53Delay()).isEqualTo(Duration.ofSeconds(30 * 3 + 60));
  }

  @Test
  void withALocalRoute53NothingIsModelled() {
    Settings settings = Settings.parse("--route53=local", "--hc-interval=10");

    assertThat(settings.localRoute53()).isTrue();
    assertThat(settings.route53Delay()).isZero();
  }

  @Test
  void anUnknownRoute53ModeNamesTheChoices() {
    assertThatThrownBy(() -> Settings.parse("--route53=aws"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--route53=aws: use local or modelled");
  }

  @Test
  void theAsyncRowsAreAddedOnlyWhenAsked() {
    assertThat(Settings.parse().async()).isFalse();
    assertThat(Settings.parse("--quick", "--async").async()).isTrue();
  }
}
