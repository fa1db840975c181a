package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.ProxiedRequest;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A GetObject body streamed through the async client ({@code toPublisher()}, {@code
 * toBlockingInputStream()}) whose connection is cut mid-way resumes from the byte reached, at most
 * three times, and never mixes two versions of the object.
 */
@LocalRegions(count = 2)
@Timeout(60)
class AsyncResumeTest {
  private static final int SIZE = 1024 * 1024;
  private static final long CUT_AFTER = 200_000;
  private static final String KEY = "streamed";

  private final Fixture fixture = new Fixture();
  private final List<ProxiedRequest> resumes = new CopyOnWriteArrayList<>();
  private final List<ProxiedRequest> gets = new CopyOnWriteArrayList<>();

  /** The two SDK transformers whose bodies reach the application as they arrive. */
  enum Reader {
    PUBLISHER,
    BLOCKING_STREAM
  }

  /** What the application got: its bytes, then how the body ended (null if complete). */
  record Read(byte[] bytes, Throwable failure) {}

  @ParameterizedTest
  @EnumSource(Reader.class)
  void aStreamedReadWhoseRegionRefusesMovesRegionBeforeItsFirstByte(
      Reader reader, TestRegions regions) {
    byte[] content = seed(regions);
    watchResumes(regions, r -> {});
    regions.primary().tcp().refuse();
    try (FailoverS3AsyncClient client = client(regions)) {
      Read read = read(client, reader);

      assertThat(read.failure()).isNull();
      assertThat(read.bytes()).isEqualTo(content);
      assertThat(resumes).isEmpty();
      assertThat(gets).as("all from the secondary").hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void aBodyCutOnceIsResumedOnceWithTheExactBytes(Reader reader, TestRegions regions) {
    byte[] content = seed(regions);
    TestRegion primary = regions.primary();
    primary.tcp().resetAfterBytes(CUT_AFTER);
    // The resume itself goes through: the first request for the rest heals the primary.
    watchResumes(regions, r -> primary.tcp().pass());
    try (FailoverS3AsyncClient client = client(regions)) {
      Read read = read(client, reader);

      assertThat(read.failure()).isNull();
      assertThat(read.bytes()).isEqualTo(content);
      assertThat(resumes).hasSize(1);
      assertThat(gets).as("the read and its one resume, nothing repeated in the region").hasSize(2);
      ProxiedRequest resume = resumes.get(0);
      assertThat(resume.header("if-match")).contains(etagOf(content));
      long from = Long.parseLong(resume.header("range").orElseThrow().replaceAll("\\D", ""));
      assertThat(from).as("the byte reached").isPositive().isLessThan(CUT_AFTER);
    }
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void aFourthCutEndsTheStreamAfterThreeResumesWithNoByteRepeated(
      Reader reader, TestRegions regions) {
    byte[] content = seed(regions);
    watchResumes(regions, r -> {});
    for (TestRegion region : regions.all()) {
      region.tcp().resetAfterBytes(CUT_AFTER);
    }
    try (FailoverS3AsyncClient client = client(regions)) {
      Read read = read(client, reader);

      assertThat(read.failure()).isNotNull();
      assertThat(causes(read.failure())).noneMatch(ObjectChangedException.class::isInstance);
      // Each resume asks for the rest from where the last one broke: distinct ranges, one each
      // (a resume that itself moved region asks twice for the same range).
      assertThat(resumes.stream().map(r -> r.header("range").orElseThrow()).distinct()).hasSize(3);
      assertThat(read.bytes().length).isGreaterThan(3 * (int) CUT_AFTER / 2).isLessThan(SIZE);
      assertThat(read.bytes()).isEqualTo(Arrays.copyOf(content, read.bytes().length));
    }
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void anObjectOverwrittenBetweenTheCutAndTheResumeEndsTheStreamWithObjectChanged(
      Reader reader, TestRegions regions) {
    byte[] content = seed(regions);
    TestRegion primary = regions.primary();
    primary.tcp().resetAfterBytes(CUT_AFTER);
    AtomicBoolean overwritten = new AtomicBoolean();
    // The request for the rest is held at the proxy until the object has been overwritten.
    watchResumes(
        regions,
        r -> {
          if (overwritten.compareAndSet(false, true)) {
            byte[] other = randomBytes(SIZE, 7);
            for (TestRegion region : regions.all()) {
              region.region().putObject(Fixture.physical(region), KEY, other);
            }
            primary.tcp().pass();
          }
        });
    try (FailoverS3AsyncClient client = client(regions)) {
      Read read = read(client, reader);

      ObjectChangedException changed =
          causes(read.failure()).stream()
              .filter(ObjectChangedException.class::isInstance)
              .map(ObjectChangedException.class::cast)
              .findFirst()
              .orElseThrow(() -> new AssertionError("not ObjectChanged", read.failure()));
      assertThat(changed.getMessage()).contains(KEY).contains("changed");
      assertThat(changed.eTag()).isEqualTo(etagOf(content));
      if (reader == Reader.PUBLISHER) {
        assertThat(changed.bytesDelivered()).isEqualTo(read.bytes().length);
      } else {
        // The SDK's blocking stream drops what it held unread when the failure arrives.
        assertThat(changed.bytesDelivered()).isGreaterThanOrEqualTo(read.bytes().length);
      }
      assertThat(read.bytes()).isEqualTo(Arrays.copyOf(content, read.bytes().length));
      assertThat(resumes.stream().map(r -> r.header("range").orElseThrow()).distinct())
          .as("no second resume after the 412")
          .hasSize(1);
    }
  }

  /**
   * A read timeout long enough that a busy machine is not taken for a dead region: the faults here
   * are cuts and refusals, which need no timeout to be seen.
   */
  private FailoverS3AsyncClient client(TestRegions regions) {
    return FailoverS3AsyncClient.builder(
            fixture.builder(regions).readTimeout(Duration.ofSeconds(5)))
        .build();
  }

  private byte[] seed(TestRegions regions) {
    byte[] content = randomBytes(SIZE, 1);
    Fixture.seed(regions, KEY, content);
    return content;
  }

  /** Records every GET of the object, and those for the rest of it (a Range header). */
  private void watchResumes(TestRegions regions, Consumer<ProxiedRequest> then) {
    for (TestRegion region : regions.all()) {
      region
          .tcp()
          .addRequestListener(
              r -> {
                if (!r.method().equals("GET") || !r.path().endsWith("/" + KEY)) {
                  return;
                }
                gets.add(r);
                if (r.header("range").isPresent()) {
                  resumes.add(r);
                  then.accept(r);
                }
              });
    }
  }

  private static Read read(FailoverS3AsyncClient client, Reader reader) {
    try {
      return reader == Reader.PUBLISHER ? readPublisher(client) : readStream(client);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Reads with a subscriber that asks for one buffer at a time. */
  private static Read readPublisher(FailoverS3AsyncClient client) throws Exception {
    ResponsePublisher<GetObjectResponse> body =
        client
            .getObject(
                b -> b.bucket(Fixture.BUCKET).key(KEY), AsyncResponseTransformer.toPublisher())
            .get(30, TimeUnit.SECONDS);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CompletableFuture<Throwable> end = new CompletableFuture<>();
    body.subscribe(
        new Subscriber<ByteBuffer>() {
          private Subscription subscription;

          @Override
          public void onSubscribe(Subscription s) {
            subscription = s;
            s.request(1);
          }

          @Override
          public void onNext(ByteBuffer buffer) {
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.write(chunk, 0, chunk.length);
            subscription.request(1);
          }

          @Override
          public void onError(Throwable t) {
            end.complete(t);
          }

          @Override
          public void onComplete() {
            end.complete(null);
          }
        });
    Throwable failure = end.get(30, TimeUnit.SECONDS);
    return new Read(bytes.toByteArray(), failure);
  }

  private static Read readStream(FailoverS3AsyncClient client) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ResponseInputStream<GetObjectResponse> in =
        client
            .getObject(
                b -> b.bucket(Fixture.BUCKET).key(KEY),
                AsyncResponseTransformer.toBlockingInputStream())
            .get(30, TimeUnit.SECONDS)) {
      readAll(in, bytes);
      return new Read(bytes.toByteArray(), null);
    } catch (Exception e) {
      return new Read(bytes.toByteArray(), e);
    }
  }

  private static void readAll(InputStream in, ByteArrayOutputStream to) throws Exception {
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      to.write(buffer, 0, n);
    }
  }

  private static List<Throwable> causes(Throwable failure) {
    List<Throwable> chain = new CopyOnWriteArrayList<>();
    for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static String etagOf(byte[] content) {
    try {
      StringBuilder hex = new StringBuilder("\"");
      for (byte b : java.security.MessageDigest.getInstance("MD5").digest(content)) {
        hex.append(String.format("%02x", b));
      }
      return hex.append('"').toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
