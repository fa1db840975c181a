package io.github.s3failover.route53;

import io.github.s3failover.route53.fake.FakeRoute53;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.route53.Route53Client;

/** A fresh fake Route 53 holding the test zone, and a client of it, for each test. */
abstract class FakeRoute53Test {
  FakeRoute53 fake;
  Route53Client client;

  @BeforeEach
  void startFakeRoute53() {
    fake = FakeRoute53.start();
    fake.addZone(Fixtures.ZONE_ID, Fixtures.ZONE);
    client = Fixtures.client(fake);
  }

  @AfterEach
  void stopFakeRoute53() {
    client.close();
    fake.close();
  }
}
