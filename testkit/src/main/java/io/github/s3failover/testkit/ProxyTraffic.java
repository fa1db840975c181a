package io.github.s3failover.testkit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What entered one {@link FaultProxy} from its clients, and what its faults did to it: the counters
 * behind the proxy's public getters. Thread-safe.
 */
final class ProxyTraffic implements RequestScanner.Listener {
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bodyBytes = new AtomicLong();
  private final AtomicLong swallowedBytes = new AtomicLong();
  private final AtomicLong faultResets = new AtomicLong();
  private final AtomicLong unparsed = new AtomicLong();
  private final Map<String, AtomicLong> headsByTarget = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> bodiesByTarget = new ConcurrentHashMap<>();

  private final List<Consumer<ProxiedRequest>> listeners = new CopyOnWriteArrayList<>();

  static String target(String method, String path) {
    return method + " " + path;
  }

  @Override
  public void head(ProxiedRequest request) {
    requests.incrementAndGet();
    headsByTarget
        .computeIfAbsent(target(request.method(), request.path()), k -> new AtomicLong())
        .incrementAndGet();
    for (Consumer<ProxiedRequest> listener : listeners) {
      listener.accept(request);
    }
  }

  @Override
  public void body(ProxiedRequest request, long bytes, boolean first) {
    bodyBytes.addAndGet(bytes);
    if (first) {
      bodiesByTarget
          .computeIfAbsent(target(request.method(), request.path()), k -> new AtomicLong())
          .incrementAndGet();
    }
  }

  @Override
  public void gaveUp() {
    unparsed.incrementAndGet();
  }

  void swallowed(long bytes) {
    swallowedBytes.addAndGet(bytes);
  }

  void resetByFault() {
    faultResets.incrementAndGet();
  }

  void addListener(Consumer<ProxiedRequest> listener) {
    listeners.add(listener);
  }

  void removeListener(Consumer<ProxiedRequest> listener) {
    listeners.remove(listener);
  }

  long requests() {
    return requests.get();
  }

  long requests(String method, String path) {
    AtomicLong n = headsByTarget.get(target(method, path));
    return n == null ? 0 : n.get();
  }

  long bodies(String method, String path) {
    AtomicLong n = bodiesByTarget.get(target(method, path));
    return n == null ? 0 : n.get();
  }

  long bodyBytes() {
    return bodyBytes.get();
  }

  long swallowedBytes() {
    return swallowedBytes.get();
  }

  long faultResets() {
    return faultResets.get();
  }

  long unparsed() {
    return unparsed.get();
  }

  void reset() {
    requests.set(0);
    bodyBytes.set(0);
    swallowedBytes.set(0);
    faultResets.set(0);
    unparsed.set(0);
    headsByTarget.clear();
    bodiesByTarget.clear();
  }
}
