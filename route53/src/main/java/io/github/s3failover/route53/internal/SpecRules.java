package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.SpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Collects the problems of a spec object so that a user sees every bad field at once, each named
 * with its allowed values, rather than one per run.
 */
public final class SpecRules {

  /** The regions Route 53 runs health checkers in, as its API spells them. */
  public static final List<String> CHECKER_REGIONS =
      List.of(
          "us-east-1",
          "us-west-1",
          "us-west-2",
          "eu-west-1",
          "ap-southeast-1",
          "ap-southeast-2",
          "ap-northeast-1",
          "sa-east-1");

  private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
  private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern ZONE_ID = Pattern.compile("(/hostedzone/)?Z[A-Z0-9]{1,31}");

  private final List<String> problems = new ArrayList<>();

  /**
   * Records a problem unless a condition holds.
   *
   * @param ok the condition
   * @param field the field's name
   * @param problem what is wrong, with the allowed values
   * @return {@code ok}
   */
  public boolean require(boolean ok, String field, String problem) {
    if (!ok) {
      problems.add(field + ": " + problem);
    }
    return ok;
  }

  /**
   * Records a problem if a value is null or blank.
   *
   * @param value the value
   * @param field the field's name
   * @return true if present
   */
  public boolean present(Object value, String field) {
    return require(
        value != null && !(value instanceof String s && s.isBlank()), field, "is required");
  }

  /**
   * Throws every problem recorded so far.
   *
   * @throws SpecException if there is any
   */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new SpecException(problems);
    }
  }

  /**
   * Whether a name is a valid DNS host name (letters, digits, hyphens, underscores).
   *
   * @param name a name without a trailing dot
   * @return true if valid
   */
  public static boolean isHostName(String name) {
    if (name.isEmpty() || name.length() > 253 || !name.contains(".")) {
      return false;
    }
    for (String label : name.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Lower-cases a DNS name and strips its trailing dot: Route 53 answers with the dot, specs are
   * written without, and comparisons must not care.
   *
   * @param name a DNS name, or null
   * @return the normalized name, or null
   */
  public static String normalizeName(String name) {
    if (name == null) {
      return null;
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  /**
   * Whether a string looks like a hosted zone id rather than a zone name.
   *
   * @param zone the spec's hostedZone value
   * @return true for {@code Z...} or {@code /hostedzone/Z...}
   */
  public static boolean isZoneId(String zone) {
    return ZONE_ID.matcher(zone).matches();
  }

  /**
   * Whether a string is an AWS region id such as {@code us-east-1}.
   *
   * @param region the value
   * @return true if it has the shape of one
   */
  public static boolean isAwsRegion(String region) {
    return AWS_REGION.matcher(region).matches();
  }

  /**
   * Whether a string follows S3's bucket naming rules (3-63 characters, lower case, digits, dots,
   * hyphens; starts and ends with a letter or digit; no "..").
   *
   * @param bucket the value
   * @return true if valid
   */
  public static boolean isBucketName(String bucket) {
    return BUCKET.matcher(bucket).matches() && !bucket.contains("..");
  }
}
