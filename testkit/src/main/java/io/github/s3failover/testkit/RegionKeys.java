package io.github.s3failover.testkit;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * How a {@link LocalRegion} makes up credentials of the shapes AWS uses; the public contract is on
 * {@link LocalRegion#defaultAccessKey} and {@link LocalRegion#randomSecret}.
 */
final class RegionKeys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SECRET_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private RegionKeys() {}

  static String accessKey(String name) {
    String letters = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    return "AKIA" + (letters + "X".repeat(16)).substring(0, 16);
  }

  static String secret() {
    StringBuilder secret = new StringBuilder(40);
    for (int i = 0; i < 40; i++) {
      secret.append(SECRET_ALPHABET.charAt(RANDOM.nextInt(SECRET_ALPHABET.length())));
    }
    return secret.toString();
  }
}
