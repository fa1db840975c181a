package io.github.s3failover.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * The regions of a test, in order: {@code primary}, {@code secondary}, {@code tertiary}, ... As a
 * parameter it is injected by {@link LocalRegionsExtension}; it can also be made directly with
 * {@link #start(int, boolean)} and closed by the caller.
 */
public final class TestRegions implements AutoCloseable {

  private static final List<String> NAMES = List.of("primary", "secondary", "tertiary");

  private final List<TestRegion> regions;

  private TestRegions(List<TestRegion> regions) {
    this.regions = List.copyOf(regions);
  }

  /**
   * Starts {@code count} regions, each behind its own TCP fault proxy.
   *
   * @param count how many, at least 1
   * @param sharedCredentials whether all regions accept one key pair, as AWS regions do
   * @return the running regions
   */
  public static TestRegions start(int count, boolean sharedCredentials) {
    return start(count, sharedCredentials, LocalRegion.Storage.MEMORY);
  }

  /**
   * Starts {@code count} regions, each behind its own TCP fault proxy, keeping their objects where
   * {@code storage} says.
   *
   * @param count how many, at least 1
   * @param sharedCredentials whether all regions accept one key pair, as AWS regions do
   * @param storage in the heap, or on disk (for runs that upload more than the heap should hold)
   * @return the running regions
   */
  public static TestRegions start(
      int count, boolean sharedCredentials, LocalRegion.Storage storage) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1: " + count);
    }
    String accessKey = LocalRegion.defaultAccessKey("shared");
    String secretKey = LocalRegion.randomSecret();
    List<TestRegion> started = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        String name = nameOf(i);
        LocalRegion region =
            sharedCredentials
                ? LocalRegion.start(name, accessKey, secretKey, storage)
                : LocalRegion.start(
                    name, LocalRegion.defaultAccessKey(name), LocalRegion.randomSecret(), storage);
        started.add(TestRegion.around(region));
      }
    } catch (RuntimeException e) {
      started.forEach(TestRegion::close);
      throw e;
    }
    return new TestRegions(started);
  }

  /**
   * The name of the region at an index.
   *
   * @param index zero-based
   * @return {@code primary}, {@code secondary}, {@code tertiary}, then {@code region4}...
   */
  public static String nameOf(int index) {
    return index < NAMES.size() ? NAMES.get(index) : "region" + (index + 1);
  }

  /**
   * The region at an index.
   *
   * @param index zero-based: 0 is the primary
   * @return the region
   */
  public TestRegion get(int index) {
    return regions.get(index);
  }

  /**
   * The first region.
   *
   * @return {@code get(0)}
   */
  public TestRegion primary() {
    return get(0);
  }

  /**
   * The second region.
   *
   * @return {@code get(1)}
   */
  public TestRegion secondary() {
    return get(1);
  }

  /**
   * The third region.
   *
   * @return {@code get(2)}
   */
  public TestRegion tertiary() {
    return get(2);
  }

  /**
   * Every region, in order.
   *
   * @return an unmodifiable list
   */
  public List<TestRegion> all() {
    return regions;
  }

  /**
   * How many regions there are.
   *
   * @return the count
   */
  public int size() {
    return regions.size();
  }

  /**
   * Creates a bucket in every region, as a replicated bucket exists in each.
   *
   * @param bucket the bucket name
   */
  public void createBucket(String bucket) {
    regions.forEach(r -> r.region().createBucket(bucket));
  }

  /** {@link TestRegion#reset()} on every region. */
  public void reset() {
    regions.forEach(TestRegion::reset);
  }

  /** Closes every region. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (TestRegion region : regions) {
      try {
        region.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return regions.toString();
  }
}
