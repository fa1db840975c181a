package io.github.s3failover;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the parts of a front door one after another: every part is closed even if another fails
 * to; the first failure is thrown at the end, with the others suppressed.
 */
final class Closer {
  private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

  private final String owner;
  private final List<RuntimeException> failures = new ArrayList<>();

  Closer(String owner) {
    this.owner = owner;
  }

  /** Closes one part, keeping its failure for {@link #done()}. */
  Closer close(Runnable close, String what) {
    try {
      close.run();
    } catch (RuntimeException e) {
      LOG.warn("s3-failover: closing {} of {} failed", what, owner, e);
      failures.add(e);
    }
    return this;
  }

  /** Throws the first failure, if any, with the others suppressed. */
  void done() {
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }
}
