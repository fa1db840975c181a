package io.github.s3failover.testkit.route53;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The conveniences of {@link LocalRoute53} that go through its API in process, as an SDK client's
 * calls would (so they are recorded as operations and meet injected faults), without HTTP. The
 * public contract of each is on the {@link LocalRoute53} method that calls it.
 */
final class DirectCalls {

  private static final String ZONE_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private final Engine engine;

  DirectCalls(Engine engine) {
    this.engine = engine;
  }

  /** A fresh hosted zone id of Route 53's shape: Z and 13 letters and digits. */
  static String newZoneId() {
    StringBuilder id = new StringBuilder("Z");
    for (int i = 0; i < 13; i++) {
      id.append(
          ZONE_ID_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(ZONE_ID_ALPHABET.length())));
    }
    return id.toString();
  }

  String createHealthCheck(LocalHealthCheck check) {
    String body = check.createRequest("local-" + UUID.randomUUID());
    String response = call("POST", "/healthcheck", body);
    return response.replaceAll("(?s).*<HealthCheck><Id>([^<]+)</Id>.*", "$1");
  }

  void upsert(String zoneId, LocalRecord... records) {
    StringBuilder changes = new StringBuilder();
    for (LocalRecord r : records) {
      changes.append("<Change><Action>UPSERT</Action>").append(r.xml()).append("</Change>");
    }
    String response =
        call(
            "POST",
            "/hostedzone/" + zoneId + "/rrset/",
            Xml.document(
                "ChangeResourceRecordSetsRequest",
                "<ChangeBatch><Changes>" + changes + "</Changes></ChangeBatch>"));
    String id = response.replaceAll("(?s).*<Id>/change/([^<]+)</Id>.*", "$1");
    long deadline = System.nanoTime() + engine.changeDelay.toNanos() + TimeUnit.SECONDS.toNanos(10);
    while (!call("GET", "/change/" + id, "").contains("INSYNC")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("change " + id + " did not turn INSYNC");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for change " + id, e);
      }
    }
  }

  private String call(String method, String path, String body) {
    Api.Response response = engine.serve(new Api.Request(method, path, Map.of(), body));
    if (response.status() >= 300) {
      throw new IllegalStateException(
          "Route 53 refused " + method + " " + path + ": " + response.body());
    }
    return response.body();
  }
}
