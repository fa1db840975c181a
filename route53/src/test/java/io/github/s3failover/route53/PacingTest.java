package io.github.s3failover.route53;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.route53.Route53Client;

/** The production client keeps to about 5 Route 53 requests per second, as the account must. */
class PacingTest extends FakeRoute53Test {

  @Test
  void readingEveryHealthCheckAndItsTagsStaysUnderFiveRequestsPerSecond() {
    for (int i = 0; i < 45; i++) {
      fake.addForeignHealthCheck("host" + i + ".example.net", "Name", "other " + i);
    }
    // Warm up with the unpaced test client, so that slow first requests cannot pass for pacing.
    Fixtures.provisioner(Fixtures.spec().build(), client).plan();
    fake.wireMock().resetRequests();
    try (Route53Client paced =
        Route53Clients.create(
            fake.endpoint(),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "secret")))) {
      Fixtures.provisioner(Fixtures.spec().build(), paced).plan();
    }

    List<Long> at =
        fake.wireMock().getAllServeEvents().stream()
            .map(ServeEvent::getRequest)
            .map(r -> r.getLoggedDate().getTime())
            .sorted(Comparator.naturalOrder())
            .toList();
    // zone, records, health checks, 5 batches of tags
    assertThat(at).hasSizeGreaterThanOrEqualTo(8);
    long span = at.get(at.size() - 1) - at.get(0);
    // n requests at 5 per second take (n - 1) x 200 ms; allow 100 ms of arrival jitter.
    assertThat(span)
        .as("%d requests in %d ms: %s", at.size(), span, at)
        .isGreaterThanOrEqualTo((at.size() - 1) * 200L - 100);
  }
}
