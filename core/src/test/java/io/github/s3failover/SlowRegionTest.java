package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.event.CallFailedOverEvent;
import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;

/** A region that answers, but too slowly, is failed over when an attempt timeout is set. */
@LocalRegions(count = 2)
@Timeout(30)
class SlowRegionTest {

  @Test
  void anAttemptTimeoutMovesAReadAwayFromASlowRegion(TestRegions regions) {
    Fixture.seed(regions, "slow", Fixture.bytes("tortoise"));
    Fixture fixture = new Fixture();
    try (FailoverS3Client client =
        fixture
            .builder(regions, r -> r.http().endpoint())
            .readTimeout(Duration.ofSeconds(10))
            .attemptTimeout(Duration.ofMillis(1000))
            .build()) {
      regions.primary().http().slowResponses(Duration.ofSeconds(3));

      byte[] read = client.getObjectAsBytes(b -> b.bucket("data").key("slow")).asByteArray();

      assertThat(new String(read)).isEqualTo("tortoise");
      assertThat(regions.secondary().region().requestCount(Operation.GET_OBJECT)).isEqualTo(1);
      assertThat(fixture.events(CallFailedOverEvent.class))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.fromRegion()).isEqualTo("primary");
                assertThat(e.cause()).isInstanceOf(ApiCallAttemptTimeoutException.class);
              });
    }
  }
}
