package io.github.s3failover.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * A real {@code SpringApplication} with a bad property: the failure analyzer, found through {@code
 * META-INF/spring.factories}, prints a report that names the property.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {

  @Test
  void theStartupReportNamesTheBadProperty(CapturedOutput output) {
    SpringApplicationBuilder app =
        new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE)
            .properties(S3FailoverAutoConfigurationTest.TWO_REGIONS)
            .properties("s3.failover.connect-timeout=-2s");

    assertThatThrownBy(app::run).hasRootCauseInstanceOf(IllegalArgumentException.class);

    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains("property 's3.failover.connect-timeout' is invalid")
        .contains("connectTimeout is PT-2S; use a duration above zero");
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(S3FailoverAutoConfiguration.class)
  static class App {}
}
