package io.github.s3failover.testkit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Makes s3proxy's reads answer one version whole, as S3's do: the ETag, length and bytes of a
 * GetObject belong together even while the key is overwritten.
 *
 * <p>s3proxy's file-backed stores read a blob's metadata from the file at the key, then open the
 * file there; an overwrite moves a new file into place between the two, and the answer carried the
 * ETag of one version and the bytes of the next (about one read in 300 under steady overwrites,
 * {@code ConsistentReadsTest}). Once opened, a file's bytes stay those of the version opened, so a
 * read is checked after it is opened: if the key's metadata still names the same ETag, the opened
 * file is that version; if not, the read is closed and made again. (A key overwritten back to the
 * very same bytes has the same ETag, and either file is right.) Reads of a version id are left
 * alone: a version never changes.
 */
final class ConsistentReads implements InvocationHandler {
  /** Reads made again at most, before the last one is answered as it is. */
  private static final int ATTEMPTS = 8;

  private final BlobStore store;

  private ConsistentReads(BlobStore store) {
    this.store = store;
  }

  /** Wraps a store so that its reads are consistent; every other call passes through. */
  static BlobStore wrap(BlobStore store) {
    return (BlobStore)
        Proxy.newProxyInstance(
            BlobStore.class.getClassLoader(),
            new Class<?>[] {BlobStore.class},
            new ConsistentReads(store));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("getBlob")
        && args != null
        && args.length == 1
        && args[0] instanceof GetObjectRequest) {
      return getBlob((GetObjectRequest) args[0]);
    }
    try {
      return method.invoke(store, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request)
      throws Exception {
    ResponseInputStream<GetObjectResponse> read = store.getBlob(request);
    if (request.versionId() != null) {
      return read;
    }
    for (int attempt = 1; attempt < ATTEMPTS; attempt++) {
      HeadObjectResponse now = store.blobMetadataIfPresent(request.bucket(), request.key());
      if (now != null && Objects.equals(now.eTag(), read.response().eTag())) {
        return read;
      }
      read.close();
      read = store.getBlob(request);
    }
    return read;
  }
}
