package io.github.s3failover.chaos;

import io.github.s3failover.testkit.ProxiedRequest;
import io.github.s3failover.testkit.TestRegion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the client really sent its calls, seen by the regions' front doors (their fault proxies)
 * rather than told by the client's own events: every call the workload tags (reads, PutObject,
 * CreateMultipartUpload: calls that follow the active region, unlike region-bound ones) is placed
 * in the region that received its first request head. In time order, those first regions show the
 * switches the client made, with no help from its events.
 */
final class ServerTraffic implements AutoCloseable {
  /** The header by which the workload tags a call; the proxies see it on every attempt. */
  static final String CALL_HEADER = "x-chaos-call";

  /**
   * First attempts in a row below which a region's turn is noise, not a switch: a half-open probe
   * (2 calls here) or a call that chose its region just before a switch and sent its head just
   * after.
   */
  static final int STABLE_RUN = 10;

  /** A switch seen in the traffic: from then on, calls went first to {@code region}. */
  record Switch(long nanoTime, String from, String region) {
    @Override
    public String toString() {
      return from + " -> " + region + " at nanoTime " + Duration.ofNanos(nanoTime);
    }
  }

  private final List<TestRegion> regions;
  private final List<Consumer<ProxiedRequest>> listeners = new ArrayList<>();
  private final Object lock = new Object();
  private long[] heads = new long[3 * 4096]; // guarded by lock: nanoTime, call, region index
  private int size; // guarded by lock, in entries of three longs

  ServerTraffic(List<TestRegion> regions) {
    this.regions = List.copyOf(regions);
    for (int i = 0; i < regions.size(); i++) {
      int index = i;
      Consumer<ProxiedRequest> listener = request -> record(request, index);
      listeners.add(listener);
      regions.get(i).tcp().addRequestListener(listener);
    }
  }

  private void record(ProxiedRequest request, int region) {
    String tag = request.header(CALL_HEADER).orElse(null);
    if (tag == null) {
      return;
    }
    long call = Long.parseLong(tag);
    synchronized (lock) {
      if (3 * (size + 1) > heads.length) {
        heads = Arrays.copyOf(heads, heads.length * 2);
      }
      heads[3 * size] = request.nanoTime();
      heads[3 * size + 1] = call;
      heads[3 * size + 2] = region;
      size++;
    }
  }

  /** Tagged request heads seen so far (every attempt of every tagged call). */
  int heads() {
    synchronized (lock) {
      return size;
    }
  }

  /** The switches the traffic shows, in time order. */
  List<Switch> switches() {
    long[] copy;
    int n;
    synchronized (lock) {
      copy = Arrays.copyOf(heads, 3 * size);
      n = size;
    }
    // First head of each call: the region the client chose first for it.
    Map<Long, long[]> first = new HashMap<>();
    for (int i = 0; i < n; i++) {
      long time = copy[3 * i];
      long call = copy[3 * i + 1];
      long[] seen = first.get(call);
      if (seen == null || time < seen[0]) {
        first.put(call, new long[] {time, copy[3 * i + 2]});
      }
    }
    List<long[]> calls = new ArrayList<>(first.values());
    calls.sort(Comparator.comparingLong(c -> c[0]));

    List<Switch> switches = new ArrayList<>();
    int stableRegion = -1;
    int runRegion = -1;
    long runStart = 0;
    int runLength = 0;
    for (long[] c : calls) {
      int region = (int) c[1];
      if (region != runRegion) {
        runRegion = region;
        runStart = c[0];
        runLength = 0;
      }
      runLength++;
      if (runLength == STABLE_RUN && region != stableRegion) {
        if (stableRegion >= 0) {
          switches.add(new Switch(runStart, name(stableRegion), name(region)));
        }
        stableRegion = region;
      }
    }
    return switches;
  }

  private String name(int index) {
    return regions.get(index).name();
  }

  /** Drops what was recorded, so the heap can be measured without it. */
  void forget() {
    synchronized (lock) {
      heads = new long[0];
      size = 0;
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < regions.size(); i++) {
      regions.get(i).tcp().removeRequestListener(listeners.get(i));
    }
  }
}
