package io.github.s3failover.route53.canary;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One round of the canary: PUT an object with a fresh token, GET it back and compare, both signed
 * with the caller's credentials, as the application reads and writes. Success means the region
 * served a write and a read-after-write for this role within the client's timeouts.
 */
public final class CanaryProbe {

  /** The result of one round. */
  public record Result(boolean success, Duration took, String detail) {}

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final Clock clock;

  /**
   * Creates a probe.
   *
   * @param s3 a client for the probed region, with the application's credentials
   * @param bucket the bucket
   * @param key the canary object's key (the role needs s3:PutObject and s3:GetObject on it)
   * @param clock the clock for tokens and timings
   */
  public CanaryProbe(S3Client s3, String bucket, String key, Clock clock) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.key = Objects.requireNonNull(key, "key");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs one round.
   *
   * @return whether the PUT and the GET both worked and the GET returned what was PUT
   */
  public Result run() {
    Instant start = clock.instant();
    String token = "s3-failover canary " + start;
    try {
      s3.putObject(
          r -> r.bucket(bucket).key(key).contentType("text/plain"),
          RequestBody.fromString(token, StandardCharsets.UTF_8));
      String read = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
      Duration took = Duration.between(start, clock.instant());
      if (!token.equals(read)) {
        return new Result(false, took, "GET returned another body than the PUT wrote");
      }
      return new Result(true, took, "PUT and GET worked");
    } catch (SdkException e) {
      return new Result(false, Duration.between(start, clock.instant()), e.getMessage());
    }
  }
}
