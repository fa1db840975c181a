package io.github.s3failover.testkit;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The request counters of one {@link LocalRegion}; thread-safe. */
final class RequestCounters {

  /**
   * S3 sub-resources that turn a request into an operation other than the plain object or bucket
   * one (GET ?acl is GetObjectAcl, not GetObject). The multipart ones are handled before this.
   */
  private static final Set<String> SUBRESOURCES =
      Set.of(
          "accelerate",
          "acl",
          "analytics",
          "attributes",
          "cors",
          "encryption",
          "intelligent-tiering",
          "inventory",
          "legal-hold",
          "lifecycle",
          "location",
          "logging",
          "metrics",
          "notification",
          "object-lock",
          "ownershipControls",
          "policy",
          "policyStatus",
          "publicAccessBlock",
          "replication",
          "requestPayment",
          "restore",
          "retention",
          "select",
          "session",
          "tagging",
          "torrent",
          "uploads",
          "versioning",
          "versions",
          "website");

  private final Map<Operation, AtomicLong> byOperation;
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong bodyBytes = new AtomicLong();
  private final Map<String, AtomicLong> uploadsByKey = new ConcurrentHashMap<>();

  RequestCounters() {
    Map<Operation, AtomicLong> counts = new EnumMap<>(Operation.class);
    for (Operation operation : Operation.values()) {
      counts.put(operation, new AtomicLong());
    }
    byOperation = Collections.unmodifiableMap(counts);
  }

  /**
   * Counts one arriving request.
   *
   * @param method the HTTP method
   * @param decodedPath the decoded path, {@code /bucket/key} (path-style addressing)
   * @param query the raw query string, or null
   * @param copySource whether the request carries {@code x-amz-copy-source}
   * @return how the request was classified
   */
  Operation record(String method, String decodedPath, String query, boolean copySource) {
    String path = decodedPath == null ? "" : decodedPath;
    if (path.startsWith("/")) {
      path = path.substring(1);
    }
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    String key = slash < 0 ? "" : path.substring(slash + 1);
    Operation operation = classify(method, bucket, key, parameterNames(query), copySource);
    total.incrementAndGet();
    byOperation.get(operation).incrementAndGet();
    if (operation == Operation.PUT_OBJECT || operation == Operation.UPLOAD_PART) {
      uploadsByKey.computeIfAbsent(bucket + "/" + key, k -> new AtomicLong()).incrementAndGet();
    }
    return operation;
  }

  void addBodyBytes(long bytes) {
    bodyBytes.addAndGet(bytes);
  }

  long total() {
    return total.get();
  }

  long count(Operation operation) {
    return byOperation.get(operation).get();
  }

  Map<Operation, Long> snapshot() {
    Map<Operation, Long> copy = new EnumMap<>(Operation.class);
    byOperation.forEach((operation, count) -> copy.put(operation, count.get()));
    return Collections.unmodifiableMap(copy);
  }

  long uploads(String bucket, String key) {
    AtomicLong count = uploadsByKey.get(bucket + "/" + key);
    return count == null ? 0 : count.get();
  }

  long bodyBytes() {
    return bodyBytes.get();
  }

  void reset() {
    total.set(0);
    bodyBytes.set(0);
    byOperation.values().forEach(count -> count.set(0));
    uploadsByKey.clear();
  }

  static Operation classify(
      String method, String bucket, String key, Set<String> params, boolean copySource) {
    if (bucket.isEmpty()) {
      return Operation.OTHER;
    }
    boolean subresource = params.stream().anyMatch(SUBRESOURCES::contains);
    if (key.isEmpty()) {
      return classifyBucket(method, params, subresource);
    }
    boolean upload = params.contains("uploadId");
    switch (method) {
      case "GET":
        return upload || subresource ? Operation.OTHER : Operation.GET_OBJECT;
      case "HEAD":
        return subresource ? Operation.OTHER : Operation.HEAD_OBJECT;
      case "PUT":
        if (upload && params.contains("partNumber")) {
          return copySource ? Operation.OTHER : Operation.UPLOAD_PART;
        }
        if (upload || subresource) {
          return Operation.OTHER;
        }
        return copySource ? Operation.COPY_OBJECT : Operation.PUT_OBJECT;
      case "POST":
        if (params.contains("uploads")) {
          return Operation.CREATE_MULTIPART_UPLOAD;
        }
        return upload ? Operation.COMPLETE_MULTIPART_UPLOAD : Operation.OTHER;
      case "DELETE":
        if (upload) {
          return Operation.ABORT_MULTIPART_UPLOAD;
        }
        return subresource ? Operation.OTHER : Operation.DELETE_OBJECT;
      default:
        return Operation.OTHER;
    }
  }

  private static Operation classifyBucket(String method, Set<String> params, boolean subresource) {
    switch (method) {
      case "GET":
        return subresource ? Operation.OTHER : Operation.LIST_OBJECTS;
      case "HEAD":
        return Operation.HEAD_BUCKET;
      case "PUT":
        return subresource ? Operation.OTHER : Operation.CREATE_BUCKET;
      case "POST":
        return params.contains("delete") ? Operation.DELETE_OBJECTS : Operation.OTHER;
      default:
        return Operation.OTHER;
    }
  }

  private static Set<String> parameterNames(String query) {
    if (query == null || query.isEmpty()) {
      return Set.of();
    }
    Set<String> names = new HashSet<>();
    Arrays.stream(query.split("&"))
        .map(pair -> pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('=')))
        .filter(name -> !name.isEmpty())
        .forEach(names::add);
    return names;
  }
}
