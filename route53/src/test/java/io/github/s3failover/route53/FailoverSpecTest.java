package io.github.s3failover.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The spec file: defaults, every field, and errors that name the field and the allowed values. */
class FailoverSpecTest {

  private static final String FULL =
      """
      hostedZone: example.com.
      recordName: S3.Example.com
      ttl: 20
      regions:
        - priority: primary
          awsRegion: us-east-1
          bucket: app-data-use1
          s3Endpoint: http://127.0.0.1:9000
          healthCheck:
            type: https
            healthObjectKey: health/ok.txt
            requestInterval: 10
            failureThreshold: 2
            checkerRegions: [us-east-1, us-west-2, eu-west-1]
            measureLatency: true
        - priority: secondary
          awsRegion: eu-west-1
          bucket: app-data-euw1
          endpoint: app-data-euw1.s3.eu-west-1.amazonaws.com
          setIdentifier: dr
          healthCheck:
            type: TCP
            port: 8443
      """;

  @Test
  void aFullSpecIsReadWithNamesNormalized() {
    FailoverSpec spec = FailoverSpec.parseYaml(FULL);

    assertThat(spec.hostedZone()).isEqualTo("example.com");
    assertThat(spec.recordName()).isEqualTo("s3.example.com");
    assertThat(spec.ttl()).isEqualTo(20);
    HealthCheckSpec check = spec.primary().healthCheck();
    assertThat(check.type()).isEqualTo(HealthCheckType.HTTPS);
    assertThat(check.port()).isEqualTo(443);
    assertThat(check.resourcePath()).contains("/health/ok.txt");
    assertThat(check.requestInterval()).isEqualTo(10);
    assertThat(check.failureThreshold()).isEqualTo(2);
    assertThat(check.checkerRegions()).containsExactly("us-east-1", "us-west-2", "eu-west-1");
    assertThat(check.measureLatency()).isTrue();
    assertThat(spec.primary().healthUrl())
        .isEqualTo(URI.create("http://127.0.0.1:9000/app-data-use1/health/ok.txt"));
    assertThat(spec.secondary().healthCheck().port()).isEqualTo(8443);
    assertThat(spec.secondary().healthCheck().resourcePath()).isEmpty();
  }

  @Test
  void theRecordsAreExposedAsValuesForADnsServerToServe() {
    List<FailoverRecord> records = FailoverSpec.parseYaml(FULL).records();

    assertThat(records)
        .containsExactly(
            new FailoverRecord(
                "s3.example.com",
                "CNAME",
                "primary-us-east-1",
                FailoverRole.PRIMARY,
                20,
                "app-data-use1.s3.us-east-1.amazonaws.com",
                Optional.empty()),
            new FailoverRecord(
                "s3.example.com",
                "CNAME",
                "dr",
                FailoverRole.SECONDARY,
                20,
                "app-data-euw1.s3.eu-west-1.amazonaws.com",
                Optional.empty()));
    assertThat(records.get(0).zoneFileLine())
        .isEqualTo("s3.example.com. 20 IN CNAME app-data-use1.s3.us-east-1.amazonaws.com.");
  }

  @Test
  void defaultsAreShortTtlHttpsOn443EveryThirtySecondsThreeFailures() {
    FailoverSpec spec = Fixtures.spec().build();

    assertThat(spec.ttl()).isEqualTo(30);
    HealthCheckSpec check = spec.secondary().healthCheck();
    assertThat(check.type()).isEqualTo(HealthCheckType.HTTPS);
    assertThat(check.port()).isEqualTo(443);
    assertThat(check.requestInterval()).isEqualTo(30);
    assertThat(check.failureThreshold()).isEqualTo(3);
    assertThat(check.checkerRegions()).isEmpty();
    assertThat(spec.secondary().healthUrl())
        .isEqualTo(
            URI.create("https://app-data-euw1.s3.eu-west-1.amazonaws.com/s3-failover-health.txt"));
  }

