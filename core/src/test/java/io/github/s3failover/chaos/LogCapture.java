package io.github.s3failover.chaos;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies everything written to {@code System.out} and {@code System.err} while open, so a test can
 * search the logs: slf4j-simple looks the stream up on every line, so the copy sees every log line
 * of every thread, stack traces included, while the output still reaches the console.
 *
 * <p>{@link #start()} keeps all of it; {@link #watching} keeps only a window and searches for the
 * given strings as the window fills, so a run of many minutes (hundreds of megabytes of stack
 * traces) does not have to fit in the heap.
 */
final class LogCapture implements AutoCloseable {
  /** Bytes kept before a watching capture searches and drops them. */
  private static final int WINDOW = 1 << 20;

  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final Object lock = new Object();
  private final List<String> watched; // null: keep everything
  private final Set<String> found = new HashSet<>(); // guarded by lock
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream(); // guarded by lock

  private LogCapture(List<String> watched) {
    this.watched = watched;
    System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
  }

  static LogCapture start() {
    return new LogCapture(null);
  }

  /** A capture that remembers only whether each of {@code strings} (ASCII) appeared. */
  static LogCapture watching(Collection<String> strings) {
    return new LogCapture(List.copyOf(strings));
  }

  /** Returns what was written so far; only for a capture that keeps everything. */
  String text() {
    if (watched != null) {
      throw new IllegalStateException("a watching capture keeps no text; ask seen()");
    }
    synchronized (lock) {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  /** Whether a watched string appeared in the output so far. */
  boolean seen(String string) {
    if (watched == null || !watched.contains(string)) {
      throw new IllegalArgumentException("not watched: " + string);
    }
    synchronized (lock) {
      search();
      return found.contains(string);
    }
  }

  /** Searches the window, then keeps only its tail, where a string may have begun. */
  private void search() {
    String text = buffer.toString(StandardCharsets.ISO_8859_1);
    int longest = 0;
    for (String string : watched) {
      longest = Math.max(longest, string.length());
      if (text.contains(string)) {
        found.add(string);
      }
    }
    byte[] tail =
        text.substring(Math.max(0, text.length() - longest + 1))
            .getBytes(StandardCharsets.ISO_8859_1);
    buffer = new ByteArrayOutputStream();
    buffer.write(tail, 0, tail.length);
  }

  private void append(byte[] b, int off, int len) {
    buffer.write(b, off, len);
    if (watched != null && buffer.size() > WINDOW) {
      search();
    }
  }

  @Override
  public void close() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    synchronized (lock) {
      // A chaos run logs megabytes of stack traces: let them go with the capture.
      buffer = new ByteArrayOutputStream();
    }
  }

  /** Writes to the original stream and to the buffer. */
  private final class Tee extends OutputStream {
    private final OutputStream original;

    Tee(OutputStream original) {
      this.original = original;
    }

    @Override
    public void write(int b) {
      synchronized (lock) {
        append(new byte[] {(byte) b}, 0, 1);
      }
      synchronized (original) {
        try {
          original.write(b);
        } catch (java.io.IOException e) {
          // The console is best effort; the buffer is what the test reads.
        }
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (lock) {
        append(b, off, len);
      }
      try {
        original.write(b, off, len);
      } catch (java.io.IOException e) {
        // The console is best effort; the buffer is what the test reads.
      }
    }
  }
}
