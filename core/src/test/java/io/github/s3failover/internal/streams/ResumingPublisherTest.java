package io.github.s3failover.internal.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** The resuming publisher on its own, with bodies in memory: demand, cancellation, short ends. */
@Timeout(10)
class ResumingPublisherTest {
  private static final String ETAG = "\"e\"";
  private final byte[] content = new byte[1000];
  private final List<Body> bodies = new ArrayList<>();
  private final List<GetObjectRequest> asked = new ArrayList<>();

  ResumingPublisherTest() {
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) i;
    }
  }

  @Test
  void theSubscribersDemandIsAllThatIsEverRequestedAcrossResumes() {
    Body first = body(0, 250, true);
    ResumingPublisher publisher = resuming(first, from -> body(from, 300, true), 1000L);
    Reader reader = new Reader(1);
    publisher.subscribe(reader);

    assertThat(reader.failure).isNull();
    assertThat(reader.completed).isTrue();
    assertThat(reader.bytes.toByteArray()).isEqualTo(content);
    assertThat(asked)
        .extracting(GetObjectRequest::range)
        .containsExactly("bytes=250-", "bytes=550-", "bytes=850-");
    // The reader never has more than one buffer asked for and not received: nor has any body.
    assertThat(bodies).hasSize(4);
    assertThat(bodies).allSatisfy(b -> assertThat(b.maxOutstanding).isEqualTo(1));
  }

  @Test
  void aBodyThatEndsShortOfItsLengthIsResumed() {
    Body first = body(0, 400, false);
    ResumingPublisher publisher =
        resuming(first, from -> body(from, content.length - from, false), 1000L);
    Reader reader = new Reader(Long.MAX_VALUE);
    publisher.subscribe(reader);

    assertThat(reader.completed).isTrue();
    assertThat(reader.bytes.toByteArray()).isEqualTo(content);
    assertThat(asked).extracting(GetObjectRequest::range).containsExactly("bytes=400-");
  }

  @Test
  void cancellingDuringAResumeCancelsItAndReleasesTheBodyItBrings() {
    CompletableFuture<ResponsePublisher<GetObjectResponse>> pending = new CompletableFuture<>();
    ResumingPublisher publisher =
        new ResumingPublisher(
            body(0, 100, true),
            ResumeRange.of(request(), response()),
            1000L,
            rest -> pending,
            () -> {});
    Reader reader = new Reader(Long.MAX_VALUE);
    publisher.subscribe(reader);
    reader.subscription.cancel();

    assertThat(pending.isCancelled()).isTrue();
    assertThat(reader.failure).isNull();
    assertThat(reader.completed).isFalse();
  }

  @Test
  void aBreakBeyondTheLastResumeReachesTheSubscriberWithWhyItWasNotResumedAgain() {
    Body first = body(0, 100, true);
    ResumingPublisher publisher = resuming(first, from -> body(from, 100, true), 1000L);
    Reader reader = new Reader(Long.MAX_VALUE);
    publisher.subscribe(reader);

    // The break itself, as a plain client's body would end, saying why (as the sync stream does).
    assertThat(reader.completed).isFalse();
    assertThat(reader.failure).isInstanceOf(IOException.class).hasMessage("connection reset");
    assertThat(reader.failure.getSuppressed())
        .singleElement()
        .satisfies(
            why ->
                assertThat(why)
                    .hasMessage(
                        "s3-failover: the GetObject body of b/k broke again after 400 bytes; it was"
                            + " resumed 3 times already, the most per call: read it again with a"
                            + " new GetObject"));
    assertThat(asked).hasSize(ResumingInputStream.MAX_RESUMES);
    assertThat(reader.bytes.toByteArray()).isEqualTo(Arrays.copyOf(content, 400));
  }

  @Test
  void theRestIsAskedForWithTheRangeMovedOnTheEtagAndTheVersion() {
    GetObjectRequest request = request().toBuilder().range("bytes=100-199").build();
    GetObjectResponse response = response().toBuilder().versionId("v7").build();
    GetObjectRequest rest = ResumeRange.of(request, response).restAfter(50);
    assertThat(rest.range()).isEqualTo("bytes=150-199");
    assertThat(rest.ifMatch()).isEqualTo(ETAG);
    assertThat(rest.versionId()).isEqualTo("v7");
    assertThat(ResumeRange.of(request().toBuilder().range("bytes=-10").build(), response()))
        .as("a suffix range cannot be continued")
        .isNull();
    assertThat(ResumeRange.of(request().toBuilder().partNumber(2).build(), response())).isNull();
  }

  private ResumingPublisher resuming(Body first, Next next, Long length) {
    return new ResumingPublisher(
        first,
        ResumeRange.of(request(), response()),
        length,
        rest -> {
          asked.add(rest);
          long from = Long.parseLong(rest.range().replaceAll("\\D", ""));
          return CompletableFuture.completedFuture(
              new ResponsePublisher<>(response(), next.from((int) from)));
        },
        () -> {});
  }

  private Body body(int from, int length, boolean failAtEnd) {
    Body body = new Body(Arrays.copyOfRange(content, from, Math.min(from + length, 1000)));
    body.failAtEnd = failAtEnd && from + length < content.length;
    bodies.add(body);
    return body;
  }

  private static GetObjectRequest request() {
    return GetObjectRequest.builder().bucket("b").key("k").build();
  }

  private static GetObjectResponse response() {
    return GetObjectResponse.builder().eTag(ETAG).build();
  }

  private interface Next {
    Body from(int offset);
  }

  /** A region body: 50-byte buffers on demand, then a failure or the end. */
  private static final class Body implements SdkPublisher<ByteBuffer> {
    final byte[] data;
    boolean failAtEnd;
    long maxOutstanding;
    private long outstanding;
    private int sent;
    private boolean emitting;

    Body(byte[] data) {
      this.data = data;
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> s) {
      s.onSubscribe(
          new Subscription() {
            @Override
            public void request(long n) {
              outstanding += n;
              maxOutstanding = Math.max(maxOutstanding, outstanding);
              if (emitting) {
                return;
              }
              emitting = true;
              while (outstanding > 0 && sent < data.length) {
                int n2 = Math.min(50, data.length - sent);
                outstanding--;
                ByteBuffer chunk = ByteBuffer.wrap(data, sent, n2);
                sent += n2;
                s.onNext(chunk);
              }
              emitting = false;
              if (sent == data.length) {
                sent++; // terminal once
                if (failAtEnd) {
                  s.onError(new IOException("connection reset"));
                } else {
                  s.onComplete();
                }
              }
            }

            @Override
            public void cancel() {}
          });
    }
  }

  /** Asks for {@code batch} buffers, and one more for each it gets. */
  private static final class Reader implements Subscriber<ByteBuffer> {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final long batch;
    Subscription subscription;
    Throwable failure;
    boolean completed;

    Reader(long batch) {
      this.batch = batch;
    }

    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      s.request(batch);
    }

    @Override
    public void onNext(ByteBuffer buffer) {
      byte[] chunk = new byte[buffer.remaining()];
      buffer.get(chunk);
      bytes.write(chunk, 0, chunk.length);
      if (batch != Long.MAX_VALUE) {
        subscription.request(1);
      }
    }

    @Override
    public void onError(Throwable t) {
      failure = t;
    }

    @Override
    public void onComplete() {
      completed = true;
    }
  }
}