  @Test
  void everyBadFieldIsReportedWithItsPathAndTheAllowedValues() {
    String yaml =
        """
        hostedZone: example.com
        recordName: s3.example.com
        ttl: 300
        colour: blue
        regions:
          - priority: primary
            awsRegion: us-east-1
            bucket: App_Data
            healthCheck:
              type: ICMP
              requestInterval: 15
              failureThreshold: 11
              checkerRegions: [us-east-1, mars-north-1]
          - priority: secondary
            awsRegion: eu-west-1
            bucket: app-data-euw1
            healthCheck:
              port: many
        """;

    assertThatThrownBy(() -> FailoverSpec.parseYaml(yaml))
        .isInstanceOf(SpecException.class)
        .satisfies(
            e ->
                assertThat(((SpecException) e).problems())
                    .anyMatch(p -> p.startsWith("colour: unknown field; allowed: [hostedZone"))
                    .anyMatch(p -> p.startsWith("ttl: 300 is not allowed; allowed: 1-60"))
                    .anyMatch(p -> p.startsWith("regions[0].bucket: 'App_Data' is not a valid"))
                    .anyMatch(
                        p ->
                            p.equals(
                                "regions[0].healthCheck.type: 'ICMP' is not allowed; allowed:"
                                    + " [HTTPS, HTTP, TCP, CLOUDWATCH_METRIC, CALCULATED]"))
                    .anyMatch(
                        p -> p.startsWith("regions[1].healthCheck.port: 'many' is not a whole")));
  }

  @Test
  void healthCheckRangesNameTheirAllowedValues() {
    assertThatThrownBy(
            () -> HealthCheckSpec.builder().requestInterval(15).failureThreshold(0).build())
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("requestInterval: 15 is not allowed; allowed: 10, 30")
        .hasMessageContaining("failureThreshold: 0 is not allowed; allowed: 1-10");
    assertThatThrownBy(
            () -> HealthCheckSpec.builder().checkerRegions(List.of("us-east-1", "mars-1")).build())
        .hasMessageContaining("'mars-1' is not a Route 53 checker region; allowed: [us-east-1")
        .hasMessageContaining("at least 3 checker regions");
  }

  @Test
  void aCnameAtTheZoneApexIsRefused() {
    assertThatThrownBy(() -> Fixtures.spec().recordName("example.com").build())
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("recordName: 'example.com' is the zone apex; a CNAME cannot sit");
  }

  @Test
  void twoPrimariesAreRefused() {
    String yaml =
        """
        hostedZone: example.com
        recordName: s3.example.com
        regions:
          - {priority: primary, awsRegion: us-east-1, bucket: aaa-bucket}
          - {priority: primary, awsRegion: eu-west-1, bucket: bbb-bucket}
        """;

    assertThatThrownBy(() -> FailoverSpec.parseYaml(yaml))
        .hasMessageContaining("regions[1].priority: primary is used twice");
  }

  @Test
  void theNonPublicExampleSpecsAreValid() {
    FailoverSpec alarms = FailoverSpec.fromYaml(Path.of("failover.cloudwatch.example.yaml"));
    assertThat(alarms.primary().healthCheck().type()).isEqualTo(HealthCheckType.CLOUDWATCH_METRIC);
    assertThat(alarms.secondary().healthCheck().alarmName())
        .isEqualTo("s3-failover-canary-eu-west-1");
    assertThat(alarms.secondary().healthCheck().insufficientData())
        .isEqualTo(HealthCheckSpec.InsufficientData.UNHEALTHY);

    FailoverSpec calculated = FailoverSpec.fromYaml(Path.of("failover.calculated.example.yaml"));
    assertThat(calculated.primary().healthCheck().type()).isEqualTo(HealthCheckType.CALCULATED);
    assertThat(calculated.primary().healthCheck().alarmRegion()).isEqualTo("us-east-1");

    FailoverSpec policy = FailoverSpec.fromYaml(Path.of("failover.checker-policy.example.yaml"));
    assertThat(policy.primary().healthCheck().type()).isEqualTo(HealthCheckType.HTTPS);
  }

  @Test
  void aCloudWatchCheckNeedsItsAlarmAndOtherTypesRefuseOne() {
    assertThatThrownBy(
            () -> HealthCheckSpec.builder().type(HealthCheckType.CLOUDWATCH_METRIC).build())
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("alarmName: is required")
        .hasMessageContaining("alarmRegion: is required");
    assertThatThrownBy(() -> HealthCheckSpec.builder().alarm("a", "us-east-1").build())
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("alarmName: is for types CLOUDWATCH_METRIC and CALCULATED only");
  }

  @Test
  void theExampleSpecInTheReadmeIsValid() {
    FailoverSpec spec = FailoverSpec.fromYaml(Path.of("failover.example.yaml"));

    assertThat(spec.recordName()).isEqualTo("s3.example.com");
    assertThat(spec.secondary().endpoint())
        .isEqualTo("my-app-data-eu-west-1.s3.eu-west-1.amazonaws.com");
  }

  @Test
  void notYamlIsReportedAsSuch() {
    assertThatThrownBy(() -> FailoverSpec.parseYaml("hostedZone: [unclosed"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("not valid YAML");
  }
}
