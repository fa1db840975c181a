package io.github.s3failover;

import io.github.s3failover.internal.routing.RoutingCore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Builds a {@link FailoverS3Presigner} that shares a failover client's routing rules. The presigner
 * of each region is built from the region's settings (AWS region, endpoint, credentials, path
 * style) unless the application supplies one with {@link #regionPresigner(String, S3Presigner)}.
 */
public final class FailoverS3PresignerBuilder {
  private final RoutingCore core;
  private final Map<String, S3Presigner> supplied = new LinkedHashMap<>();

  FailoverS3PresignerBuilder(RoutingCore core) {
    this.core = core;
  }

  /**
   * Supplies the presigner of one region; the application keeps ownership. Required for a region
   * whose S3Client the application supplied.
   *
   * @param regionId a configured region id
   * @param presigner the region's presigner
   * @return this builder
   */
  public FailoverS3PresignerBuilder regionPresigner(String regionId, S3Presigner presigner) {
    if (regionId == null || presigner == null) {
      throw new IllegalArgumentException(
          "regionPresigner(" + regionId + ", " + presigner + "): pass a region id and a presigner");
    }
    supplied.put(regionId, presigner);
    return this;
  }

  /**
   * Checks the settings, builds the regions' presigners and shares the routing rules.
   *
   * @return the presigner
   * @throws IllegalArgumentException naming what is wrong and how to fix it
   */
  public FailoverS3Presigner build() {
    List<FailoverRegion> regions = core.regions().stream().map(r -> r.config()).toList();
    List<String> ids = regions.stream().map(FailoverRegion::id).toList();
    for (String id : supplied.keySet()) {
      if (!ids.contains(id)) {
        throw new IllegalArgumentException(
            "regionPresigner(\"" + id + "\", ...) names no configured region; configured: " + ids);
      }
    }
    for (FailoverRegion region : regions) {
      if (supplied.containsKey(region.id())) {
        continue;
      }
      if (region.client().isPresent()) {
        throw new IllegalArgumentException(
            "region '"
                + region.id()
                + "' has an S3Client of the application's, so its URLs cannot be signed from its"
                + " settings; supply its presigner with"
                + " regionPresigner(\""
                + region.id()
                + "\", S3Presigner)");
      }
    }
    Map<String, S3Presigner> presigners = new LinkedHashMap<>();
    List<S3Presigner> owned = new ArrayList<>();
    for (FailoverRegion region : regions) {
      S3Presigner presigner = supplied.get(region.id());
      if (presigner == null) {
        presigner = build(region);
        owned.add(presigner);
      }
      presigners.put(region.id(), presigner);
    }
    try {
      core.retain();
    } catch (RuntimeException e) {
      owned.forEach(S3Presigner::close);
      throw e;
    }
    return new FailoverS3Presigner(core, presigners, owned);
  }

  private static S3Presigner build(FailoverRegion region) {
    S3Presigner.Builder builder =
        S3Presigner.builder()
            .region(region.awsRegion().orElseThrow())
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(region.forcePathStyle()).build());
    region.endpointOverride().ifPresent(builder::endpointOverride);
    region.credentialsProvider().ifPresent(builder::credentialsProvider);
    return builder.build();
  }
}
