package io.github.s3failover.testkit;

/**
 * The kinds of S3 request a {@link LocalRegion} counts, classified from the HTTP method, the
 * path-style URL and its query parameters as each request arrives.
 */
public enum Operation {
  /** GetObject. */
  GET_OBJECT,
  /** HeadObject. */
  HEAD_OBJECT,
  /** PutObject (a single-part upload). */
  PUT_OBJECT,
  /** CopyObject (a PUT with {@code x-amz-copy-source}). */
  COPY_OBJECT,
  /** DeleteObject. */
  DELETE_OBJECT,
  /** DeleteObjects (a batch delete). */
  DELETE_OBJECTS,
  /** ListObjects and ListObjectsV2. */
  LIST_OBJECTS,
  /** HeadBucket. */
  HEAD_BUCKET,
  /** CreateBucket. */
  CREATE_BUCKET,
  /** CreateMultipartUpload. */
  CREATE_MULTIPART_UPLOAD,
  /** UploadPart. */
  UPLOAD_PART,
  /** CompleteMultipartUpload. */
  COMPLETE_MULTIPART_UPLOAD,
  /** AbortMultipartUpload. */
  ABORT_MULTIPART_UPLOAD,
  /** Anything else: ListBuckets, ACLs, tagging, versioning, ListParts, UploadPartCopy, ... */
  OTHER;

  /**
   * Whether this is one of the four steps of a multipart upload.
   *
   * @return true for the multipart operations
   */
  public boolean isMultipart() {
    return this == CREATE_MULTIPART_UPLOAD
        || this == UPLOAD_PART
        || this == COMPLETE_MULTIPART_UPLOAD
        || this == ABORT_MULTIPART_UPLOAD;
  }
}
