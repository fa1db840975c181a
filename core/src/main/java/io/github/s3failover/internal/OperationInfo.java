package io.github.s3failover.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * What the router needs to know about one request class, computed once per class: the operation's
 * name and kind, and which fields name a bucket, an upload id or a continuation token.
 */
final class OperationInfo {
  private static final Map<Class<?>, OperationInfo> CACHE = new ConcurrentHashMap<>();

  final String name;
  final OperationKind kind;
  final List<SdkField<?>> bucketFields;
  final SdkField<?> copySource;
  final SdkField<?> uploadId;
  final SdkField<?> continuationToken;

  private OperationInfo(S3Request request) {
    String simple = request.getClass().getSimpleName();
    this.name = simple.endsWith("Request") ? simple.substring(0, simple.length() - 7) : simple;
    this.kind = OperationKind.of(name);
    List<SdkField<?>> buckets = new ArrayList<>(2);
    SdkField<?> copy = null;
    SdkField<?> upload = null;
    SdkField<?> token = null;
    for (SdkField<?> field : request.sdkFields()) {
      switch (field.memberName()) {
        case "Bucket":
        case "SourceBucket":
        case "DestinationBucket":
          buckets.add(field);
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
        default:
          break;
      }
    }
    this.bucketFields = List.copyOf(buckets);
    this.copySource = copy;
    this.uploadId = upload;
    this.continuationToken = token;
  }

  static OperationInfo of(S3Request request) {
    OperationInfo info = CACHE.get(request.getClass());
    if (info == null) {
      info = CACHE.computeIfAbsent(request.getClass(), c -> new OperationInfo(request));
    }
    return info;
  }

  static String stringValue(SdkField<?> field, SdkPojo pojo) {
    if (field == null) {
      return null;
    }
    Object value = field.getValueOrDefault(pojo);
    return value instanceof String ? (String) value : null;
  }
}
