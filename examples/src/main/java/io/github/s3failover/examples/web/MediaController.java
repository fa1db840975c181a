package io.github.s3failover.examples.web;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Serves objects of the logical bucket {@code media}. It knows nothing of regions: the {@code
 * S3Client} it gets is the failover client, which picks the region and its physical bucket.
 */
@RestController
public class MediaController {
  private final S3Client s3;

  /**
   * Creates the controller.
   *
   * @param s3 the application's S3 client
   */
  public MediaController(S3Client s3) {
    this.s3 = s3;
  }

  /**
   * Returns an object's bytes.
   *
   * @param key the object key
   * @return 200 with the bytes, or 404
   */
  @GetMapping("/media/{key}")
  public ResponseEntity<byte[]> get(@PathVariable("key") String key) {
    try {
      byte[] body = s3.getObjectAsBytes(b -> b.bucket("media").key(key)).asByteArray();
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(body);
    } catch (NoSuchKeyException e) {
      return ResponseEntity.notFound().build();
    }
  }
}
