package io.github.s3failover.testkit;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A real S3-compatible server on 127.0.0.1 standing in for one AWS region: an embedded s3proxy with
 * an in-memory blob store (or, with {@link Storage#DISK}, a filesystem one under a temporary
 * directory) and real SigV2/SigV4 authentication (a request signed with another secret gets 403).
 *
 * <p>The port is chosen by the system on the first start and kept for the life of the region, so
 * {@link #stop()} followed by {@link #start()} is an outage and a recovery at the same address, and
 * the data survives it. While stopped, connections to the port are refused.
 *
 * <p>Every request that reaches the server is counted as it arrives, by {@link Operation}; the
 * direct blob-store methods ({@link #putObject}, {@link #readObject}, ...) bypass HTTP and are not
 * counted. Use path-style addressing ({@code forcePathStyle(true)}) against {@link #endpoint()};
 * the signing region is not checked. Thread-safe.
 */
public final class LocalRegion implements AutoCloseable {

  /** Where a region keeps its objects. */
  public enum Storage {
    /**
     * In the JVM's heap: fastest, and gone with the region. Every byte uploaded stays in the heap
     * until deleted, and freed space is kept for reuse, so long runs that upload gigabytes need
     * {@link #DISK}.
     */
    MEMORY,
    /**
     * In s3proxy's filesystem blob store under a fresh temporary directory, deleted when the region
     * closes: the heap holds no object bytes.
     */
    DISK
  }

  private static final Logger LOG = LoggerFactory.getLogger(LocalRegion.class);

  private final String name;
  private final String accessKey;
  private final String secretKey;
  private final RegionStore store;
  private final RequestCounters counters = new RequestCounters();
  private final EmbeddedS3Proxy server;

  private LocalRegion(String name, String accessKey, String secretKey, Storage storage) {
    this.name = name;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.store = new RegionStore(name, storage);
    this.server = new EmbeddedS3Proxy(name, store.blobStore(), counters, accessKey, secretKey);
  }

  /**
   * Starts a region with its own access key ({@code AKIA} and the upper-cased name) and a random
   * secret key.
   *
   * @param name the region's name, e.g. {@code "primary"}
   * @return the running region
   */
  public static LocalRegion start(String name) {
    return start(name, defaultAccessKey(name), randomSecret());
  }

  /**
   * Starts a region that accepts the given credentials, e.g. the same ones for every region, as AWS
   * IAM credentials are valid in all regions.
   *
   * @param name the region's name
   * @param accessKey the only access key the region accepts
   * @param secretKey its secret key
   * @return the running region
   */
  public static LocalRegion start(String name, String accessKey, String secretKey) {
    return start(name, accessKey, secretKey, Storage.MEMORY);
  }

  /**
   * Starts a region that accepts the given credentials and keeps its objects where {@code storage}
   * says.
   *
   * @param name the region's name
   * @param accessKey the only access key the region accepts
   * @param secretKey its secret key
   * @param storage in the heap, or on disk under a temporary directory
   * @return the running region
   */
  public static LocalRegion start(
      String name, String accessKey, String secretKey, Storage storage) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(storage, "storage");
    long started = System.nanoTime();
    LocalRegion region = new LocalRegion(name, accessKey, secretKey, storage);
    LOG.debug(
        "region {} serving S3 at {} (started in {} ms)",
        name,
        region.endpoint(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return region;
  }

  /**
   * A stable access key for a region name.
   *
   * @param name the region's name
   * @return {@code AKIA} followed by 16 upper-case letters and digits
   */
  public static String defaultAccessKey(String name) {
    return RegionKeys.accessKey(name);
  }

  /**
   * A fresh random secret key of the length AWS uses.
   *
   * @return 40 random characters
   */
  public static String randomSecret() {
    return RegionKeys.secret();
  }

  /**
   * The region's name.
   *
   * @return the name given at start
   */
  public String name() {
    return name;
  }

  /**
   * Where the region serves S3, whether or not it is running now.
   *
   * @return {@code http://127.0.0.1:PORT}
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /**
   * The port, stable across {@link #stop()} and {@link #start()}.
   *
   * @return the port
   */
  public int port() {
    return server.port();
  }

  /**
   * The access key the region accepts.
   *
   * @return the access key id
   */
  public String accessKey() {
    return accessKey;
  }

  /**
   * The secret key of {@link #accessKey()}.
   *
   * @return the secret key
   */
  public String secretKey() {
    return secretKey;
  }

  /**
   * Credentials that this region accepts.
   *
   * @return a static provider of {@link #accessKey()} and {@link #secretKey()}
   */
  public AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
  }

  /**
   * Whether the region serves requests now.
   *
   * @return false after {@link #stop()} or {@link #close()}
   */
  public synchronized boolean isRunning() {
    return server.isRunning();
  }

  /**
   * Brings a stopped region back on the same port with the same data; does nothing if it runs.
   *
   * @throws IllegalStateException if the region was closed, or its port was taken meanwhile
   */
  public synchronized void start() {
    server.start();
  }

  /**
   * Takes the region down at once: open connections are dropped and new ones refused. The data is
   * kept for {@link #start()}.
   */
  public synchronized void stop() {
    server.stop();
  }

  /** {@link #stop()} then {@link #start()}. */
  public synchronized void restart() {
    stop();
    start();
  }

  /** Stops the region for good and drops its data (on disk too). */
  @Override
  public synchronized void close() {
    if (server.close()) {
      store.close();
    }
  }

  /**
   * Creates a bucket directly in the blob store (not counted); does nothing if it exists.
   *
   * @param bucket the bucket name
   */
  public void createBucket(String bucket) {
    store.createBucket(bucket);
  }

  /** Deletes every bucket and object directly in the blob store (not counted). */
  public void clear() {
    store.clear();
  }

  /**
   * Whether a bucket exists.
   *
   * @param bucket the bucket name
   * @return true if it exists
   */
  public boolean bucketExists(String bucket) {
    return store.bucketExists(bucket);
  }

  /**
   * Enables or suspends versioning of a bucket, directly in the blob store.
   *
   * @param bucket an existing bucket
   * @param enabled true to enable, false to suspend
   */
  public void setBucketVersioning(String bucket, boolean enabled) {
    store.setBucketVersioning(bucket, enabled);
  }

  /**
   * Writes an object directly in the blob store (not counted), e.g. to seed a replica.
   *
   * @param bucket an existing bucket
   * @param key the object key
   * @param data the object's content
   */
  public void putObject(String bucket, String key, byte[] data) {
    store.putObject(bucket, key, data);
  }

  /**
   * Sets an object's Last-Modified, as S3 replication gives a replica its source's. Pass whole
   * seconds, as S3 keeps them: s3proxy keeps the milliseconds of its files and then refuses (412)
   * an {@code If-Unmodified-Since} equal to the Last-Modified it reported itself, which the
   * Transfer Manager sends when it resumes a paused download.
   *
   * @param bucket an existing bucket
   * @param key an existing object
   * @param lastModified the time to report
   */
  public void setLastModified(String bucket, String key, Instant lastModified) {
    store.setLastModified(bucket, key, lastModified);
  }

  /**
   * Makes an object readable without credentials (canned ACL {@code public-read}), as a bucket
   * policy would for the health object Route 53's checkers GET anonymously.
   *
   * @param bucket an existing bucket
   * @param key an existing object's key
   */
  public void makePublic(String bucket, String key) {
    store.makePublic(bucket, key);
  }

  /**
   * Reads an object directly from the blob store (not counted).
   *
   * @param bucket an existing bucket
   * @param key the object key
   * @return the content, or empty if there is no such object
   */
  public Optional<byte[]> readObject(String bucket, String key) {
    return store.readObject(bucket, key);
  }

  /**
   * Whether an object exists, asked of the blob store directly (not counted).
   *
   * @param bucket an existing bucket
   * @param key the object key
   * @return true if the object exists
   */
  public boolean objectExists(String bucket, String key) {
    return store.objectExists(bucket, key);
  }

  /**
   * Deletes an object directly in the blob store (not counted); does nothing if it is absent.
   *
   * @param bucket an existing bucket
   * @param key the object key
   */
  public void deleteObject(String bucket, String key) {
    store.deleteObject(bucket, key);
  }

  /**
   * The keys of a bucket, listed from the blob store directly (not counted).
   *
   * @param bucket an existing bucket
   * @return every key, in S3's (lexicographic) order
   */
  public List<String> listKeys(String bucket) {
    return store.listKeys(bucket);
  }

  /**
   * S3 requests that reached this server since start or {@link #resetCounters()}, whatever their
   * outcome (a request refused with 403 counts too).
   *
   * @return the total count
   */
  public long requestCount() {
    return counters.total();
  }

  /**
   * S3 requests of one kind that reached this server.
   *
   * @param operation the kind of request
   * @return the count
   */
  public long requestCount(Operation operation) {
    return counters.count(Objects.requireNonNull(operation, "operation"));
  }

  /**
   * A snapshot of the counts of every kind, handy in assertion messages.
   *
   * @return the count of each {@link Operation}, zeros included
   */
  public Map<Operation, Long> requestCounts() {
    return counters.snapshot();
  }

  /**
   * How many PutObject and UploadPart requests for one key reached this server, whether or not they
   * succeeded: the number of times a body for that key was sent here.
   *
   * @param bucket the bucket
   * @param key the object key
   * @return the count
   */
  public long uploadsReceived(String bucket, String key) {
    return counters.uploads(bucket, key);
  }

  /**
   * Request body bytes the server read, as they came on the wire (with aws-chunked framing and
   * trailers, if the client used them).
   *
   * @return the byte count
   */
  public long bodyBytesReceived() {
    return counters.bodyBytes();
  }

  /** Sets every request counter back to zero. */
  public void resetCounters() {
    counters.reset();
  }

  @Override
  public String toString() {
    return "LocalRegion[" + name + " at " + endpoint() + "]";
  }
}
