package io.github.s3failover.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.gaul.shaded.org.eclipse.jetty.http.HttpHeader;
import org.gaul.shaded.org.eclipse.jetty.http.HttpHeaderValue;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Response;
import org.gaul.shaded.org.eclipse.jetty.util.Callback;

/**
 * Frames the answer to a request with an empty body and {@code Expect: 100-continue} by its length,
 * as S3 does.
 *
 * <p>Jetty sends no 100 for an empty body, so it answers while the client may still (as far as
 * Jetty knows) send one, and closes the connection afterwards; s3proxy streams its XML without a
 * length, so the body ends only where the connection closes. The AWS CRT asks for 100-continue on
 * its CreateMultipartUpload (a POST with no body) and does not read a body framed by the end of the
 * connection: it saw none ("Upload Id not found in create-multipart-upload response") and could not
 * start a multipart upload on a local region. S3 answers such a request with a length. This handler
 * holds such an answer until it is complete (they are small XML documents) and sends it with its
 * Content-Length; the connection still closes after it, as Jetty decides.
 */
final class EmptyBodyContinueHandler extends Handler.Wrapper {

  EmptyBodyContinueHandler(Handler delegate) {
    super(delegate);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (request.getLength() == 0
        && request.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString())) {
      LengthFramed framed = new LengthFramed(request, response);
      return super.handle(request, framed, framed.completing(callback));
    }
    return super.handle(request, response, callback);
  }

  /** A response held whole until its last write (or the end of the request), then sent framed. */
  private static final class LengthFramed extends Response.Wrapper {
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private boolean sent;

    LengthFramed(Request request, Response wrapped) {
      super(request, wrapped);
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      if (sent) {
        super.write(last, content, callback);
        return;
      }
      if (content != null) {
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        held.write(bytes, 0, bytes.length);
      }
      if (last) {
        send(callback);
      } else {
        callback.succeeded();
      }
    }

    private void send(Callback callback) {
      sent = true;
      getHeaders().put(HttpHeader.CONTENT_LENGTH, held.size());
      super.write(true, ByteBuffer.wrap(held.toByteArray()), callback);
    }

    /** The request's callback, which first sends what is still held. */
    Callback completing(Callback callback) {
      return Callback.from(
          () -> {
            if (sent) {
              callback.succeeded();
            } else {
              send(callback);
            }
          },
          callback::failed);
    }
  }
}
