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
 * switches the client made, with no help from its events: slices of {@link #BIN} in which one
 * region got nearly all first attempts show where the client routed, and a change of that region
 * between such slices is a switch.
 */
final class ServerTraffic implements AutoCloseable {
  /** The header by which the workload tags a call; the proxies see it on every attempt. */
  static final String CALL_HEADER = "x-chaos-call";

  /** The traffic is looked at in slices of this length. */
  static final Duration BIN = Duration.ofMillis(100);

  /**
   * The share of a slice's first attempts that one region must have for the slice to show where the
   * client routed: below it the slice is mixed (calls in flight across a switch, half-open probes,
   * a refused region whose attempts never reach its proxy) and shows nothing.
   */
  static final double DOMINANT = 0.8;

  /** First attempts a slice needs before it shows anything. */
  static final int MIN_CALLS = 4;

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
    int routedTo = -1;
    int k = 0;
    while (k < calls.size()) {
      long binStart = calls.get(k)[0];
      int[] perRegion = new int[regions.size()];
      int total = 0;
      while (k < calls.size() && calls.get(k)[0] < binStart + BIN.toNanos()) {
        perRegion[(int) calls.get(k)[1]]++;
        total++;
        k++;
      }
      for (int r = 0; r < perRegion.length; r++) {
        if (total >= MIN_CALLS && perRegion[r] >= DOMINANT * total && r != routedTo) {
          if (routedTo >= 0) {
            switches.add(new Switch(binStart, name(routedTo), name(r)));
          }
          routedTo = r;
        }
      }
    }
    return switches;
  }

  /**
   * The region that received the last request head of each tagged call: the region whose answer
   * ended it (a call's attempts run one after the other, and an attempt that got an answer was seen
   * by that region's proxy first).
   */
  Map<Long, String> lastRegions() {
    Map<Long, long[]> last = new HashMap<>();
    synchronized (lock) {
      for (int i = 0; i < size; i++) {
        long[] seen = last.get(heads[3 * i + 1]);
        if (seen == null || heads[3 * i] >= seen[0]) {
          last.put(heads[3 * i + 1], new long[] {heads[3 * i], heads[3 * i + 2]});
        }
      }
    }
    Map<Long, String> regionOf = new HashMap<>();
    last.forEach((call, seen) -> regionOf.put(call, name((int) seen[1])));
    return regionOf;
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
