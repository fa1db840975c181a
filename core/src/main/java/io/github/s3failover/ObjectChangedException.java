package io.github.s3failover;

import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * A GetObject body broke mid-way and could not be resumed because the object is no longer the one
 * being read: the region asked for the rest answered 412 to {@code If-Match} (the object was
 * overwritten or deleted since the read began, or that region holds another version). The bytes the
 * application already has are all of the version it started with; no byte of another version was
 * delivered. Read the object again from its start.
 *
 * <p>Signalled by a resumable async body ({@code AsyncResponseTransformer.toPublisher()} or {@code
 * toBlockingInputStream()}) of {@link FailoverS3AsyncClient}. The cause is the region's 412; the
 * break that led to the resume is among the suppressed exceptions.
 */
public final class ObjectChangedException extends SdkClientException {
  private static final long serialVersionUID = 1L;

  private final String eTag;
  private final long bytesDelivered;

  /**
   * Creates the exception.
   *
   * @param bucket the application's bucket
   * @param key the object's key
   * @param eTag the ETag of the version being read
   * @param bytesDelivered the bytes of that version the application had when the body broke
   * @param answer the region's answer to the resume (412 Precondition Failed)
   */
  public ObjectChangedException(
      String bucket, String key, String eTag, long bytesDelivered, Throwable answer) {
    super(
        SdkClientException.builder()
            .message(
                "GetObject s3://"
                    + bucket
                    + "/"
                    + key
                    + ": the body broke after "
                    + bytesDelivered
                    + " bytes and the object changed before the rest could be read (ETag "
                    + eTag
                    + " no longer matches); no byte of another version was delivered. Read the"
                    + " object again from its start.")
            .cause(answer));
    this.eTag = eTag;
    this.bytesDelivered = bytesDelivered;
  }

  /**
   * Returns the ETag of the version whose bytes the application has.
   *
   * @return the ETag, with its quotes
   */
  public String eTag() {
    return eTag;
  }

  /**
   * Returns how many bytes of that version had been handed to the application's subscriber when the
   * body broke (the SDK's blocking input stream drops those it held unread when the failure reaches
   * it).
   *
   * @return the byte count
   */
  public long bytesDelivered() {
    return bytesDelivered;
  }

  /** Never retryable by the SDK: the version being read is gone. */
  @Override
  public boolean retryable() {
    return false;
  }
}
