package io.github.s3failover.internal.streams;

import io.github.s3failover.internal.InternalApi;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.Abortable;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The body of a GetObject handed to the application. When the connection breaks mid-body, it asks
 * for the rest (a Range from the byte reached, {@code If-Match} the same ETag, the same version)
 * through the failover routing, which sends it to a healthy region, and goes on as if nothing had
 * happened. The application never sees a byte twice or a byte of another object: a region whose
 * copy differs answers 412, and the original failure is thrown.
 *
 * <p>At most {@link #MAX_RESUMES} resumes per original call: the resume function returns the
 * region's plain stream, never another resuming one, so resumes do not nest. An {@link #abort()} or
 * {@link #close()} from another thread while a resume is under way aborts the body the resume
 * brings back. Reads allocate nothing: short reads are served from a buffer of {@link #BUFFER_SIZE}
 * bytes (one per stream, allocated on the first short read); reads of at least that size go
 * straight to the region's body.
 */
@InternalApi
public final class ResumingInputStream extends InputStream implements Abortable {
  private static final Logger LOG = LoggerFactory.getLogger(ResumingInputStream.class);

  /** Resumes per original GetObject call. */
  public static final int MAX_RESUMES = 3;

  /**
   * Reads shorter than this go through a buffer of this size, allocated on the first such read. It
   * is what makes a one-byte {@code read()} as cheap as a plain client's: the region's stream is
   * several SDK layers deep, and a buffer hit passes none of them.
   */
  static final int BUFFER_SIZE = 8192;

  private final ResumeRange range;
  private final Function<GetObjectRequest, ResponseInputStream<GetObjectResponse>> resume;
  private final Runnable onBreak;
  private volatile InputStream current;
  private volatile boolean closed;

  /** Bytes taken from the region's bodies; the buffer is always empty when a body breaks. */
  private long taken;

  private byte[] buffer;
  private int position;
  private int limit;
  private int resumes;

  private ResumingInputStream(
      ResumeRange range,
      InputStream body,
      Function<GetObjectRequest, ResponseInputStream<GetObjectResponse>> resume,
      Runnable onBreak) {
    this.range = range;
    this.current = body;
    this.resume = resume;
    this.onBreak = onBreak;
  }

  /**
   * Wraps the body if the read can be resumed exactly (no part number, no suffix range, an ETag to
   * pin the copy); returns null otherwise.
   *
   * @param request the application's request
   * @param response the region's response
   * @param body the region's body
   * @param resume asks for the rest; returns the region's plain stream
   * @param onBreak told of each break (the region's breaker hears of it)
   * @return the resuming body, or null
   */
  public static ResumingInputStream wrap(
      GetObjectRequest request,
      GetObjectResponse response,
      InputStream body,
      Function<GetObjectRequest, ResponseInputStream<GetObjectResponse>> resume,
      Runnable onBreak) {
    ResumeRange range = ResumeRange.of(request, response);
    return range == null ? null : new ResumingInputStream(range, body, resume, onBreak);
  }

  @Override
  public int read() throws IOException {
    if (position < limit && !closed) {
      return buffer[position++] & 0xff;
    }
    return fill() ? buffer[position++] & 0xff : -1;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, target.length);
    if (length == 0) {
      return 0;
    }
    if (closed) {
      throw closedStream();
    }
    if (position >= limit) {
      if (length >= BUFFER_SIZE) {
        // A large read gains nothing from the buffer: straight into the application's array.
        return readThrough(target, offset, length);
      }
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(limit - position, length);
    System.arraycopy(buffer, position, target, offset, n);
    position += n;
    return n;
  }

  /** Refills the empty buffer from the body; false at the end of the body. */
  private boolean fill() throws IOException {
    if (closed) {
      throw closedStream();
    }
    if (buffer == null) {
      buffer = new byte[BUFFER_SIZE];
    }
    int n;
    do {
      n = readThrough(buffer, 0, BUFFER_SIZE);
    } while (n == 0);
    position = 0;
    limit = Math.max(n, 0);
    return n > 0;
  }

  /** Reads from the region's body, resuming it when it breaks. */
  private int readThrough(byte[] target, int offset, int length) throws IOException {
    while (true) {
      try {
        int n = current.read(target, offset, length);
        if (n > 0) {
          taken += n;
        }
        return n;
      } catch (IOException e) {
        resumeAfter(e);
      }
    }
  }

  private void resumeAfter(IOException failure) throws IOException {
    // A read that failed because the application closed, aborted or interrupted it is not a
    // broken connection: nothing to resume, nothing to hold against the region.
    if (closed || Thread.currentThread().isInterrupted()) {
      throw failure;
    }
    if (resumes >= MAX_RESUMES) {
      // The break itself reaches the application, as a plain client's would; this says why.
      failure.addSuppressed(notResumedAgain(range, taken));
      throw failure;
    }
    resumes++;
    onBreak.run();
    // Abort rather than close: closing drains the rest of a broken (or black-holed) connection.
    abortQuietly(current);
    LOG.info(
        "s3-failover: GetObject body broke after {} bytes ({}); resume {} of at most {} with {}",
        taken,
        failure.toString(),
        resumes,
        MAX_RESUMES,
        range.rangeAfter(taken));
    InputStream rest;
    try {
      rest = resume.apply(range.restAfter(taken));
    } catch (SdkException e) {
      failure.addSuppressed(e);
      throw failure;
    }
    current = rest;
    if (closed) {
      // Aborted or closed by another thread while the resume was under way: the body it brought
      // back must not be read on, nor left holding a connection.
      abortQuietly(rest);
      throw failure;
    }
  }

  /** Aborts the body in progress, as {@link ResponseInputStream#abort()} does. */
  @Override
  public void abort() {
    closed = true;
    abortQuietly(current);
  }

  @Override
  public int available() throws IOException {
    int buffered = limit - position;
    return buffered > 0 ? buffered : current.available();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    current.close();
  }

  /**
   * Why a body that broke once more after {@link #MAX_RESUMES} resumes was not resumed again: added
   * as suppressed to the break the application sees, by this stream and the async body alike.
   */
  static IOException notResumedAgain(ResumeRange range, long taken) {
    return new IOException(
        "s3-failover: the GetObject body of "
            + range.object()
            + " broke again after "
            + taken
            + " bytes; it was resumed "
            + MAX_RESUMES
            + " times already, the most per call: read it again with a new GetObject");
  }

  /**
   * Reads after {@link #close()} or {@link #abort()} fail, bytes left in the buffer or not. Only
   * the volatile flag is shared with a closing thread: the buffer's indexes belong to the reader.
   */
  private static IOException closedStream() {
    return new IOException("s3-failover: the GetObject stream is closed");
  }

  private static void abortQuietly(InputStream in) {
    try {
      if (in instanceof Abortable) {
        ((Abortable) in).abort();
      } else {
        in.close();
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("s3-failover: aborting a broken body failed", e);
    }
  }
}
