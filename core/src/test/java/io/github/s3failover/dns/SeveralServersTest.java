package io.github.s3failover.dns;

import static io.github.s3failover.dns.TestContext.NAME;
import static io.github.s3failover.dns.TestContext.PRIMARY_HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.testkit.LocalDnsServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With several DNS servers, a silent one costs one query timeout, not the whole lookup. */
@Timeout(30)
class SeveralServersTest {

  @Test
  void aSilentFirstServerDoesNotCostTheFirstLookup() throws Exception {
    try (LocalDnsServer dns = LocalDnsServer.open();
        // Bound but never answering: a server that is down without refusing.
        DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      dns.setCname(NAME, PRIMARY_HOST, Duration.ofSeconds(30));
      // dnsjava asks the servers of a new resolver in random order: several fresh preferences
      // make sure the silent server comes first for some of them.
      for (int i = 0; i < 4; i++) {
        DnsRegionPreference preference =
            DnsRegionPreference.builder(NAME)
                .servers("127.0.0.1:" + silent.getLocalPort(), dns.hostPort())
                .queryTimeout(Duration.ofMillis(300))
                .startTimeout(Duration.ofSeconds(5))
                .build();
        try {
          preference.start(new TestContext());
          assertThat(preference.preferredRegion()).as("lookup %d", i).contains("primary");
        } finally {
          preference.close();
        }
      }
    }
  }
}
