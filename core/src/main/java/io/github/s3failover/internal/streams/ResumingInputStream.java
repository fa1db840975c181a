package io.github.s3failover.internal.streams;

import io.github.s3failover.internal.InternalApi;
import java.io.IOException;
import java.io.InputStream;
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
 * brings back. Reads allocate nothing.
 */
@InternalApi
public final class ResumingInputStream extends InputStream implements Abortable {
  private static final Logger LOG = LoggerFactory.getLogger(ResumingInputStream.class);

  /** Resumes per original GetObject call. */
  public static final int MAX_RESUMES = 3;

  private final ResumeRange range;
  private final Function<GetObjectRequest, ResponseInputStream<GetObjectResponse>> resume;
  private final Runnable onBreak;
  private volatile InputStream current;
  private volatile boolean closed;
  private long delivered;
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
    while (true) {
      try {
        int b = current.read();
        if (b >= 0) {
          delivered++;
        }
        return b;
      } catch (IOException e) {
        resumeAfter(e);
      }
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    while (true) {
      try {
        int n = current.read(buffer, offset, length);
        if (n > 0) {
          delivered += n;
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
    if (closed || Thread.currentThread().isInterrupted() || resumes >= MAX_RESUMES) {
      throw failure;
    }
    resumes++;
    onBreak.run();
    // Abort rather than close: closing drains the rest of a broken (or black-holed) connection.
    abortQuietly(current);
    LOG.info(
        "s3-failover: GetObject body broke after {} bytes ({}); resume {} of at most {} with {}",
        delivered,
        failure.toString(),
        resumes,
        MAX_RESUMES,
        range.rangeAfter(delivered));
    InputStream rest;
    try {
      rest = resume.apply(range.restAfter(delivered));
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
    return current.available();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    current.close();
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
