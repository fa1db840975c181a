package io.github.s3failover.testkit;

import java.lang.reflect.Field;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.io.Content;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Response;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.util.Callback;

/**
 * Counts requests at the HTTP layer of an embedded s3proxy, as they arrive.
 *
 * <p>Counting here rather than in a forwarding blob store matters: s3proxy's handlers call the blob
 * store several times per request (a multipart initiate writes a stub blob, a complete lists parts
 * and reads metadata), so store calls do not map one-to-one onto S3 operations, while each HTTP
 * request does. Counting before the request is handled also means a client never sees a response
 * before its request was counted. s3proxy offers no public hook at this layer, so the handler is
 * spliced in front of its Jetty server by reflection; the testkit pins the s3proxy version, and a
 * renamed field fails loudly at region start.
 */
final class CountingHandler extends Handler.Wrapper {

  private final RequestCounters counters;

  private CountingHandler(Handler delegate, RequestCounters counters) {
    super(delegate);
    this.counters = counters;
  }

  /**
   * Puts a counting handler in front of an s3proxy that has not been started yet, and behind it an
   * {@link EmptyBodyContinueHandler}.
   */
  static void install(S3Proxy proxy, RequestCounters counters) {
    Server server;
    try {
      Field field = S3Proxy.class.getDeclaredField("server");
      field.setAccessible(true);
      server = (Server) field.get(proxy);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "this s3proxy version keeps its Jetty server elsewhere: update CountingHandler", e);
    }
    server.setHandler(
        new CountingHandler(new EmptyBodyContinueHandler(server.getHandler()), counters));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    counters.record(
        request.getMethod(),
        request.getHttpURI().getDecodedPath(),
        request.getHttpURI().getQuery(),
        request.getHeaders().contains("x-amz-copy-source"));
    return super.handle(new BodyCountingRequest(request, counters), response, callback);
  }

  /** Adds the size of each body chunk the server reads, as sent on the wire (aws-chunked too). */
  private static final class BodyCountingRequest extends Request.Wrapper {
    private final RequestCounters counters;

    BodyCountingRequest(Request wrapped, RequestCounters counters) {
      super(wrapped);
      this.counters = counters;
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk chunk = super.read();
      if (chunk != null) {
        counters.addBodyBytes(chunk.remaining());
      }
      return chunk;
    }
  }
}
