package io.github.s3failover.internal;

import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One try of one call in one region. Records what decides whether the call may be repeated in
 * another region: whether its request body can be read again, and whether any byte of the response
 * reached the application's response transformer.
 */
final class Attempt {
  /** Bodies the SDK can produce again from the start: bytes, strings, files. */
  private static final Set<String> REPLAYABLE_BODIES = Set.of("Bytes", "String", "File");

  private final S3Client client;
  private RequestBody body;
  private TrackingTransformer transformer;

  Attempt(S3Client client) {
    this.client = client;
  }

  S3Client client() {
    return client;
  }

  @SuppressWarnings("unchecked") // the proxy passes the SDK's arguments through untyped
  Object[] inspect(Object[] args) {
    Object[] actual = args;
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof RequestBody) {
        body = (RequestBody) args[i];
      } else if (args[i] instanceof ResponseTransformer) {
        actual = actual == args ? args.clone() : actual;
        transformer = new TrackingTransformer((ResponseTransformer<Object, Object>) args[i]);
        actual[i] = transformer;
      }
    }
    return actual;
  }

  /** Whether the request body, if any, can be sent again from its first byte. */
  boolean bodyReplayable() {
    return body == null || isReplayable(body);
  }

  static boolean isReplayable(RequestBody body) {
    // ContentStreamProvider.name() says where the body came from. A stream-backed body (even one
    // with mark/reset, which the SDK limits to 128 KiB) or a custom provider may not start over.
    return REPLAYABLE_BODIES.contains(body.contentStreamProvider().name());
  }

  String bodySource() {
    return body == null ? "none" : body.contentStreamProvider().name();
  }

  /** Whether no response byte has reached a transformer that could have passed it on. */
  boolean responseUntouched() {
    return transformer == null || transformer.safeToRepeat();
  }

  /** Whether the response transformer failed on its own, with the region's stream intact. */
  boolean applicationFailed() {
    return transformer != null && transformer.failedOnItsOwn();
  }

  long responseBytesDelivered() {
    return transformer == null ? 0 : transformer.bytesRead();
  }
}
