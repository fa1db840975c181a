package io.github.s3failover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FailoverQuickStartTest {

  @Test
  @Timeout(60)
  void theRehearsalServesEveryReadAndUsesBothRegions() throws Exception {
    ByteArrayOutputStream timeline = new ByteArrayOutputStream();
    FailoverQuickStart.Summary summary =
        FailoverQuickStart.run(
            Duration.ofSeconds(9), new PrintStream(timeline, true, StandardCharsets.UTF_8));

    assertThat(summary.failedReads()).isZero();
    assertThat(summary.reads()).isPositive();
    assertThat(summary.servedBy()).containsKeys("primary", "secondary");
    assertThat(summary.failedOver()).isPositive();
    assertThat(timeline.toString(StandardCharsets.UTF_8))
        .contains("primary down")
        .contains("primary back");
  }
}
