package io.github.s3failover.internal.run;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;

/**
 * Wraps the application's response transformer to count the response bytes it reads. A call whose
 * transformer has read nothing (or buffers everything, as {@code toBytes()} does) may be repeated
 * in another region; one whose bytes may have reached the application may not.
 */
final class TrackingTransformer implements ResponseTransformer<Object, Object> {
  private final ResponseTransformer<Object, Object> delegate;

  /** Claims a hedge race when the response arrives; null outside a race. */
  private final BooleanSupplier claim;

  private volatile long bytesRead;
  private volatile boolean streamFailed;
  private volatile boolean failedOnItsOwn;

  TrackingTransformer(ResponseTransformer<Object, Object> delegate, BooleanSupplier claim) {
    this.delegate = delegate;
    this.claim = claim;
  }

  @Override
  public Object transform(Object response, AbortableInputStream in) throws Exception {
    if (claim != null && !claim.getAsBoolean()) {
      // Another region's response came first: this one never reaches the application.
      in.abort();
      failedOnItsOwn = true;
      throw new Race.LostRace();
    }
    try {
      if (delegate.needsConnectionLeftOpen()) {
        // The stream goes to the application unread (toInputStream()): its reads happen after the
        // call and decide nothing, so they pass no counting layer.
        return delegate.transform(response, in);
      }
      return delegate.transform(response, AbortableInputStream.create(new Counting(in), in));
    } catch (Exception | Error e) {
      // A file that exists, a client that hung up: the application's side failed, not the region.
      failedOnItsOwn = !streamFailed;
      throw e;
    }
  }

  boolean failedOnItsOwn() {
    return failedOnItsOwn;
  }

  @Override
  public boolean needsConnectionLeftOpen() {
    return delegate.needsConnectionLeftOpen();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  boolean safeToRepeat() {
    return bytesRead == 0 || "Bytes".equals(delegate.name());
  }

  long bytesRead() {
    return bytesRead;
  }

  private final class Counting extends FilterInputStream {
    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        int b = super.read();
        if (b >= 0) {
          bytesRead++;
        }
        return b;
      } catch (IOException | RuntimeException e) {
        streamFailed = true;
        throw e;
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          bytesRead += n;
        }
        return n;
      } catch (IOException | RuntimeException e) {
        streamFailed = true;
        throw e;
      }
    }
  }
}
