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
    for (int i = 0; i < 25; i++) {
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
    // zone, records, health checks, 3 batches of tags
    assertThat(at).hasSizeGreaterThanOrEqualTo(6);
    for (int i = 5; i < at.size(); i++) {
      assertThat(at.get(i) - at.get(i - 5))
          .as("6 requests within a second: %s", at)
          .isGreaterThanOrEqualTo(1000 - 20);
    }
  }
}
