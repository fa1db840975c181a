package io.github.s3failover.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A GetObject answers one version whole: its ETag, its length and its bytes belong together, as
 * S3's do, even while the key is being overwritten. s3proxy alone read the ETag from the file at
 * the key and then opened whatever file was there a moment later: about one read in 300 under
 * steady overwrites carried the ETag of one version and the bytes of the next, and a resumed read
 * that trusted that ETag continued with bytes of another version.
 */
@Timeout(60)
class ConsistentReadsTest {
  private static final String BUCKET = "consistent";
  private static final int SIZE = 64 * 1024;

  @Test
  void aReadsEtagMatchesItsBytesWhileTheKeyIsOverwritten() throws Exception {
    try (LocalRegion region = LocalRegion.start("primary");
        S3Client writer = Clients.s3(region.endpoint(), region.credentials());
        S3Client reader = Clients.s3(region.endpoint(), region.credentials())) {
      region.createBucket(BUCKET);
      writer.putObject(p -> p.bucket(BUCKET).key("k"), RequestBody.fromBytes(version(0)));
      AtomicBoolean stop = new AtomicBoolean();
      Thread overwriting =
          new Thread(
              () -> {
                for (int v = 1; !stop.get(); v++) {
                  byte[] content = version(v);
                  writer.putObject(p -> p.bucket(BUCKET).key("k"), RequestBody.fromBytes(content));
                }
              });
      overwriting.start();
      List<String> mismatched = new ArrayList<>();
      int reads = 0;
      try {
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
          ResponseBytes<GetObjectResponse> read =
              reader.getObjectAsBytes(g -> g.bucket(BUCKET).key("k"));
          reads++;
          String md5 = md5(read.asByteArrayUnsafe());
          if (!read.response().eTag().equals("\"" + md5 + "\"")) {
            mismatched.add(read.response().eTag() + " for bytes of " + md5);
          }
        }
      } finally {
        stop.set(true);
        overwriting.join();
      }

      assertThat(reads).isGreaterThan(300);
      assertThat(mismatched).as("reads of %d whose ETag is not their bytes'", reads).isEmpty();
    }
  }

  private static byte[] version(int v) {
    byte[] content = new byte[SIZE];
    Arrays.fill(content, (byte) v);
    return content;
  }

  private static String md5(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
  }
}
