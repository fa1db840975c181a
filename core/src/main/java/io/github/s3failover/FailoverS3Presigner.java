package io.github.s3failover;

import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.OperationInfo;
import io.github.s3failover.internal.routing.RoutingCore;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.AbortMultipartUploadPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.CompleteMultipartUploadPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.CreateMultipartUploadPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.DeleteObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.HeadBucketPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.HeadObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedAbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedCompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedCreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedDeleteObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedHeadBucketRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedHeadObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedUploadPartRequest;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.UploadPartPresignRequest;

/**
 * A drop-in {@link S3Presigner} whose URLs name the region that would serve the call now, by the
 * same rules as the failover clients it shares them with: the region a call would be sent to first
 * (the active region for reads, the preferred one for writes under {@link
 * WritePolicy#PRIMARY_ONLY}, the upload's region for its parts), skipping regions whose breaker is
 * open. Each URL carries that region's physical bucket, endpoint and credentials.
 *
 * <p>A URL cannot fail over once handed out: the client that uses it talks to one region. Keep
 * signature durations short, so that URLs handed out before a failover run out soon after it.
 *
 * <pre>{@code
 * S3Presigner presigner = FailoverS3Presigner.builder(failoverClient).build();
 * URL url = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
 *     .getObjectRequest(g -> g.bucket("media").key("cat.jpg"))).url();
 * }</pre>
 *
 * <p>Thread-safe. Closing it closes the presigners it built and releases the shared rules.
 */
public final class FailoverS3Presigner implements S3Presigner {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverS3Presigner.class);

  private final RoutingCore core;
  private final Map<RegionState, S3Presigner> presigners;
  private final List<S3Presigner> owned;

  FailoverS3Presigner(RoutingCore core, Map<String, S3Presigner> byId, List<S3Presigner> owned) {
    this.core = core;
    Map<RegionState, S3Presigner> byRegion = new IdentityHashMap<>();
    core.regions().forEach(r -> byRegion.put(r, byId.get(r.id())));
    this.presigners = byRegion;
    this.owned = List.copyOf(owned);
  }

  /**
   * Starts a builder of a presigner that shares the routing rules of a sync failover client.
   *
   * @param shared the client
   * @return a new builder
   */
  public static FailoverS3PresignerBuilder builder(FailoverS3Client shared) {
    if (shared == null) {
      throw new IllegalArgumentException("builder(null): pass the FailoverS3Client to share with");
    }
    return new FailoverS3PresignerBuilder(shared.routingCore());
  }

  /**
   * Starts a builder of a presigner that shares the routing rules of an async failover client.
   *
   * @param shared the client
   * @return a new builder
   */
  public static FailoverS3PresignerBuilder builder(FailoverS3AsyncClient shared) {
    if (shared == null) {
      throw new IllegalArgumentException(
          "builder(null): pass the FailoverS3AsyncClient to share with");
    }
    return new FailoverS3PresignerBuilder(shared.routingCore());
  }

  /**
   * Returns the id of the region whose URL a request would get now.
   *
   * @param request the application's request, with logical names
   * @return the region id
   */
  public String regionFor(S3Request request) {
    return core.firstRegionFor(request).id();
  }

  /**
   * Presigns one request for the region that would serve it now: that region's presigner, physical
   * bucket, endpoint and credentials.
   */
  private <T extends S3Request, P> P presign(T request, BiFunction<S3Presigner, T, P> presign) {
    RegionState region = core.firstRegionFor(request);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "s3-failover: presigning {} for region {}", request.getClass().getSimpleName(), region);
    }
    T inRegion = region.buckets().toRegion(request, OperationInfo.of(request));
    return presign.apply(presigners.get(region), inRegion);
  }

  @Override
  public PresignedGetObjectRequest presignGetObject(GetObjectPresignRequest request) {
    return presign(
        request.getObjectRequest(),
        (presigner, inRegion) ->
            presigner.presignGetObject(request.toBuilder().getObjectRequest(inRegion).build()));
  }

  @Override
  public PresignedHeadObjectRequest presignHeadObject(HeadObjectPresignRequest request) {
    return presign(
        request.headObjectRequest(),
        (presigner, inRegion) ->
            presigner.presignHeadObject(request.toBuilder().headObjectRequest(inRegion).build()));
  }

  @Override
  public PresignedHeadBucketRequest presignHeadBucket(HeadBucketPresignRequest request) {
    return presign(
        request.headBucketRequest(),
        (presigner, inRegion) ->
            presigner.presignHeadBucket(request.toBuilder().headBucketRequest(inRegion).build()));
  }

  @Override
  public PresignedPutObjectRequest presignPutObject(PutObjectPresignRequest request) {
    return presign(
        request.putObjectRequest(),
        (presigner, inRegion) ->
            presigner.presignPutObject(request.toBuilder().putObjectRequest(inRegion).build()));
  }

  @Override
  public PresignedDeleteObjectRequest presignDeleteObject(DeleteObjectPresignRequest request) {
    return presign(
        request.deleteObjectRequest(),
        (presigner, inRegion) ->
            presigner.presignDeleteObject(
                request.toBuilder().deleteObjectRequest(inRegion).build()));
  }

  @Override
  public PresignedCreateMultipartUploadRequest presignCreateMultipartUpload(
      CreateMultipartUploadPresignRequest request) {
    return presign(
        request.createMultipartUploadRequest(),
        (presigner, inRegion) ->
            presigner.presignCreateMultipartUpload(
                request.toBuilder().createMultipartUploadRequest(inRegion).build()));
  }

  @Override
  public PresignedUploadPartRequest presignUploadPart(UploadPartPresignRequest request) {
    return presign(
        request.uploadPartRequest(),
        (presigner, inRegion) ->
            presigner.presignUploadPart(request.toBuilder().uploadPartRequest(inRegion).build()));
  }

  @Override
  public PresignedCompleteMultipartUploadRequest presignCompleteMultipartUpload(
      CompleteMultipartUploadPresignRequest request) {
    return presign(
        request.completeMultipartUploadRequest(),
        (presigner, inRegion) ->
            presigner.presignCompleteMultipartUpload(
                request.toBuilder().completeMultipartUploadRequest(inRegion).build()));
  }

  @Override
  public PresignedAbortMultipartUploadRequest presignAbortMultipartUpload(
      AbortMultipartUploadPresignRequest request) {
    return presign(
        request.abortMultipartUploadRequest(),
        (presigner, inRegion) ->
            presigner.presignAbortMultipartUpload(
                request.toBuilder().abortMultipartUploadRequest(inRegion).build()));
  }

  /** Closes the presigners the library built and releases the shared routing rules. */
  @Override
  public void close() {
    Closer closer = new Closer("FailoverS3Presigner");
    for (S3Presigner presigner : owned) {
      closer.close(presigner::close, "a regional presigner");
    }
    closer.close(core::release, "the region preference").done();
  }

  @Override
  public String toString() {
    return "FailoverS3Presigner" + core.regions();
  }
}
