package io.github.s3failover.internal.buckets;

import io.github.s3failover.internal.InternalApi;
import io.github.s3failover.internal.routing.OperationInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.S3Response;

/**
 * Maps one region's bucket names: the application's logical names to the region's physical ones in
 * requests, and physical names back to logical ones in responses, so the application never sees a
 * physical name. Unmapped names pass through unchanged. When regions declare their accounts, an
 * ExpectedBucketOwner naming another configured region's account is rewritten to this region's (a
 * DR bucket often lives in another account).
 */
@InternalApi
public final class BucketMapper {
  private static final Map<Class<?>, List<SdkField<?>>> RESPONSE_FIELDS = new ConcurrentHashMap<>();

  private final Map<String, String> toPhysical;
  private final Map<String, String> toLogical;
  private final String account;
  private final Set<String> otherAccounts;

  /**
   * Creates the mapper of one region.
   *
   * @param logicalToPhysical the region's bucket names
   * @param account the account that owns the region's buckets, or null if not declared
   * @param allAccounts the accounts every configured region declares
   */
  public BucketMapper(
      Map<String, String> logicalToPhysical, String account, Set<String> allAccounts) {
    this.toPhysical = Map.copyOf(logicalToPhysical);
    this.account = account;
    this.otherAccounts =
        account == null
            ? Set.of()
            : allAccounts.stream().filter(a -> !a.equals(account)).collect(Collectors.toSet());
    Map<String, String> reverse = new HashMap<>();
    logicalToPhysical.forEach((logical, physical) -> reverse.put(physical, logical));
    this.toLogical = Map.copyOf(reverse);
  }

  /**
   * Returns the region's name for a bucket.
   *
   * @param logical the application's name
   * @return the physical name (the same name if unmapped)
   */
  public String physical(String logical) {
    return toPhysical.getOrDefault(logical, logical);
  }

  /**
   * Rewrites every field of the request that names a bucket or its expected owner.
   *
   * @param request the request with the application's names
   * @param info the request's operation
   * @param <T> the request type
   * @return the request with this region's names
   */
  @SuppressWarnings("unchecked") // toBuilder().build() returns the request's own class
  public <T extends S3Request> T toRegion(T request, OperationInfo info) {
    if (toPhysical.isEmpty() && otherAccounts.isEmpty()) {
      return request;
    }
    S3Request.Builder builder = null;
    for (SdkField<?> field : info.ownerFields()) {
      String value = OperationInfo.stringValue(field, request);
      if (value != null && otherAccounts.contains(value)) {
        builder = builder == null ? request.toBuilder() : builder;
        field.set(builder, account);
      }
    }
    for (SdkField<?> field : info.bucketFields()) {
      String value = OperationInfo.stringValue(field, request);
      String physical = value == null ? null : toPhysical.get(value);
      if (physical != null && !physical.equals(value)) {
        builder = builder == null ? request.toBuilder() : builder;
        field.set(builder, physical);
      }
    }
    String copySource = OperationInfo.stringValue(info.copySource(), request);
    if (copySource != null) {
      String rewritten = rewriteCopySource(copySource);
      if (!rewritten.equals(copySource)) {
        builder = builder == null ? request.toBuilder() : builder;
        info.copySource().set(builder, rewritten);
      }
    }
    return builder == null ? request : (T) builder.build();
  }

  /** The legacy CopySource form "bucket/key[?versionId=...]", with or without a leading slash. */
  private String rewriteCopySource(String copySource) {
    int start = copySource.startsWith("/") ? 1 : 0;
    int slash = copySource.indexOf('/', start);
    if (slash < 0) {
      return copySource;
    }
    String physical = toPhysical.get(copySource.substring(start, slash));
    return physical == null ? copySource : physical + copySource.substring(slash);
  }

  /**
   * Maps bucket names in a response back to the application's logical names.
   *
   * @param result a region's result
   * @return the result with logical names
   */
  public Object toApplication(Object result) {
    if (toLogical.isEmpty() || !(result instanceof S3Response)) {
      return result;
    }
    if (result instanceof ListBucketsResponse) {
      return mapBuckets((ListBucketsResponse) result);
    }
    S3Response response = (S3Response) result;
    List<SdkField<?>> fields =
        RESPONSE_FIELDS.computeIfAbsent(result.getClass(), c -> nameFields(response));
    SdkResponse.Builder builder = null;
    for (SdkField<?> field : fields) {
      String value = OperationInfo.stringValue(field, response);
      String logical =
          value == null
              ? null
              : field.memberName().equals("Location") ? mapLocation(value) : toLogical.get(value);
      if (logical != null) {
        builder = builder == null ? response.toBuilder() : builder;
        field.set(builder, logical);
      }
    }
    return builder == null ? result : builder.build();
  }

  /**
   * A Location (CreateBucket, CompleteMultipartUpload) names the physical bucket in its host or its
   * path; the application gets the logical name there too, so that no physical name reaches it.
   */
  private String mapLocation(String location) {
    for (Map.Entry<String, String> e : toLogical.entrySet()) {
      String physical = e.getKey();
      String logical = e.getValue();
      String mapped =
          location
              .replace("//" + physical + ".", "//" + logical + ".")
              .replace("/" + physical + "/", "/" + logical + "/");
      if (mapped.endsWith("/" + physical)) {
        mapped = mapped.substring(0, mapped.length() - physical.length()) + logical;
      }
      if (!mapped.equals(location)) {
        return mapped;
      }
    }
    return null;
  }

  private ListBucketsResponse mapBuckets(ListBucketsResponse response) {
    if (!response.hasBuckets()) {
      return response;
    }
    List<Bucket> mapped = new ArrayList<>(response.buckets().size());
    for (Bucket bucket : response.buckets()) {
      String logical = toLogical.get(bucket.name());
      mapped.add(logical == null ? bucket : bucket.toBuilder().name(logical).build());
    }
    return response.toBuilder().buckets(mapped).build();
  }

  private static List<SdkField<?>> nameFields(SdkPojo response) {
    List<SdkField<?>> fields = new ArrayList<>(1);
    for (SdkField<?> field : response.sdkFields()) {
      String member = field.memberName();
      boolean named = member.equals("Bucket") || member.equals("Name") || member.equals("Location");
      if (named && field.marshallingType() == MarshallingType.STRING) {
        fields.add(field);
      }
    }
    return List.copyOf(fields);
  }
}
