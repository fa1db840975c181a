package io.github.s3failover.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.s3failover.FailoverS3Client;
import io.github.s3failover.S3FailoverException;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What the write-policy property and a region customizer do to the client's traffic, against two
 * local regions that each accept only their own key pair: not what the beans hold, but which writes
 * the regions get and which signatures they accept.
 */
@Timeout(60)
class PropertiesAndCustomizersOnLocalRegionsTest {
  private static TestRegions regions;

  @BeforeAll
  static void start() {
    regions = MediaRegions.start(false);
  }

  @AfterAll
  static void stop() {
    regions.close();
  }

  @BeforeEach
  void reset() {
    regions.reset();
  }

  private static TestRegion region(String id) {
    return regions.all().stream().filter(r -> r.name().equals(id)).findFirst().orElseThrow();
  }

  /** No DNS: the primary is preferred by priority. Each region signs with its own key pair. */
  private ApplicationContextRunner runner(String... more) {
    List<String> props = new ArrayList<>();
    for (TestRegion region : regions.all()) {
      props.addAll(MediaRegions.properties(region, MediaRegions.awsRegion(region)));
    }
    props.add("s3.failover.read-timeout=1s");
    props.addAll(List.of(more));
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(S3FailoverAutoConfiguration.class))
        .withPropertyValues(props.toArray(String[]::new));
  }

  private static S3FailoverRegionCustomizer ownCredentials() {
    return (id, region) -> region.credentialsProvider(region(id).credentials());
  }

  private static void write(FailoverS3Client s3, String key) {
    s3.putObject(b -> b.bucket("media").key(key), RequestBody.fromString("v"));
  }

  @Test
  void underTheDefaultPolicyAWriteIsRefusedWhileThePrimaryIsDownAndNeverSentElsewhere() {
    runner()
        .withBean(
            S3FailoverRegionCustomizer.class,
            PropertiesAndCustomizersOnLocalRegionsTest::ownCredentials)
        .run(
            context -> {
              FailoverS3Client s3 = context.getBean(FailoverS3Client.class);
              write(s3, "while-up");
              assertThat(regions.primary().region().objectExists("media-primary", "while-up"))
                  .isTrue();

              regions.primary().tcp().refuse();
              assertThat(catchThrowable(() -> write(s3, "while-down")))
                  .isInstanceOf(S3FailoverException.class);
              assertThat(regions.secondary().region().objectExists("media-secondary", "while-down"))
                  .isFalse();
              assertThat(
                      regions
                          .secondary()
                          .tcp()
                          .requestsEntered("PUT", "/media-secondary/while-down"))
                  .isZero();
            });
  }

  @Test
  void writePolicyFailoverSendsTheWriteToTheSecondaryWhileThePrimaryIsDown() {
    runner("s3.failover.write-policy=failover")
        .withBean(
            S3FailoverRegionCustomizer.class,
            PropertiesAndCustomizersOnLocalRegionsTest::ownCredentials)
        .run(
            context -> {
              FailoverS3Client s3 = context.getBean(FailoverS3Client.class);
              regions.primary().tcp().refuse();
              write(s3, "moved");
              assertThat(regions.secondary().region().objectExists("media-secondary", "moved"))
                  .isTrue();
              assertThat(regions.primary().region().objectExists("media-primary", "moved"))
                  .isFalse();
            });
  }

  @Test
  void theCredentialsACustomizerSetsAreTheOnesEachRegionsClientSignsWith() {
    runner()
        .withBean(
            S3FailoverRegionCustomizer.class,
            PropertiesAndCustomizersOnLocalRegionsTest::ownCredentials)
        .run(
            context -> {
              FailoverS3Client s3 = context.getBean(FailoverS3Client.class);
              assertThat(read(s3)).isEqualTo("meow");
              // The secondary accepts only its own key pair: a read there proves it got it.
              regions.primary().tcp().refuse();
              assertThat(read(s3)).isEqualTo("meow");
              // Health probes (HEAD) reach every region too; the read is the one GetObject.
              assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT))
                  .isEqualTo(1);
            });

    String wrongSecret = "wrong" + regions.primary().region().secretKey().substring(5);
    runner()
        .withBean(
            S3FailoverRegionCustomizer.class,
            () ->
                (id, region) ->
                    region.credentialsProvider(
                        StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(
                                region(id).region().accessKey(), wrongSecret))))
        .run(
            context -> {
              FailoverS3Client s3 = context.getBean(FailoverS3Client.class);
              Throwable failure = catchThrowable(() -> read(s3));
              assertThat(failure).isInstanceOf(S3Exception.class);
              S3Exception e = (S3Exception) failure;
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            });
  }

  private static String read(FailoverS3Client s3) {
    return s3.getObjectAsBytes(b -> b.bucket("media").key("cat")).asUtf8String();
  }
}
