package io.github.s3failover.internal.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.Abortable;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** The resuming body on its own, with bodies in memory: no network, no timing. */
@Timeout(10)
class ResumingInputStreamTest {
  private final ExecutorService reader = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    reader.shutdownNow();
  }

  @Test
  void anAbortFromAnotherThreadDuringAResumeAbortsTheNewBodyAndEndsTheRead() throws Exception {
    CountDownLatch resuming = new CountDownLatch(1);
    CountDownLatch aborted = new CountDownLatch(1);
    TrackedBody rest = new TrackedBody(new byte[1000]);
    ResumingInputStream body =
        wrapWhole(
            new BreaksAfter(100),
            request -> {
              resuming.countDown();
              await(aborted);
              return response(rest);
            },
            () -> {});

    Future<Long> read = reader.submit(() -> drain(body));
    assertThat(resuming.await(5, TimeUnit.SECONDS)).isTrue();
    body.abort();
    aborted.countDown();

    assertThatThrownBy(() -> read.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    assertThat(rest.aborted.get()).as("the body fetched by the resume is aborted").isEqualTo(1);
  }

  @Test
  void singleByteReadsCountEveryByteAcrossAResume() throws IOException {
    byte[] content = new byte[4096];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) i;
    }
    ResumingInputStream body =
        wrapWhole(
            new BreaksAfter(1000, content),
            request -> {
              assertThat(request.range()).isEqualTo("bytes=1000-");
              return response(new TrackedBody(java.util.Arrays.copyOfRange(content, 1000, 4096)));
            },
            () -> {});
    byte[] read = new byte[content.length];
    for (int i = 0; i < read.length; i++) {
      int b = body.read();
      assertThat(b).isNotNegative();
      read[i] = (byte) b;
    }
    assertThat(body.read()).isEqualTo(-1);
    assertThat(read).isEqualTo(content);
  }

  @Test
  void shortLongAndSingleByteReadsMixedAcrossBreaksGiveEveryByteOnceInOrder() throws IOException {
    byte[] content = new byte[100_000];
    new java.util.Random(7).nextBytes(content);
    List<String> ranges = new ArrayList<>();
    int[] breakAt = {12_345, 40_000, 77_777};
    ResumingInputStream body =
        wrapWhole(
            new Segment(content, 0, breakAt[0]),
            request -> {
              ranges.add(request.range());
              int from = Integer.parseInt(request.range().replaceAll("\\D", ""));
              int to = ranges.size() < breakAt.length ? breakAt[ranges.size()] : content.length;
              return new ResponseInputStream<>(
                  GetObjectResponse.builder().eTag("\"e\"").build(),
                  AbortableInputStream.create(new Segment(content, from, to)));
            },
            () -> {});
    java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
    byte[] large = new byte[3 * ResumingInputStream.BUFFER_SIZE];
    byte[] small = new byte[16];
    for (int i = 0; ; i++) {
      int n;
      if (i % 3 == 0) {
        int b = body.read();
        n = b < 0 ? -1 : 1;
        if (b >= 0) {
          read.write(b);
        }
      } else {
        byte[] target = i % 3 == 1 ? small : large;
        n = body.read(target, 0, target.length);
        if (n > 0) {
          read.write(target, 0, n);
        }
      }
      if (n < 0) {
        break;
      }
    }
    assertThat(ranges).containsExactly("bytes=12345-", "bytes=40000-", "bytes=77777-");
    assertThat(read.toByteArray()).isEqualTo(content);
  }

  @Test
  void readsAfterCloseFailEvenWithBytesLeftInTheBuffer() throws IOException {
    ResumingInputStream body =
        wrapWhole(new ByteArrayInputStream(new byte[1000]), request -> null, () -> {});
    body.read(); // fills the buffer with the whole body
    body.close();
    assertThatThrownBy(body::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> body.read(new byte[16], 0, 16))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void availableCountsTheBufferedBytes() throws IOException {
    ResumingInputStream body =
        wrapWhole(new ByteArrayInputStream(new byte[1000]), request -> null, () -> {});
    body.read();
    assertThat(body.available()).isEqualTo(999);
    assertThat(body.read(new byte[5000], 0, 5000)).isEqualTo(999);
    assertThat(body.available()).isZero();
    assertThat(body.read()).isEqualTo(-1);
  }

  @Test
  void singleByteReadsAllocateNothing() throws IOException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    byte[] content = new byte[200_000];
    ResumingInputStream body =
        wrapWhole(new ByteArrayInputStream(content), request -> null, () -> {});
    for (int i = 0; i < 100_000; i++) {
      body.read(); // warm up: let the JIT compile the read path
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 100_000; i++) {
      body.read();
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    // The old read() allocated a one-byte array per call: 100,000 reads were 2.4 MB.
    assertThat(allocated).as("bytes allocated by 100,000 reads").isLessThan(10_000);
  }

  @Test
  void aRangedReadResumesFromTheByteReachedToTheSameEndPinnedToTheSameCopy() throws IOException {
    List<GetObjectRequest> asked = new ArrayList<>();
    ResumingInputStream body =
        ResumingInputStream.wrap(
            GetObjectRequest.builder().bucket("b").key("k").range("bytes=100-299").build(),
            GetObjectResponse.builder().eTag("\"e\"").versionId("v7").build(),
            new BreaksAfter(50),
            request -> {
              asked.add(request);
              return response(new TrackedBody(new byte[150]));
            },
            () -> {});

    assertThat(drain(body)).isEqualTo(200);
    assertThat(asked)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.range()).isEqualTo("bytes=150-299");
              assertThat(r.ifMatch()).isEqualTo("\"e\"");
              assertThat(r.versionId()).isEqualTo("v7");
            });
  }

  @Test
  void readsThatCannotBeContinuedByArithmeticAreNotWrapped() {
    GetObjectResponse response = GetObjectResponse.builder().eTag("\"e\"").build();
    for (GetObjectRequest request :
        List.of(
            GetObjectRequest.builder().bucket("b").key("k").partNumber(2).build(),
            GetObjectRequest.builder().bucket("b").key("k").range("bytes=-500").build(),
            GetObjectRequest.builder().bucket("b").key("k").range("bytes=0-1,5-9").build(),
            GetObjectRequest.builder().bucket("b").key("k").ifNoneMatch("\"x\"").build())) {
      assertThat(
              ResumingInputStream.wrap(request, response, new BreaksAfter(1), r -> null, () -> {}))
          .as(request.toString())
          .isNull();
    }
    assertThat(
            ResumingInputStream.wrap(
                GetObjectRequest.builder().bucket("b").key("k").build(),
                GetObjectResponse.builder().build(),
                new BreaksAfter(1),
                r -> null,
                () -> {}))
        .as("no ETag to pin the copy")
        .isNull();
  }

  @Test
  void afterThreeResumesTheNextBreakReachesTheApplication() {
    AtomicInteger resumes = new AtomicInteger();
    AtomicInteger breaks = new AtomicInteger();
    ResumingInputStream body =
        wrapWhole(
            new BreaksAfter(10),
            request -> {
              resumes.incrementAndGet();
              return new ResponseInputStream<>(
                  GetObjectResponse.builder().build(),
                  AbortableInputStream.create(new BreaksAfter(10)));
            },
            breaks::incrementAndGet);

    assertThatThrownBy(() -> drain(body))
        .isInstanceOf(IOException.class)
        .hasMessage("Connection reset")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .extracting(Throwable::getMessage)
                    .isEqualTo(
                        "s3-failover: the GetObject body of b/k broke again after 40 bytes; it was"
                            + " resumed 3 times already, the most per call: read it again with a"
                            + " new GetObject"));
    assertThat(resumes.get()).isEqualTo(ResumingInputStream.MAX_RESUMES);
    assertThat(breaks.get()).isEqualTo(ResumingInputStream.MAX_RESUMES);
  }

  /** Wraps the body of a whole-object read of b/k whose ETag is "e". */
  private static ResumingInputStream wrapWhole(
      InputStream body,
      java.util.function.Function<GetObjectRequest, ResponseInputStream<GetObjectResponse>> resume,
      Runnable onBreak) {
    return ResumingInputStream.wrap(
        GetObjectRequest.builder().bucket("b").key("k").build(),
        GetObjectResponse.builder().eTag("\"e\"").build(),
        body,
        resume,
        onBreak);
  }

  private static long drain(InputStream in) throws IOException {
    long n = 0;
    byte[] buffer = new byte[64];
    for (int r; (r = in.read(buffer)) >= 0; ) {
      n += r;
    }
    return n;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ResponseInputStream<GetObjectResponse> response(TrackedBody body) {
    return new ResponseInputStream<>(
        GetObjectResponse.builder().eTag("\"e\"").build(), AbortableInputStream.create(body, body));
  }

  /** A body that gives some bytes, then breaks as a reset connection does. */
  private static final class BreaksAfter extends InputStream {
    private final byte[] content;
    private int left;
    private int position;

    BreaksAfter(int bytes) {
      this(bytes, new byte[bytes]);
    }

    BreaksAfter(int bytes, byte[] content) {
      this.left = bytes;
      this.content = content;
    }

    @Override
    public int read() throws IOException {
      if (left-- <= 0) {
        throw new IOException("Connection reset");
      }
      return content[position++] & 0xff;
    }
  }

  /**
   * Gives {@code content[from..to)} a byte at a time (bulk reads return what was read before a
   * break, as {@link InputStream#read(byte[], int, int)} does), then ends if {@code to} is the end
   * of the content and breaks otherwise.
   */
  private static final class Segment extends InputStream {
    private final byte[] content;
    private final int to;
    private int position;

    Segment(byte[] content, int from, int to) {
      this.content = content;
      this.position = from;
      this.to = to;
    }

    @Override
    public int read() throws IOException {
      if (position < to) {
        return content[position++] & 0xff;
      }
      if (to == content.length) {
        return -1;
      }
      throw new IOException("Connection reset");
    }
  }

  /** An in-memory body that counts aborts. */
  private static final class TrackedBody extends ByteArrayInputStream implements Abortable {
    final AtomicInteger aborted = new AtomicInteger();

    TrackedBody(byte[] content) {
      super(content);
    }

    @Override
    public void abort() {
      aborted.incrementAndGet();
    }
  }
}
