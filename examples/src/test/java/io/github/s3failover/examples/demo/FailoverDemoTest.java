package io.github.s3failover.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short demo achieves what it shows, read from the timeline it returns (not from what it
 * prints): reads served by the secondary while the primary is down, the preference following the
 * DNS record both ways, failback to the primary, and writes refused only while the primary is down
 * and still preferred.
 */
class FailoverDemoTest {

  @Test
  @Timeout(90) // starts two regions, a local Route 53 and the SDK on a shared 2-core machine
  void theShortDemoServesEveryReadThroughTheOutageFollowsDnsAndFailsBack(@TempDir Path dir)
      throws Exception {
    Path chart = dir.resolve("demo.html");

    FailoverDemo.Result result =
        FailoverDemo.run(
            14,
            Duration.ofMillis(300),
            chart,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    FailoverDemo.Script script = result.script();
    List<Timeline.Sample> seconds = result.timeline();
    assertThat(seconds).hasSize(14);
    assertThat(script.primaryDown()).isLessThan(script.dnsToSecondary());
    assertThat(script.dnsToSecondary()).isLessThan(script.primaryBack());
    assertThat(script.primaryBack()).isLessThan(script.dnsToPrimary());
    assertThat(script.dnsToPrimary()).isLessThan(seconds.size() - 1);
    // The record moves because LocalRoute53's checkers declared the primary down, then up.
    assertThat(seconds.get(script.dnsToSecondary() - 1).event())
        .contains("checkers declared primary unhealthy")
        .contains("answer changed: DNS -> secondary");
    assertThat(seconds.get(script.dnsToPrimary() - 1).event())
        .contains("checkers declared primary healthy")
        .contains("answer changed: DNS -> primary");

    assertThat(result.readErrors()).as("failed reads").isZero();
    assertThat(result.reads()).isPositive();
    for (Timeline.Sample s : seconds) {
      assertThat(s.readErrors()).as("failed reads by second %d", s.second()).isZero();
      int t = s.second();
      // Before the outage nothing is asserted about who served: on a loaded machine the first,
      // cold calls can miss the read timeout and fail over.
      if (t > script.primaryDown() && t < script.primaryBack()) {
        assertThat(s.primary()).as("primary served in second %d, while down", t).isZero();
        assertThat(s.secondary())
            .as("secondary served in second %d, while the primary was down", t)
            .isPositive();
        assertThat(s.active()).as("active region in second %d", t).isEqualTo("secondary");
      }
      // The preference is the DNS record's, one TTL (1 s) after each flip. The checkers move the
      // record at any time during its second, so the second after it may still be within the TTL.
      if (t < script.dnsToSecondary()) {
        assertThat(s.preferred()).as("preferred in second %d", t).isEqualTo("primary");
      } else if (t > script.dnsToSecondary() + 1 && t < script.dnsToPrimary()) {
        assertThat(s.preferred()).as("preferred in second %d", t).isEqualTo("secondary");
      } else if (t > script.dnsToPrimary() + 1) {
        assertThat(s.preferred()).as("preferred in second %d", t).isEqualTo("primary");
      }
    }

    // Failed back: by the end the primary serves everything again.
    Timeline.Sample last = seconds.get(seconds.size() - 1);
    assertThat(last.active()).isEqualTo("primary");
    assertThat(last.primary()).isPositive();
    assertThat(last.secondary()).isZero();

    // PRIMARY_ONLY: writes are refused while the preferred region is the primary and it is down
    // (from the black hole until the record moves), and never at any other time but one: the
    // checkers can return the record to the primary before this client's breaker has closed
    // again, and writes then wait for its next probe (within that second or the next).
    assertThat(result.writesRefused()).as("writes refused").isPositive();
    long refusedBefore = 0;
    for (Timeline.Sample s : seconds) {
      long refused = s.writesRefused() - refusedBefore;
      refusedBefore = s.writesRefused();
      boolean outage =
          s.second() >= script.primaryDown() && s.second() <= script.dnsToSecondary() + 2;
      boolean recordBack =
          s.second() >= script.dnsToPrimary() && s.second() <= script.dnsToPrimary() + 1;
      if (!outage && !recordBack) {
        assertThat(refused)
            .as(
                "writes refused in second %d (script %s), timeline:%n%s",
                s.second(), script, table(seconds))
            .isZero();
      }
    }
    assertThat(refusedBefore).isEqualTo(result.writesRefused());
    assertThat(result.writes()).as("writes accepted").isPositive();

    String html = Files.readString(chart);
    assertThat(html).contains("<svg");
    // Every event is numbered on the chart and spelled out below it (labels side by side overlap).
    List<Timeline.Sample> events =
        seconds.stream().filter(s -> !s.event().isEmpty()).collect(Collectors.toList());
    assertThat(events).isNotEmpty();
    for (int n = 1; n <= events.size(); n++) {
      Timeline.Sample e = events.get(n - 1);
      assertThat(html)
          .contains("fill='white' text-anchor='middle'>" + n + "</text>")
          .contains("<li>t = " + e.second() + " s: ");
    }
  }

  private static String table(List<Timeline.Sample> seconds) {
    StringBuilder out = new StringBuilder();
    seconds.forEach(s -> out.append(s).append(System.lineSeparator()));
    return out.toString();
  }
}
