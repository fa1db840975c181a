package io.github.s3failover.chaos;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies everything written to {@code System.out} and {@code System.err} while open, so a test can
 * search the logs: slf4j-simple looks the stream up on every line, so the copy sees every log line
 * of every thread, stack traces included, while the output still reaches the console.
 */
final class LogCapture implements AutoCloseable {
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final Object lock = new Object();
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream(); // guarded by lock

  private LogCapture() {
    System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
  }

  static LogCapture start() {
    return new LogCapture();
  }

  /** Returns what was written so far. */
  String text() {
    synchronized (lock) {
      return buffer.toString(StandardCharsets.UTF_8);
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
        buffer.write(b);
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
        buffer.write(b, off, len);
      }
      try {
        original.write(b, off, len);
      } catch (java.io.IOException e) {
        // The console is best effort; the buffer is what the test reads.
      }
    }
  }
}
