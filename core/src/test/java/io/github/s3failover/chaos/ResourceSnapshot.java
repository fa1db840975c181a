package io.github.s3failover.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.ObjectName;

/** Live threads and used heap at one moment, to check that a closed client left nothing behind. */
final class ResourceSnapshot {
  /** Threads a closed client may leave: JVM and SDK housekeeping that is shared and lazy. */
  static final int THREAD_SLACK = 6;

  /**
   * Heap growth allowed after a full GC, whatever the run uploaded. The regions store on disk and
   * the run drops its own records before the check, so what is left is caches that warm up once
   * (classes, the SDK's, Jetty's and the proxies' pools), not anything that grows with the run's
   * length or its uploads. In-memory regions made this check meaningless: their store kept every
   * uploaded byte (and kept freed space for reuse), so growth had to be allowed up to the bytes
   * uploaded, and a 240 s run died of OutOfMemoryError. What the client itself could leak is also
   * checked exactly: nothing may keep it reachable once closed.
   */
  static final long HEAP_SLACK_BYTES = 64L * 1024 * 1024;

  /**
   * Threads of the test's own servers: the fault proxy keeps a thread per black-holed connection
   * until the proxy closes, and Jetty sizes its pool to the load. They are not the client's.
   */
  private static final List<String> INFRASTRUCTURE =
      List.of("fault-proxy", "S3Proxy-Jetty", "Scheduler-", "local-dns", "qtp", "awaitility");

  private final int threads;
  private final long heapUsed;

  private ResourceSnapshot(int threads, long heapUsed) {
    this.threads = threads;
    this.heapUsed = heapUsed;
  }

  static ResourceSnapshot take() {
    return new ResourceSnapshot(clientSideThreads().size(), heapAfterGc());
  }

  /**
   * Threads come back near the start count (they may take a moment to end), heap is bounded, and no
   * closed client is reachable.
   */
  void assertNoLeakAfterClose(List<WeakReference<?>> closedClients) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(clientSideThreads())
                    .as("live threads after close (%d before)", threads)
                    .hasSizeLessThanOrEqualTo(threads + THREAD_SLACK));
    long after = heapAfterGc();
    for (WeakReference<?> closedClient : closedClients) {
      assertThat(closedClient.get())
          .as("the closed client is still reachable (a thread, a registry or a hook holds it)")
          .isNull();
    }
    System.out.printf(
        "heap after a full GC: %d MB before the run, %d MB after it%n",
        heapUsed >> 20, after >> 20);
    if (after >= heapUsed + HEAP_SLACK_BYTES) {
      assertThat(after)
          .as(
              "heap after the run (%d before, %d allowed growth); largest classes:%n%s",
              heapUsed, HEAP_SLACK_BYTES, histogram())
          .isLessThan(heapUsed + HEAP_SLACK_BYTES);
    }
  }

  private static List<String> clientSideThreads() {
    return Arrays.stream(threads().dumpAllThreads(false, false))
        .map(ThreadInfo::getThreadName)
        .filter(name -> INFRASTRUCTURE.stream().noneMatch(name::startsWith))
        .sorted()
        .collect(Collectors.toList());
  }

  /** The top of the heap's class histogram, to say what grew when the check fails. */
  private static String histogram() {
    try {
      String all =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {null},
                      new String[] {String[].class.getName()});
      return all.lines().limit(25).collect(Collectors.joining(System.lineSeparator()));
    } catch (JMException e) {
      return "(no histogram: " + e + ")";
    }
  }

  private static ThreadMXBean threads() {
    return ManagementFactory.getThreadMXBean();
  }

  private static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc(); // a hint; repeated so finalizable and weakly reachable objects go too
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
