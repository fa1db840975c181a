package io.github.s3failover;

import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.OperationInfo;
import io.github.s3failover.internal.routing.RoutingCore;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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

  private <T extends S3Request> T inRegion(RegionState region, T request) {
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "s3-failover: presigning {} for region {}", request.getClass().getSimpleName(), region);
    }
    return region.buckets().toRegion(request, OperationInfo.of(request));
  }

  @Override
  public PresignedGetObjectRequest presignGetObject(GetObjectPresignRequest request) {
    RegionState region = core.firstRegionFor(request.getObjectRequest());
    return presigners
        .get(region)
        .presignGetObject(
            request.toBuilder()
                .getObjectRequest(inRegion(region, request.getObjectRequest()))
                .build());
  }

  @Override
  public PresignedHeadObjectRequest presignHeadObject(HeadObjectPresignRequest request) {
    RegionState region = core.firstRegionFor(request.headObjectRequest());
    return presigners
        .get(region)
        .presignHeadObject(
            request.toBuilder()
                .headObjectRequest(inRegion(region, request.headObjectRequest()))
                .build());
  }

  @Override
  public PresignedHeadBucketRequest presignHeadBucket(HeadBucketPresignRequest request) {
    RegionState region = core.firstRegionFor(request.headBucketRequest());
    return presigners
        .get(region)
        .presignHeadBucket(
            request.toBuilder()
                .headBucketRequest(inRegion(region, request.headBucketRequest()))
                .build());
  }

  @Override
  public PresignedPutObjectRequest presignPutObject(PutObjectPresignRequest request) {
    RegionState region = core.firstRegionFor(request.putObjectRequest());
    return presigners
        .get(region)
        .presignPutObject(
            request.toBuilder()
                .putObjectRequest(inRegion(region, request.putObjectRequest()))
                .build());
  }

  @Override
  public PresignedDeleteObjectRequest presignDeleteObject(DeleteObjectPresignRequest request) {
    RegionState region = core.firstRegionFor(request.deleteObjectRequest());
    return presigners
        .get(region)
        .presignDeleteObject(
            request.toBuilder()
                .deleteObjectRequest(inRegion(region, request.deleteObjectRequest()))
                .build());
  }

  @Override
  public PresignedCreateMultipartUploadRequest presignCreateMultipartUpload(
      CreateMultipartUploadPresignRequest request) {
    RegionState region = core.firstRegionFor(request.createMultipartUploadRequest());
    return presigners
        .get(region)
        .presignCreateMultipartUpload(
            request.toBuilder()
                .createMultipartUploadRequest(
                    inRegion(region, request.createMultipartUploadRequest()))
                .build());
  }

  @Override
  public PresignedUploadPartRequest presignUploadPart(UploadPartPresignRequest request) {
    RegionState region = core.firstRegionFor(request.uploadPartRequest());
    return presigners
        .get(region)
        .presignUploadPart(
            request.toBuilder()
                .uploadPartRequest(inRegion(region, request.uploadPartRequest()))
                .build());
  }

  @Override
  public PresignedCompleteMultipartUploadRequest presignCompleteMultipartUpload(
      CompleteMultipartUploadPresignRequest request) {
    RegionState region = core.firstRegionFor(request.completeMultipartUploadRequest());
    return presigners
        .get(region)
        .presignCompleteMultipartUpload(
            request.toBuilder()
                .completeMultipartUploadRequest(
                    inRegion(region, request.completeMultipartUploadRequest()))
                .build());
  }

  @Override
  public PresignedAbortMultipartUploadRequest presignAbortMultipartUpload(
      AbortMultipartUploadPresignRequest request) {
    RegionState region = core.firstRegionFor(request.abortMultipartUploadRequest());
    return presigners
        .get(region)
        .presignAbortMultipartUpload(
            request.toBuilder()
                .abortMultipartUploadRequest(
                    inRegion(region, request.abortMultipartUploadRequest()))
                .build());
  }

  /** Closes the presigners the library built and releases the shared routing rules. */
  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (S3Presigner presigner : owned) {
      try {
        presigner.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    core.release();
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  @Override
  public String toString() {
    return "FailoverS3Presigner" + core.regions();
  }
}
