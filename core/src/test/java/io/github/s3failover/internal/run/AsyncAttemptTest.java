package io.github.s3failover.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.internal.streams.TrackingAsyncBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.SdkPublisher;

/** What an async attempt hands the regional client in place of the application's body. */
class AsyncAttemptTest {
  @TempDir Path dir;

  @Test
  void inMemoryBodiesAreSentAsTheyAre() {
    for (AsyncRequestBody body :
        List.of(
            AsyncRequestBody.fromBytes(new byte[] {1, 2, 3}),
            AsyncRequestBody.fromString("abc"),
            AsyncRequestBody.fromByteBuffer(ByteBuffer.wrap(new byte[] {4})))) {
      AsyncAttempt attempt = new AsyncAttempt(null);
      Object[] args = {"request", body};

      Object[] sent = attempt.inspect(args);

      assertThat(sent).as(body.body()).isSameAs(args);
      assertThat(sent[1]).isSameAs(body);
      assertThat(attempt.bodyReplayable()).isTrue();
      assertThat(attempt.bodySource()).isEqualTo("Bytes");
      assertThat(attempt.applicationFailed()).isFalse();
    }
  }

  @Test
  void aFileBodyIsTrackedAndAVanishedFileIsTheApplicationsFailure() throws Exception {
    Path file = dir.resolve("body.bin");
    Files.write(file, new byte[] {1, 2, 3});
    AsyncRequestBody body = AsyncRequestBody.fromFile(file);
    AsyncAttempt attempt = new AsyncAttempt(null);

    Object[] sent = attempt.inspect(new Object[] {"request", body});
    Files.delete(file);
    Throwable error = drain((AsyncRequestBody) sent[1]);

    assertThat(sent[1]).isInstanceOf(TrackingAsyncBody.class);
    assertThat(error).isNotNull();
    assertThat(attempt.bodyReplayable()).isTrue();
    assertThat(attempt.applicationFailed()).isTrue();
  }

  @Test
  void aPublisherOfTheApplicationsIsTrackedAndNotReplayable() throws Exception {
    IOException broken = new IOException("the application's source broke");
    AsyncRequestBody body =
        AsyncRequestBody.fromPublisher(SdkPublisher.adapt(s -> s.onError(broken)));
    AsyncAttempt attempt = new AsyncAttempt(null);

    Object[] sent = attempt.inspect(new Object[] {"request", body});
    Throwable error = drain((AsyncRequestBody) sent[1]);

    assertThat(sent[1]).isInstanceOf(TrackingAsyncBody.class);
    assertThat(error).isSameAs(broken);
    assertThat(attempt.bodyReplayable()).isFalse();
    assertThat(attempt.applicationFailed()).isTrue();
  }

  /** Reads a body to its end and returns the error it signalled, or null. */
  private static Throwable drain(AsyncRequestBody body) throws Exception {
    try {
      body.subscribe(buffer -> {}).get(5, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
