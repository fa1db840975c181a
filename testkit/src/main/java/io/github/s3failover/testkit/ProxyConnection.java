package io.github.s3failover.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of a {@link FaultProxy} and, unless it was accepted into a black hole, its
 * upstream connection.
 *
 * <p>Each direction has a reader and a writer thread joined by a bounded queue of timestamped
 * chunks. Reading never waits on a fault, so a black hole really does drain what arrives, and a
 * delay is applied per chunk relative to when it was read: a stream keeps its throughput and only
 * shifts in time, which a per-chunk sleep on the reading thread would not achieve.
 */
final class ProxyConnection {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyConnection.class);
  private static final int CHUNK_BYTES = 16 * 1024;
  private static final int QUEUED_CHUNKS = 64;

  /** How often blocked threads look up from their queue to notice an abort. */
  private static final long POLL_MILLIS = 50;

  private static final Chunk EOF = new Chunk(new byte[0], 0);

  private final Socket client;
  private final Socket upstream;
  private final Consumer<ProxyConnection> onClosed;
  private final ProxyTraffic traffic;
  private final RequestScanner requests;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Response bytes still allowed before a reset; negative means unlimited. */
  private final AtomicLong responseBudget = new AtomicLong(-1);

  private volatile long delayNanos;

  /** The rate limit of each direction in bytes per second; zero means unlimited. */
  private volatile long bytesPerSecond;

  private volatile boolean blackHoled;

  /** Set once the byte streams lost something, after which the connection cannot be revived. */
  private volatile boolean damaged;

  private int finishedDirections;

  /**
   * Wraps an accepted client socket.
   *
   * @param client the accepted socket
   * @param upstream the socket to the target, or {@code null} for a connection accepted into a
   *     black hole (such a connection never forwards and is damaged from the start)
   * @param onClosed told once when the connection ends, however it ends
   * @param traffic counts the requests that enter from the client and what the faults did
   */
  ProxyConnection(
      Socket client, Socket upstream, Consumer<ProxyConnection> onClosed, ProxyTraffic traffic) {
    this.client = client;
    this.upstream = upstream;
    this.onClosed = onClosed;
    this.traffic = traffic;
    this.requests = new RequestScanner(traffic);
    this.damaged = upstream == null;
    this.blackHoled = upstream == null;
  }

  /** Starts the threads that move bytes. */
  void start(Executor threads) {
    if (upstream == null) {
      threads.execute(this::drainClient);
      return;
    }
    Pipe request = new Pipe(client, upstream, false);
    Pipe response = new Pipe(upstream, client, true);
    threads.execute(request::read);
    threads.execute(request::write);
    threads.execute(response::read);
    threads.execute(response::write);
  }

  /** Applies a fault to this already-open connection. */
  void apply(Fault fault) {
    switch (fault.kind()) {
      case REFUSE:
        if (!closed.get()) {
          traffic.resetByFault();
        }
        abort();
        return;
      case BLACK_HOLE:
        blackHoled = true;
        return;
      case LATENCY:
        delayNanos = fault.delay().toNanos();
        bytesPerSecond = 0;
        responseBudget.set(-1);
        break;
      case RESET_AFTER_BYTES:
        delayNanos = 0;
        bytesPerSecond = 0;
        responseBudget.set(fault.bytes());
        break;
      case BANDWIDTH:
        delayNanos = 0;
        bytesPerSecond = fault.bytesPerSecond();
        responseBudget.set(-1);
        break;
      default:
        delayNanos = 0;
        bytesPerSecond = 0;
        responseBudget.set(-1);
        break;
    }
    if (blackHoled) {
      // Bytes swallowed by the black hole desynchronised the HTTP exchange: a client that kept
      // this pooled connection must see it die rather than read a stale answer.
      if (damaged) {
        if (!closed.get()) {
          traffic.resetByFault();
        }
        abort();
      } else {
        blackHoled = false;
      }
    }
  }

  /** Ends both sockets with a TCP reset. */
  void abort() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    reset(client);
    if (upstream != null) {
      reset(upstream);
    }
    onClosed.accept(this);
  }

  /** Closes a socket with SO_LINGER 0, which makes the kernel send RST instead of FIN. */
  static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      LOG.trace("linger on closed socket", e);
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.trace("close", e);
    }
  }

  private void drainClient() {
    byte[] sink = new byte[CHUNK_BYTES];
    try {
      InputStream in = client.getInputStream();
      int n;
      while ((n = in.read(sink)) >= 0) {
        // A black hole reads so the client's writes never block, and answers nothing.
        requests.feed(sink, 0, n);
        traffic.swallowed(n);
      }
    } catch (IOException e) {
      abort();
    }
    // At end of stream the socket is left open on purpose: a black hole never closes.
  }

  private synchronized void finishDirection() {
    finishedDirections++;
    if (finishedDirections == 2 && closed.compareAndSet(false, true)) {
      closeQuietly(client);
      closeQuietly(upstream);
      onClosed.accept(this);
    }
  }

  private static final class Chunk {
    final byte[] data;
    final long readNanos;

    Chunk(byte[] data, long readNanos) {
      this.data = data;
      this.readNanos = readNanos;
    }
  }

  /** One direction of the connection. */
  private final class Pipe {
    private final Socket from;
    private final Socket to;
    private final boolean response;
    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);

    Pipe(Socket from, Socket to, boolean response) {
      this.from = from;
      this.to = to;
      this.response = response;
    }

    void read() {
      byte[] buffer = new byte[CHUNK_BYTES];
      try {
        InputStream in = from.getInputStream();
        while (!closed.get()) {
          int n = in.read(buffer);
          if (n < 0) {
            enqueue(EOF);
            return;
          }
          if (!response) {
            requests.feed(buffer, 0, n);
          }
          enqueue(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime()));
        }
      } catch (IOException e) {
        LOG.trace("read ended", e);
        abort();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort();
      }
    }

    private void enqueue(Chunk chunk) throws InterruptedException {
      while (!closed.get()) {
        if (queue.offer(chunk, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    }

    void write() {
      try {
        OutputStream out = to.getOutputStream();
        while (!closed.get()) {
          Chunk chunk = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
          if (chunk == null) {
            continue;
          }
          if (blackHoled) {
            damaged = true;
            traffic.swallowed(chunk.data.length);
            continue;
          }
          if (chunk == EOF) {
            to.shutdownOutput();
            finishDirection();
            return;
          }
          awaitDelay(chunk);
          if (!forward(out, chunk.data)) {
            return;
          }
          pace(chunk.data.length);
        }
      } catch (IOException e) {
        LOG.trace("write ended", e);
        abort();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort();
      }
    }

    private void awaitDelay(Chunk chunk) throws InterruptedException {
      while (!closed.get()) {
        long remaining = chunk.readNanos + delayNanos - System.nanoTime();
        if (remaining <= 0) {
          return;
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
      }
    }

    /**
     * Waits as long as {@code sent} bytes take at the bandwidth limit. The bounded queue then fills
     * and the reader stops reading, so the sender's socket buffers fill and its writes slow down
     * too: a slow link end to end, not a fast one with a slow tail.
     */
    private void pace(int sent) throws InterruptedException {
      long rate = bytesPerSecond;
      if (rate <= 0) {
        return;
      }
      long due = System.nanoTime() + sent * 1_000_000_000L / rate;
      while (!closed.get()) {
        long remaining = due - System.nanoTime();
        if (remaining <= 0) {
          return;
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
      }
    }

    /** Writes a chunk, honouring the response budget; returns false once the connection is gone. */
    private boolean forward(OutputStream out, byte[] data) throws IOException {
      long budget = response ? responseBudget.get() : -1;
      if (budget < 0) {
        out.write(data);
        return true;
      }
      int allowed = (int) Math.min(data.length, budget);
      if (allowed > 0) {
        out.write(data, 0, allowed);
      }
      if (responseBudget.compareAndSet(budget, budget - allowed) && budget - allowed == 0) {
        traffic.resetByFault();
        abort();
        return false;
      }
      if (allowed < data.length) {
        // The budget changed under us (the fault was switched): send the rest unchanged.
        out.write(data, allowed, data.length - allowed);
      }
      return true;
    }
  }
}
