package io.github.s3failover.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a JUnit 5 test class (or method) a set of {@link LocalRegion}s, each behind its own {@link
 * FaultProxy}, injected as a {@link TestRegions} parameter.
 *
 * <p>On a class, the regions start before the first test and stop after the last one; between tests
 * every fault is lifted, stopped regions are started again and counters are zeroed, but buckets and
 * objects are kept (use unique keys, or {@link LocalRegion#clear()}). On a method, a set of that
 * size is created when first asked for and kept for the rest of the class. See {@link
 * LocalRegionsExtension}.
 *
 * <pre>{@code
 * @LocalRegions(count = 2)
 * class FailoverTest {
 *   @Test
 *   void failsOver(TestRegions regions) {
 *     regions.primary().tcp().refuse();
 *     ...
 *   }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(LocalRegionsExtension.class)
public @interface LocalRegions {

  /**
   * How many regions to start, named {@code primary}, {@code secondary}, {@code tertiary}, then
   * {@code region4}, {@code region5}...
   *
   * @return the number of regions, at least 1
   */
  int count() default 2;

  /**
   * Whether every region accepts the same credentials, as AWS regions do for one IAM user. By
   * default each region has its own key pair, which proves that a client signs for the region it
   * calls.
   *
   * @return true for one key pair shared by all regions
   */
  boolean sharedCredentials() default false;

  /**
   * Where the regions keep their objects: in the heap (fast, the default), or on disk for tests
   * that upload more than the heap should hold.
   *
   * @return the storage of every region of the set
   */
  LocalRegion.Storage storage() default LocalRegion.Storage.MEMORY;
}
