package io.github.s3failover.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@link ReadLoop} and {@link AsyncReadLoop} share: the client's name, the run's clock, the
 * samples and the first errors, and whether the run still goes on.
 */
abstract class RecordedReads implements Reads {
  /** False once {@link #close()} is called: reads that end afterwards are not recorded. */
  final AtomicBoolean running = new AtomicBoolean(true);

  private final String name;
  private final List<ReadLoop.Sample> samples = new ArrayList<>(); // guarded by itself
  private final List<String> errors = new ArrayList<>(); // guarded by samples
  private final long originNanos;

  /**
   * @param name the client's name
   * @param originNanos the run's time zero ({@link System#nanoTime()})
   */
  RecordedReads(String name, long originNanos) {
    this.name = name;
    this.originNanos = originNanos;
  }

  /** The region that served a read: the object's content begins with its name and a bar. */
  static String servedBy(String body) {
    int bar = body.indexOf('|');
    return bar > 0 ? body.substring(0, bar) : "?";
  }

  /** Records one read. */
  void add(ReadLoop.Sample sample) {
    synchronized (samples) {
      samples.add(sample);
    }
  }

  /** Keeps a failure if it is among the first three. */
  void addError(Throwable error) {
    synchronized (samples) {
      if (errors.size() < 3) {
        errors.add(error.toString());
      }
    }
  }

  @Override
  public double now() {
    return (System.nanoTime() - originNanos) / 1e6;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<ReadLoop.Sample> samples() {
    synchronized (samples) {
      return new ArrayList<>(samples);
    }
  }

  @Override
  public List<String> firstErrors() {
    synchronized (samples) {
      return new ArrayList<>(errors);
    }
  }
}
