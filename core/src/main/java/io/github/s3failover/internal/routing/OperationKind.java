package io.github.s3failover.internal.routing;

import io.github.s3failover.internal.InternalApi;

/**
 * How an S3 operation may move between regions (README, "What fails over and what never moves").
 */
@InternalApi
public enum OperationKind {
  /** Reads: fail over freely. */
  READ,
  /** Object writes: follow the write policy; move only with a replayable body. */
  WRITE,
  /** Parts, completion, abort and listing of a multipart upload: stay with the upload id. */
  MULTIPART_BOUND,
  /** Bucket configuration and anything unclassified: the preferred region only. */
  BUCKET_ADMIN;

  static OperationKind of(String operation) {
    switch (operation) {
      case "UploadPart":
      case "UploadPartCopy":
      case "CompleteMultipartUpload":
      case "AbortMultipartUpload":
      case "ListParts":
        return MULTIPART_BOUND;
      case "PutObject":
      case "DeleteObject":
      case "DeleteObjects":
      case "CopyObject":
      case "CreateMultipartUpload":
      case "PutObjectTagging":
      case "DeleteObjectTagging":
      case "PutObjectAcl":
      case "PutObjectRetention":
      case "PutObjectLegalHold":
      case "RestoreObject":
      case "RenameObject":
      case "UpdateObjectEncryption":
      case "PutObjectAnnotation":
      case "DeleteObjectAnnotation":
        return WRITE;
      default:
        break;
    }
    if (operation.startsWith("Get")
        || operation.startsWith("Head")
        || operation.startsWith("List")) {
      return READ;
    }
    // Unknown operations land here too: a new SDK operation is never moved between regions
    // until someone has decided that moving it is safe.
    return BUCKET_ADMIN;
  }
}
