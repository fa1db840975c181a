package io.github.s3failover.route53.internal;

/** Route 53 returns ids with a type prefix ({@code /hostedzone/Z1}) but takes them without. */
public final class Ids {

  private Ids() {}

  /**
   * A hosted zone id without its prefix.
   *
   * @param id {@code /hostedzone/Z1} or {@code Z1}
   * @return {@code Z1}
   */
  public static String zoneId(String id) {
    return strip(id, "/hostedzone/");
  }

  /**
   * A change id without its prefix.
   *
   * @param id {@code /change/C1} or {@code C1}
   * @return {@code C1}
   */
  public static String changeId(String id) {
    return strip(id, "/change/");
  }

  private static String strip(String id, String prefix) {
    return id.startsWith(prefix) ? id.substring(prefix.length()) : id;
  }
}
