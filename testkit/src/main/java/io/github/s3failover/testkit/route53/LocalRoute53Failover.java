package io.github.s3failover.testkit.route53;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a {@link LocalFailover}: two regions, a local Route 53 with a provisioned
 * failover pair, and its DNS server, started once for the class and reset (faults lifted, answer
 * back on the primary) before each test. Declare a {@link LocalFailover} parameter to get it.
 *
 * <pre>{@code
 * @LocalRoute53Failover
 * class OutageTest {
 *   @Test
 *   void readsSurviveThePrimaryGoingDark(LocalFailover failover) {
 *     // build the client on failover.dns().hostPort() and failover.regions() ...
 *     failover.primary().tcp().blackHole();
 *     failover.awaitAnswer(failover.secondary(), Duration.ofSeconds(10));
 *   }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(LocalFailoverExtension.class)
public @interface LocalRoute53Failover {

  /**
   * The factor on Route 53's interval and probe timeouts.
   *
   * @return 0.05 by default: a 10 s interval is 0.5 s
   */
  double timeFactor() default 0.05;

  /**
   * The health checks' RequestInterval, before the time factor.
   *
   * @return 10 or 30 seconds; 10 by default
   */
  int requestInterval() default 10;

  /**
   * The health checks' FailureThreshold.
   *
   * @return 1-10; 3 by default (Route 53's)
   */
  int failureThreshold() default 3;

  /**
   * Checkers per health check.
   *
   * @return 4 by default
   */
  int checkers() default 4;

  /**
   * The failover records' TTL.
   *
   * @return seconds; 1 by default
   */
  long ttl() default 1;
}
