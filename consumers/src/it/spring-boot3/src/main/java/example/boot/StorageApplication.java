package example.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application whose S3Client is the auto-configured failover client. */
@SpringBootApplication
public class StorageApplication {
  /**
   * Starts it.
   *
   * @param args Spring Boot's arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(StorageApplication.class, args);
  }
}
