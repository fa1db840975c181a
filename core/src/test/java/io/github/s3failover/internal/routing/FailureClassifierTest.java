package io.github.s3failover.internal.routing;

import static io.github.s3failover.internal.routing.Routing.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.internal.routing.FailureClassifier.Verdict;
import io.github.s3failover.internal.routing.Routing.Facts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** What each kind of failure says about the region that produced it. */
class FailureClassifierTest {

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("500", status(500, "InternalError"), Verdict.REGIONAL),
        Arguments.of("502", status(502, "BadGateway"), Verdict.REGIONAL),
        Arguments.of("503", status(503, "ServiceUnavailable"), Verdict.REGIONAL),
        Arguments.of("504", status(504, "GatewayTimeout"), Verdict.REGIONAL),
        Arguments.of("503 SlowDown", status(503, "SlowDown"), Verdict.ANSWER),
        Arguments.of("429", status(429, "TooManyRequests"), Verdict.ANSWER),
        Arguments.of("404", status(404, "NoSuchKey"), Verdict.ANSWER),
        Arguments.of("403", status(403, "AccessDenied"), Verdict.ANSWER),
        Arguments.of("412", status(412, "PreconditionFailed"), Verdict.ANSWER),
        Arguments.of(
            "refused",
            SdkClientException.create("x", new IOException("refused")),
            Verdict.REGIONAL),
        Arguments.of(
            "attempt timeout",
            ApiCallAttemptTimeoutException.builder().message("slow").build(),
            Verdict.REGIONAL),
        Arguments.of(
            "broken stream", new UncheckedIOException(new IOException("reset")), Verdict.REGIONAL),
        // The SDK's multipart download hands a split transformer the transport's own exception.
        Arguments.of(
            "bare transport failure", new java.net.ConnectException("refused"), Verdict.REGIONAL),
        Arguments.of(
            "pool exhausted",
            SdkClientException.create(
                "Unable to execute HTTP request",
                apacheException(
                    "org.apache.hc.core5.http.ConnectionRequestTimeoutException",
                    "Timeout deadline: 200 MILLISECONDS")),
            Verdict.LOCAL),
        // Netty's acquire includes connecting: a region that cannot be connected to ends there too.
        Arguments.of(
            "netty acquire timeout",
            SdkClientException.create(
                "Unable to execute HTTP request",
                new Throwable(
                    "Acquire operation took longer than the configured maximum time",
                    new java.util.concurrent.TimeoutException("Acquire operation took longer"))),
            Verdict.REGIONAL),
        // A multipart regional client (the Transfer Manager's) reports a part that failed in the
        // region wrapped in a client error of its own (seen in the chaos suite).
        Arguments.of(
            "multipart part attempt timeout",
            SdkClientException.create(
                "Unable to execute HTTP request: java.util.concurrent.CompletionException",
                new CompletionException(
                    ApiCallAttemptTimeoutException.builder().message("3000 millis").build())),
            Verdict.REGIONAL),
        Arguments.of(
            "multipart part 503",
            SdkClientException.create(
                "Failed to send multipart upload requests",
                new CompletionException(status(503, "ServiceUnavailable"))),
            Verdict.REGIONAL),
        Arguments.of(
            "multipart part 403",
            SdkClientException.create(
                "Failed to send multipart upload requests",
                new CompletionException(status(403, "AccessDenied"))),
            Verdict.ANSWER),
        // The CRT-based S3 client reports a request that got no HTTP answer as a client error
        // naming the CRT's error, with no cause (seen against the local regions and proxies).
        Arguments.of("crt refused", crt("socket connection refused."), Verdict.REGIONAL),
        Arguments.of("crt reset", crt("socket is closed."), Verdict.REGIONAL),
        Arguments.of("crt socket timeout", crt("socket operation timed out."), Verdict.REGIONAL),
        Arguments.of(
            "crt connection closed",
            crt("The connection has closed or is closing."),
            Verdict.REGIONAL),
        Arguments.of("crt dns", crt("A query to dns failed to resolve."), Verdict.REGIONAL),
        // A 500/503 answer with no body (the CRT's own HEAD); the CRT calls any 503 throttling.
        Arguments.of(
            "crt bodyless 500",
            crt("Response code indicates internal server error"),
            Verdict.REGIONAL),
        Arguments.of(
            "crt bodyless 503", crt("Response code indicates throttling"), Verdict.REGIONAL),
        // The CRT's own troubles with an answer it got are not the region's failure.
        Arguments.of(
            "crt unparsable answer",
            crt("Upload Id not found in create-multipart-upload response"),
            Verdict.ANSWER),
        Arguments.of("crt cancelled", crt("Request successfully cancelled"), Verdict.ANSWER),
        Arguments.of("aborted", AbortedException.create("aborted"), Verdict.LOCAL),
        Arguments.of("client error without I/O", SdkClientException.create("bad"), Verdict.ANSWER));
  }

  /** A failure as the SDK's CRT-based S3 client reports it when no HTTP answer came. */
  private static SdkClientException crt(String crtError) {
    return SdkClientException.builder()
        .message("Failed to send the request: " + crtError + " (SDK Attempt Count: 1)")
        .build();
  }

  /**
   * Apache's exception, built by name: core reaches HttpCore only through the SDK's HTTP client,
   * and FailureClassifier itself knows it by name.
   */
  private static Throwable apacheException(String className, String message) {
    try {
      return (Throwable) Class.forName(className).getConstructor(String.class).newInstance(message);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(className + " is not on the class path", e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void verdict(String name, Throwable failure, Verdict expected) {
    assertThat(FailureClassifier.classify(failure, Facts.CLEAN)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} while the application's own code failed")
  @MethodSource("failures")
  void theApplicationsOwnFailureIsLocalWhateverTheException(
      String name, Throwable failure, Verdict ignored) {
    assertThat(FailureClassifier.classify(failure, new Facts(true, true, true)))
        .isEqualTo(Verdict.LOCAL);
  }
}
