package io.github.s3failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.s3failover.testkit.LocalRegions;
import io.github.s3failover.testkit.ProxiedRequest;
import io.github.s3failover.testkit.TestRegion;
import io.github.s3failover.testkit.TestRegions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each region's client is built from that region's settings: a call that fails over is signed for
 * the AWS region it lands in, not for the first region's. s3proxy does not check the signing
 * region, so the credential scope of each request is read where it enters the region.
 */
@LocalRegions(count = 2)
@Timeout(30)
class RegionalClientsSignForTheirOwnAwsRegionTest {

  @Test
  void aCallThatFailsOverIsSignedForTheRegionItLandsIn(TestRegions regions) {
    byte[] content = Fixture.bytes("in both regions");
    Fixture.seed(regions, "scoped", content);
    List<String> primaryScopes = new CopyOnWriteArrayList<>();
    List<String> secondaryScopes = new CopyOnWriteArrayList<>();
    Consumer<ProxiedRequest> primaryListener = r -> primaryScopes.add(scope(r));
    Consumer<ProxiedRequest> secondaryListener = r -> secondaryScopes.add(scope(r));
    TestRegion primary = regions.primary();
    TestRegion secondary = regions.secondary();
    primary.tcp().addRequestListener(primaryListener);
    secondary.tcp().addRequestListener(secondaryListener);
    try (FailoverS3Client client = new Fixture().builder(regions).build()) {
      assertThat(read(client)).isEqualTo(content);
      primary.tcp().blackHole();
      assertThat(read(client)).isEqualTo(content);
    } finally {
      primary.tcp().removeRequestListener(primaryListener);
      secondary.tcp().removeRequestListener(secondaryListener);
    }

    assertThat(primaryScopes).isNotEmpty().allMatch(s -> s.equals("us-east-1/s3"));
    assertThat(secondaryScopes).hasSize(1).allMatch(s -> s.equals("eu-west-1/s3"));
  }

  private static byte[] read(FailoverS3Client client) {
    return client.getObjectAsBytes(b -> b.bucket(Fixture.BUCKET).key("scoped")).asByteArray();
  }

  /** The region and service of a SigV4 credential scope: {@code KEY/DATE/REGION/SERVICE/...}. */
  private static String scope(ProxiedRequest request) {
    String authorization = request.header("Authorization").orElse("");
    int credential = authorization.indexOf("Credential=");
    if (credential < 0) {
      return "unsigned: " + authorization;
    }
    String[] parts = authorization.substring(credential + 11).split("[/,]");
    return parts.length < 4 ? authorization : parts[2] + "/" + parts[3];
  }
}
