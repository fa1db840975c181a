package io.github.s3failover.testkit.route53;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The door of the {@link Api}, whatever carries the requests (the JDK's HTTP server of {@link
 * LocalRoute53}, WireMock in front of {@link ScriptedRoute53}): decodes a request target, records
 * the operation, answers a fault a test injected, and turns any error into Route 53's
 * ErrorResponse. The caller holds the state's lock.
 */
final class ApiCalls {

  /** Where every API path starts. */
  static final String PREFIX = "/2013-04-01";

  private final Api api;
  private final Map<String, Deque<ApiError>> faults = new HashMap<>();
  private final List<String> operations = new ArrayList<>();

  ApiCalls(Api api) {
    this.api = api;
  }

  /**
   * Serves a request as it arrives over HTTP.
   *
   * @param method the HTTP method
   * @param target the raw request target: path and query, still URL-encoded
   * @param body the request body, empty for none
   */
  Api.Response serve(String method, String target, String body) {
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    if (!path.startsWith(PREFIX + "/")) {
      return Api.xml(
          404, new ApiError(404, "UnknownOperation", "not a Route 53 API path: " + path).body());
    }
    return serve(
        new Api.Request(
            method,
            decode(path.substring(PREFIX.length())),
            query(question < 0 ? null : target.substring(question + 1)),
            body));
  }

  /** Serves a request: records its operation, answers an injected fault or the operation. */
  Api.Response serve(Api.Request request) {
    String operation = Api.operation(request.method(), request.path());
    operations.add(operation);
    try {
      ApiError fault = faults.getOrDefault(operation, new ArrayDeque<>()).poll();
      if (fault != null) {
        throw fault;
      }
      return api.handle(operation, request);
    } catch (ApiError e) {
      return Api.xml(e.status, e.body());
    } catch (RuntimeException e) {
      return Api.xml(400, ApiError.invalidInput(String.valueOf(e.getMessage())).body());
    }
  }

  /** Makes the next {@code times} calls of an operation fail with an error. */
  void failNext(String operation, int status, String code, int times) {
    Deque<ApiError> queue = faults.computeIfAbsent(operation, o -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(new ApiError(status, code, "injected " + code + " for " + operation));
    }
  }

  /** The operations called so far, in order. */
  List<String> operations() {
    return List.copyOf(operations);
  }

  void clearOperations() {
    operations.clear();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      query.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return query;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
