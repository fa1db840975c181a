package io.github.s3failover.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The async regional clients repeat a request in place only when Netty reused a dead connection.
 */
class StaleConnectionTest {
  private static SdkClientException netty(String channel) {
    return SdkClientException.create(
        "Unable to execute HTTP request",
        new IOException(
            "The connection was closed during the request. The request will usually succeed on a"
                + " retry. Channel Information: ChannelDiagnostics(channel=[id: 0x1], "
                + channel
                + ")"));
  }

  @Test
  void aPooledConnectionClosedUnderTheRequestIsRetriedInPlace() {
    assertThat(
            AsyncRegionalClientFactory.isStaleConnection(
                netty("channelAge=PT0.05S, requestCount=2, responseCount=1")))
        .isTrue();
  }

  @Test
  void aFreshConnectionClosedUnderItsFirstRequestIsTheRegionsFailure() {
    assertThat(
            AsyncRegionalClientFactory.isStaleConnection(
                netty("channelAge=PT0.05S, requestCount=1, responseCount=0")))
        .isFalse();
    assertThat(
            AsyncRegionalClientFactory.isStaleConnection(
                SdkClientException.create("refused", new ConnectException("Connection refused"))))
        .isFalse();
  }
}
