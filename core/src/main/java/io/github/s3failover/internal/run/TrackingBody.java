package io.github.s3failover.internal.run;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * Watches the application's request body for failures of its own (the uploading user hung up, a
 * file vanished): those fail the call, but say nothing about the region. A failure of the region's
 * connection never passes through here, since the HTTP client writes to the socket, not to this
 * stream.
 */
final class TrackingBody implements ContentStreamProvider {
  private final ContentStreamProvider delegate;
  private volatile boolean failedOnItsOwn;

  TrackingBody(ContentStreamProvider delegate) {
    this.delegate = delegate;
  }

  /** The same body (length, content type, source name), read through this tracker. */
  RequestBody wrap(RequestBody body) {
    return body.optionalContentLength().isPresent()
        ? RequestBody.fromContentProvider(
            this, body.optionalContentLength().get(), body.contentType())
        : RequestBody.fromContentProvider(this, body.contentType());
  }

  boolean failedOnItsOwn() {
    return failedOnItsOwn;
  }

  @Override
  public InputStream newStream() {
    try {
      return new Guarded(delegate.newStream());
    } catch (RuntimeException e) {
      failedOnItsOwn = true;
      throw e;
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }

  /** The application's stream; any failure reading it is the application's. */
  private final class Guarded extends FilterInputStream {
    Guarded(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException | RuntimeException e) {
        failedOnItsOwn = true;
        throw e;
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        return in.read(buffer, offset, length);
      } catch (IOException | RuntimeException e) {
        failedOnItsOwn = true;
        throw e;
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (IOException | RuntimeException e) {
        failedOnItsOwn = true;
        throw e;
      }
    }
  }
}
