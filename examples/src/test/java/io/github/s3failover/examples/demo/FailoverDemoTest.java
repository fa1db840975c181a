package io.github.s3failover.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class FailoverDemoTest {

  @Test
  @Timeout(90) // starts two regions, a local Route 53 and the SDK on a shared 2-core machine
  void theShortDemoServesEveryReadThroughTheOutageAndWritesItsChart(@TempDir Path dir)
      throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Path chart = dir.resolve("demo.html");

    FailoverDemo.Result result =
        FailoverDemo.run(
            14,
            Duration.ofMillis(300),
            chart,
            new PrintStream(console, true, StandardCharsets.UTF_8));

    assertThat(result.readErrors()).as("failed reads").isZero();
    assertThat(result.reads()).isPositive();
    assertThat(result.writes()).isPositive();
    String timeline = console.toString(StandardCharsets.UTF_8);
    assertThat(timeline)
        .contains("primary black-holed", "DNS -> secondary", "primary back", "DNS -> primary");
    // The flips come from LocalRoute53's health checkers, not from a script.
    assertThat(timeline.indexOf("checkers declared primary unhealthy"))
        .isPositive()
        .isLessThan(timeline.indexOf("answer changed: DNS -> secondary"));
    assertThat(timeline.indexOf("checkers declared primary healthy"))
        .isGreaterThan(timeline.indexOf("primary back"))
        .isLessThan(timeline.indexOf("answer changed: DNS -> primary"));
    assertThat(chart).exists();
    assertThat(Files.readString(chart))
        .contains("<svg", "served by secondary", "DNS -&gt; secondary");
  }
}
