package io.github.s3failover.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.AbstractNio2BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The blob store of one {@link LocalRegion} (in the heap, or under a temporary directory it deletes
 * on close) and the direct access to it that bypasses HTTP: nothing here is counted. The public
 * contract of each method is on the {@link LocalRegion} method that calls it.
 */
final class RegionStore implements AutoCloseable {

  // Logs under LocalRegion's name, as before this class was split from it.
  private static final Logger LOG = LoggerFactory.getLogger(LocalRegion.class);

  private final String name;
  private final BlobStore store;
  private final Path directory; // null for Storage.MEMORY

  RegionStore(String name, LocalRegion.Storage storage) {
    this.name = name;
    if (storage == LocalRegion.Storage.DISK) {
      try {
        this.directory = Files.createTempDirectory("s3f-region-" + name);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a directory for region " + name, e);
      }
      this.store = new FilesystemNio2BlobStore(directory.toString());
    } else {
      this.directory = null;
      this.store = new TransientNio2BlobStore();
    }
  }

  /** The blob store the region's server serves. */
  BlobStore blobStore() {
    return store;
  }

  void createBucket(String bucket) {
    if (!store.containerExists(bucket)) {
      store.createContainer(bucket);
    }
  }

  void clear() {
    store.list().buckets().forEach(bucket -> store.deleteContainer(bucket.name()));
  }

  boolean bucketExists(String bucket) {
    return store.containerExists(bucket);
  }

  void setBucketVersioning(String bucket, boolean enabled) {
    store.putBucketVersioning(
        bucket, enabled ? BucketVersioningStatus.ENABLED : BucketVersioningStatus.SUSPENDED);
  }

  void putObject(String bucket, String key, byte[] data) {
    PutObjectRequest request =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(key)
            .contentLength((long) data.length)
            .build();
    store.putBlob(request, new ByteArrayInputStream(data));
  }

  void setLastModified(String bucket, String key, Instant lastModified) {
    Path file = storeRoot().resolve(bucket).resolve(key);
    try {
      Files.setLastModifiedTime(file, FileTime.from(lastModified));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set the time of " + bucket + "/" + key, e);
    }
  }

  /** Where the blob store keeps its files (in memory or on disk); s3proxy does not publish it. */
  private Path storeRoot() {
    try {
      Method root = AbstractNio2BlobStore.class.getDeclaredMethod("getRoot");
      root.setAccessible(true);
      return (Path) root.invoke(store);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this s3proxy's blob store hides its files", e);
    }
  }

  void makePublic(String bucket, String key) {
    store.setBlobAccess(bucket, key, ObjectCannedACL.PUBLIC_READ);
  }

  Optional<byte[]> readObject(String bucket, String key) {
    try (ResponseInputStream<GetObjectResponse> in = store.getBlob(bucket, key)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean objectExists(String bucket, String key) {
    return store.blobExists(bucket, key);
  }

  void deleteObject(String bucket, String key) {
    store.removeBlob(bucket, key);
  }

  List<String> listKeys(String bucket) {
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      ListObjectsV2Response page =
          store.list(
              ListObjectsV2Request.builder().bucket(bucket).continuationToken(token).build());
      page.contents().stream().map(S3Object::key).forEach(keys::add);
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return keys;
  }

  /** Closes the blob store and deletes its directory, if it has one; call once. */
  @Override
  public void close() {
    store.close();
    if (directory != null) {
      deleteTree(directory);
    }
  }

  private void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("region {}: cannot delete {}", name, root, e);
    }
  }
}
