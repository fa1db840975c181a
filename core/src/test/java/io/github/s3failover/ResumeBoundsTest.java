package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.Operation;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A broken GetObject body is resumed a bounded number of times per call, however it breaks. */
@LocalRegions(count = 2)
@Timeout(60)
class ResumeBoundsTest {
  private final Fixture fixture = new Fixture();

  @Test
  void aBodyCutAgainAndAgainIsResumedAtMostThreeTimesInAll(TestRegions regions) {
    byte[] content = new byte[1024 * 1024];
    Fixture.seed(regions, "big", content);
    try (FailoverS3Client client = fixture.builder(regions).build()) {
      for (TestRegion region : regions.all()) {
        region.tcp().resetAfterBytes(50_000);
        region.region().resetCounters();
      }
      long[] read = {0};
      assertThatThrownBy(
              () -> {
                try (InputStream in = client.getObject(b -> b.bucket(Fixture.BUCKET).key("big"))) {
                  byte[] buffer = new byte[8192];
                  for (int n; (n = in.read(buffer)) >= 0; ) {
                    read[0] += n;
                  }
                }
              })
          .isInstanceOf(IOException.class);
      long gets =
          regions.primary().region().requestCount(Operation.GET_OBJECT)
              + regions.secondary().region().requestCount(Operation.GET_OBJECT);
      // The first GET and three resumes; a resume is a call of its own, which may itself fail
      // over once (a pooled connection cut before its headers), but never resumes again.
      assertThat(gets).as("GETs for one read").isBetween(4L, 1L + 3 * regions.size());
      assertThat(read[0]).as("bytes read before giving up").isBetween(3 * 40_000L, 4 * 50_000L);
    }
  }
}
