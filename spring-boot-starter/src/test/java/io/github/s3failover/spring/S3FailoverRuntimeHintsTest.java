package io.github.s3failover.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.FailoverRegion;
import io.github.s3failover.FailoverS3Client;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The runtime hints cover what the library does reflectively at run time, checked against the
 * client core really builds: a native image of the application would otherwise fail on the first S3
 * call (missing proxy class) or on binding {@code s3.failover.*}.
 */
class S3FailoverRuntimeHintsTest {

  private static RuntimeHints registered() {
    RuntimeHints hints = new RuntimeHints();
    new S3FailoverRuntimeHints()
        .registerHints(hints, S3FailoverRuntimeHintsTest.class.getClassLoader());
    return hints;
  }

  @Test
  void theDispatchProxyThatCoreCreatesIsRegistered() {
    RuntimeHints hints = registered();
    try (FailoverS3Client client =
        FailoverS3Client.builder()
            .addRegion(
                FailoverRegion.builder("only")
                    .awsRegion(Region.US_EAST_1)
                    .endpointOverride(URI.create("http://127.0.0.1:9"))
                    .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "key")))
                    .build())
            .build()) {
      Class<?> delegate = client.delegate().getClass();

      assertThat(Proxy.isProxyClass(delegate)).as("core routes through a JDK proxy").isTrue();
      assertThat(RuntimeHintsPredicates.proxies().forInterfaces(delegate.getInterfaces()))
          .as("proxy of %s", Arrays.toString(delegate.getInterfaces()))
          .accepts(hints);
    }
  }

  @Test
  void everyS3ClientMethodTheProxyForwardsMayBeInvokedReflectively() {
    RuntimeHints hints = registered();
    List<Method> methods =
        Arrays.stream(S3Client.class.getMethods())
            .filter(m -> !Modifier.isStatic(m.getModifiers()))
            .toList();

    assertThat(methods).hasSizeGreaterThan(100);
    for (Method method : methods) {
      assertThat(HintsProbe.invocable(method)).as(method.toString()).accepts(hints);
    }
  }

  @Test
  void thePropertiesCanBeBoundWithoutReflectionConfiguration() throws Exception {
    RuntimeHints hints = registered();

    assertThat(HintsProbe.invocable(S3FailoverProperties.class, "setRegions")).accepts(hints);
    assertThat(HintsProbe.invocable(S3FailoverRegionProperties.class.getConstructor()))
        .accepts(hints);
    assertThat(HintsProbe.invocable(S3FailoverRegionProperties.class, "setBuckets")).accepts(hints);
    assertThat(HintsProbe.invocable(S3FailoverDnsProperties.class, "setName")).accepts(hints);
    assertThat(HintsProbe.invocable(S3FailoverAsyncProperties.class, "setAttemptTimeout"))
        .accepts(hints);
    assertThat(HintsProbe.invocable(S3FailoverBreakerProperties.class, "setWaitInOpen"))
        .accepts(hints);
  }

  @Test
  void springAotFindsTheHintsThroughAotFactories() {
    List<RuntimeHintsRegistrar> registrars =
        SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
            .load(RuntimeHintsRegistrar.class);

    assertThat(registrars).hasAtLeastOneElementOfType(S3FailoverRuntimeHints.class);
  }
}
