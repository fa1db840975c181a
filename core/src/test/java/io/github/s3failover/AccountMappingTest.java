package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A DR bucket often lives in another account: the ExpectedBucketOwner of a call that moves region
 * names that region's account, or the call would get 403 there (and the 403 would look like a
 * healthy answer).
 */
@LocalRegions(count = 2)
@Timeout(30)
class AccountMappingTest {
  private static final Map<String, String> ACCOUNTS =
      Map.of("primary", "111111111111", "secondary", "222222222222");

  private final Fixture fixture = new Fixture();
  private final List<String> sentToSecondary = new CopyOnWriteArrayList<>();

  @Test
  void expectedOwnersAreMappedToTheAccountOfTheRegionThatServes(TestRegions regions) {
    Fixture.seed(regions, "seed", Fixture.bytes("s"));
    try (FailoverS3Client client =
        fixture.builder(regions, this::declareAccount).writePolicy(WritePolicy.FAILOVER).build()) {
      regions.primary().tcp().refuse();

      client.headObject(
          b -> b.bucket(Fixture.BUCKET).key("seed").expectedBucketOwner(ACCOUNTS.get("primary")));
      client.copyObject(
          b ->
              b.sourceBucket(Fixture.BUCKET)
                  .sourceKey("seed")
                  .destinationBucket(Fixture.BUCKET)
                  .destinationKey("copy")
                  .expectedBucketOwner(ACCOUNTS.get("primary"))
                  .expectedSourceBucketOwner(ACCOUNTS.get("primary")));
      // An owner that names no configured region's account is the application's own business.
      client.headObject(b -> b.bucket(Fixture.BUCKET).key("seed").expectedBucketOwner("333"));
    }
    assertThat(sentToSecondary)
        .containsExactly(
            "owner=222222222222", "owner=222222222222 source=222222222222", "owner=333");
  }

  private void declareAccount(TestRegion region, FailoverRegion.Builder config) {
    config.accountId(ACCOUNTS.get(region.name()));
    if (region.name().equals("secondary")) {
      config.clientCustomizer(
          b -> b.overrideConfiguration(o -> o.addExecutionInterceptor(new Capture())));
    }
  }

  /** Records the owner headers that reach the secondary's HTTP layer. */
  private final class Capture implements ExecutionInterceptor {
    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      var headers = context.httpRequest().headers();
      String owner =
          headers.getOrDefault("x-amz-expected-bucket-owner", List.of()).stream()
              .findFirst()
              .orElse(null);
      String source =
          headers.getOrDefault("x-amz-source-expected-bucket-owner", List.of()).stream()
              .findFirst()
              .orElse(null);
      sentToSecondary.add("owner=" + owner + (source == null ? "" : " source=" + source));
    }
  }
}
