package io.github.s3failover.internal.routing;

import io.github.s3failover.internal.InternalApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * What routing needs to know about one request class, computed once per class: the operation's name
 * and kind, and which fields name a bucket, a bucket owner, an upload id, a continuation token or a
 * condition on the region's current state.
 */
@InternalApi
public final class OperationInfo {
  private static final Map<Class<?>, OperationInfo> CACHE = new ConcurrentHashMap<>();

  private final String name;
  private final OperationKind kind;
  private final List<SdkField<?>> bucketFields;
  private final List<SdkField<?>> ownerFields;
  private final List<SdkField<?>> conditionFields;
  private final SdkField<?> copySource;
  private final SdkField<?> uploadId;
  private final SdkField<?> continuationToken;
  private final SdkField<?> bucket;
  private final SdkField<?> key;

  private OperationInfo(S3Request request) {
    String simple = request.getClass().getSimpleName();
    this.name = simple.endsWith("Request") ? simple.substring(0, simple.length() - 7) : simple;
    this.kind = OperationKind.of(name);
    List<SdkField<?>> buckets = new ArrayList<>(2);
    List<SdkField<?>> owners = new ArrayList<>(2);
    List<SdkField<?>> conditions = new ArrayList<>(2);
    SdkField<?> copy = null;
    SdkField<?> upload = null;
    SdkField<?> token = null;
    SdkField<?> bucketField = null;
    SdkField<?> keyField = null;
    for (SdkField<?> field : request.sdkFields()) {
      String member = field.memberName();
      switch (member) {
        case "Bucket":
          bucketField = field;
          buckets.add(field);
          break;
        case "SourceBucket":
        case "DestinationBucket":
          buckets.add(field);
          break;
        case "ExpectedBucketOwner":
        case "ExpectedSourceBucketOwner":
          owners.add(field);
          break;
        case "CopySource":
          copy = field;
          break;
        case "UploadId":
          upload = field;
          break;
        case "ContinuationToken":
          token = field;
          break;
        case "Key":
          keyField = field;
          break;
        default:
          // If-Match, If-None-Match (and their CopySource and DeleteObject variants) are checked
          // against one region's current state.
          if (member.startsWith("IfMatch")
              || member.startsWith("IfNoneMatch")
              || member.startsWith("CopySourceIf")) {
            conditions.add(field);
          }
          break;
      }
    }
    this.bucketFields = List.copyOf(buckets);
    this.ownerFields = List.copyOf(owners);
    this.conditionFields = List.copyOf(conditions);
    this.copySource = copy;
    this.uploadId = upload;
    this.continuationToken = token;
    this.bucket = bucketField;
    this.key = keyField;
  }

  /**
   * Returns the information of a request's class.
   *
   * @param request a request
   * @return the information, computed once per class
   */
  public static OperationInfo of(S3Request request) {
    OperationInfo info = CACHE.get(request.getClass());
    if (info == null) {
      info = CACHE.computeIfAbsent(request.getClass(), c -> new OperationInfo(request));
    }
    return info;
  }

  /**
   * Returns a field's value if it is a string.
   *
   * @param field a field, or null
   * @param pojo the object to read
   * @return the value, or null
   */
  public static String stringValue(SdkField<?> field, SdkPojo pojo) {
    if (field == null) {
      return null;
    }
    Object value = field.getValueOrDefault(pojo);
    return value instanceof String ? (String) value : null;
  }

  /**
   * Returns the operation's name, as in the S3 API ("GetObject").
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns how the operation may move between regions.
   *
   * @return the kind
   */
  public OperationKind kind() {
    return kind;
  }

  /**
   * Returns the fields that name a bucket.
   *
   * @return the fields
   */
  public List<SdkField<?>> bucketFields() {
    return bucketFields;
  }

  /**
   * Returns the fields that name the account expected to own a bucket.
   *
   * @return the fields
   */
  public List<SdkField<?>> ownerFields() {
    return ownerFields;
  }

  /**
   * Returns the legacy CopySource field ("bucket/key"), or null.
   *
   * @return the field
   */
  public SdkField<?> copySource() {
    return copySource;
  }

  /**
   * Returns the request's multipart upload id, or null.
   *
   * @param request a request of this class
   * @return the upload id
   */
  public String uploadId(S3Request request) {
    return stringValue(uploadId, request);
  }

  /**
   * Returns the request's bucket (the Bucket field), or null.
   *
   * @param request a request of this class
   * @return the bucket
   */
  public String bucket(S3Request request) {
    return stringValue(bucket, request);
  }

  /**
   * Returns the request's key, or null.
   *
   * @param request a request of this class
   * @return the key
   */
  public String key(S3Request request) {
    return stringValue(key, request);
  }

  /**
   * Returns the request's continuation token, or null.
   *
   * @param request a request of this class
   * @return the token
   */
  public String continuationToken(S3Request request) {
    return stringValue(continuationToken, request);
  }

  SdkField<?> continuationTokenField() {
    return continuationToken;
  }

  /**
   * Returns the name of the first condition the request carries on the region's current state
   * (If-Match, If-None-Match and the like), or null if it carries none.
   *
   * @param request a request of this class
   * @return the condition's member name, or null
   */
  public String condition(S3Request request) {
    for (SdkField<?> field : conditionFields) {
      if (field.getValueOrDefault(request) != null) {
        return field.memberName();
      }
    }
    return null;
  }
}
