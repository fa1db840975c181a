package io.github.s3failover.benchmarks;

import java.util.List;

/**
 * Reads of one object through one client in a loop, each recorded with when it started, how long it
 * took and which region served it: {@link ReadLoop} (threads of blocking reads) or {@link
 * AsyncReadLoop} (chains of async reads).
 */
interface Reads extends AutoCloseable {
  /** The client's name, as the report shows it. */
  String name();

  /** Every sample so far, in order of completion. */
  List<ReadLoop.Sample> samples();

  /** The first few failures, to say what the application saw. */
  List<String> firstErrors();

  /** Milliseconds since the run's time zero. */
  double now();

  /** Stops reading; reads that end afterwards are not recorded. */
  @Override
  void close();
}
