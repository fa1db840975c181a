package io.github.s3failover.internal.routing;

import static io.github.s3failover.internal.routing.Routing.Facts.CLEAN;
import static io.github.s3failover.internal.routing.Routing.refused;
import static io.github.s3failover.internal.routing.Routing.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.s3failover.AllRegionsFailedException;
import io.github.s3failover.RegionBoundException;
import io.github.s3failover.RegionBoundException.BoundBy;
import io.github.s3failover.WritePolicy;
import io.github.s3failover.event.CallFailedOverEvent;
import io.github.s3failover.internal.health.RegionState;
import io.github.s3failover.internal.routing.Routing.Facts;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The decisions of one call, with no client and no network: which region next, what each outcome
 * records, whether the call moves on, and which error ends it. Every BoundBy reason and every
 * breaker state.
 */
class CallTest {
  private static final GetObjectRequest GET =
      GetObjectRequest.builder().bucket("data").key("k").build();
  private static final PutObjectRequest PUT =
      PutObjectRequest.builder().bucket("data").key("k").build();

  private final Routing primaryOnly = new Routing(WritePolicy.PRIMARY_ONLY);
  private final Routing failover = new Routing(WritePolicy.FAILOVER);

  @Test
  void aReadMovesOnAfterARegionalFailureWithTheOtherRegionsBucketName() {
    Call call = primaryOnly.core.start(GET);
    RegionState first = call.next();
    assertThat(first.id()).isEqualTo("primary");
    assertThat(call.<GetObjectRequest>requestFor(first).bucket()).isEqualTo("data-use1");

    Step step = call.failed(first, 1, refused(), CLEAN);

    assertThat(step.ends()).isFalse();
    RegionState second = call.next();
    assertThat(second.id()).isEqualTo("secondary");
    assertThat(call.<GetObjectRequest>requestFor(second).bucket()).isEqualTo("data-euw1");
    Object result = call.succeeded(second, 1, GET, GetObjectResponse.builder().build());
    assertThat(result).isInstanceOf(GetObjectResponse.class);
    assertThat(primaryOnly.primary().breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    assertThat(primaryOnly.secondary().breaker().getMetrics().getNumberOfSuccessfulCalls())
        .isEqualTo(1);
    assertThat(primaryOnly.events(CallFailedOverEvent.class))
        .singleElement()
        .satisfies(e -> assertThat(e.toRegion()).isEqualTo("secondary"));
  }

  @Test
  void anAnswerCountsAsASuccessOfTheRegionAndGoesToTheApplicationAsItIs() {
    Call call = primaryOnly.core.start(GET);
    RegionState region = call.next();
    S3Exception denied = status(403, "AccessDenied");

    Step step = call.failed(region, 1, denied, CLEAN);

    assertThat(step.error()).isSameAs(denied);
    assertThat(region.breaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
    assertThat(call.next()).as("an ended call offers no region").isNull();
  }

  @Test
  void theApplicationsOwnFailureRecordsNothingAndGivesBackTheHalfOpenPermit() {
    CircuitBreaker breaker = primaryOnly.primary().breaker();
    breaker.transitionToOpenState();
    primaryOnly.clock.advance(Routing.OPEN_WAIT.plusSeconds(1));
    Call call = primaryOnly.core.start(PUT);
    RegionState region = call.next();
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);

    IllegalStateException hungUp = new IllegalStateException("the uploading user hung up");
    Step step = call.failed(region, 1, hungUp, new Facts(true, true, true));

    assertThat(step.error()).isSameAs(hungUp);
    assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isZero();
    assertThat(breaker.tryAcquirePermission()).as("the one probe permit is back").isTrue();
  }

  @Test
  void aHalfOpenRegionAdmitsOnlyItsProbesAndOtherCallsGoOn() {
    CircuitBreaker breaker = primaryOnly.primary().breaker();
    breaker.transitionToOpenState();
    primaryOnly.clock.advance(Routing.OPEN_WAIT.plusSeconds(1));
    Call probe = primaryOnly.core.start(GET);
    Call other = primaryOnly.core.start(GET);

    assertThat(probe.next().id()).isEqualTo("primary");
    assertThat(other.next().id()).as("no permit left: the next region").isEqualTo("secondary");
    probe.succeeded(primaryOnly.primary(), 1, GET, GetObjectResponse.builder().build());
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void disabledAndMetricsOnlyBreakersCountAsHealthy() {
    primaryOnly.primary().breaker().transitionToDisabledState();
    assertThat(primaryOnly.core.start(GET).next().id()).isEqualTo("primary");
    primaryOnly.primary().breaker().transitionToMetricsOnlyState();
    assertThat(primaryOnly.core.start(GET).next().id()).isEqualTo("primary");
  }

  @Test
  void whenEveryBreakerIsOpenThePreferredRegionIsTriedWithoutAPermitAndNothingIsRecorded() {
    primaryOnly.primary().breaker().transitionToOpenState();
    primaryOnly.secondary().breaker().transitionToOpenState();
    Call call = primaryOnly.core.start(GET);

    RegionState panic = call.next();
    assertThat(panic.id()).isEqualTo("primary");
    Step step = call.failed(panic, 1, refused(), CLEAN);

    assertThat(step.ends()).isFalse();
    assertThat(call.next()).isNull();
    assertThat(call.exhausted()).isInstanceOf(AllRegionsFailedException.class);
    assertThat(panic.breaker().getMetrics().getNumberOfFailedCalls()).isZero();
  }

  @Test
  void aForcedOpenRegionIsNeverTriedNotEvenInPanic() {
    primaryOnly.primary().breaker().transitionToForcedOpenState();
    primaryOnly.secondary().breaker().transitionToOpenState();
    Call call = primaryOnly.core.start(GET);
    assertThat(call.next().id()).as("panic skips the forced-open region").isEqualTo("secondary");

    primaryOnly.secondary().breaker().transitionToForcedOpenState();
    Call none = primaryOnly.core.start(GET);
    assertThat(none.next()).isNull();
    assertThat(none.exhausted()).hasMessageContaining("FORCED_OPEN");
  }

  @Test
  void abandoningAnAttemptGivesItsPermitBack() {
    CircuitBreaker breaker = primaryOnly.primary().breaker();
    breaker.transitionToOpenState();
    primaryOnly.clock.advance(Routing.OPEN_WAIT.plusSeconds(1));
    Call call = primaryOnly.core.start(GET);
    call.next();

    call.abandon();

    assertThat(breaker.tryAcquirePermission()).isTrue();
  }

  @Test
  void aNotFoundFromANonPreferredRegionIsAskedAgainOfThePreferredOne() {
    primaryOnly.core.router().route();
    primaryOnly.preference.switchTo("secondary");
    Call first = primaryOnly.core.start(GET);
    first.succeeded(first.next(), 1, GET, GetObjectResponse.builder().build());
    // Route 53 moves back; the dwell time keeps reads on the secondary for now.
    primaryOnly.preference.switchTo("primary");
    Call call = primaryOnly.core.start(GET);
    RegionState held = call.next();
    assertThat(held.id()).isEqualTo("secondary");

    Step step = call.failed(held, 1, status(404, "NoSuchKey"), CLEAN);

    assertThat(step.ends()).isFalse();
    assertThat(call.next().id()).isEqualTo("primary");
  }

  @Test
  void aNotFoundThatThePreferredRegionCannotConfirmIsMarkedAsPossibleReplicationLag() {
    primaryOnly.primary().breaker().transitionToOpenState();
    Call call = primaryOnly.core.start(GET);
    RegionState secondary = call.next();

    Step step = call.failed(secondary, 1, status(404, "NoSuchKey"), CLEAN);

    assertThat(step.error())
        .isInstanceOf(S3Exception.class)
        .hasMessageContaining("answered by region 'secondary'")
        .hasMessageContaining("not be replicated yet");
  }

  @Test
  void boundByWritePolicy() {
    Call call = primaryOnly.core.start(PUT);
    assertBound(call.failed(call.next(), 1, refused(), CLEAN), BoundBy.WRITE_POLICY, "primary");
  }

  @Test
  void boundByWritePolicyWhenThePreferenceLostItsAnswer() {
    primaryOnly.preference.lose();
    assertThatThrownBy(() -> primaryOnly.core.start(PUT))
        .isInstanceOfSatisfying(
            RegionBoundException.class,
            e -> assertThat(e.boundBy()).isEqualTo(BoundBy.WRITE_POLICY))
        .hasMessageContaining("lost its answer");
    assertThat(primaryOnly.core.start(GET).next()).as("reads still go").isNotNull();
  }

  @Test
  void boundByConditionalWriteEvenUnderTheFailoverPolicy() {
    Call call = failover.core.start(PUT.toBuilder().ifNoneMatch("*").build());
    Step step = call.failed(call.next(), 1, refused(), CLEAN);
    assertBound(step, BoundBy.CONDITIONAL_WRITE, "primary");
    assertThat(step.error()).hasMessageContaining("If-None-Match");
    Call plain = failover.core.start(PUT);
    assertThat(plain.failed(plain.next(), 1, refused(), CLEAN).ends())
        .as("an unconditional write moves on under FAILOVER")
        .isFalse();
  }

  @Test
  void boundByMultipartUploadToTheRegionThatCreatedIt() {
    Call create =
        primaryOnly.core.start(
            CreateMultipartUploadRequest.builder().bucket("data").key("k").build());
    create.succeeded(
        create.next(), 1, null, CreateMultipartUploadResponse.builder().uploadId("u-1").build());
    primaryOnly.preference.switchTo("secondary");

    Call part =
        primaryOnly.core.start(
            UploadPartRequest.builder()
                .bucket("data")
                .key("k")
                .uploadId("u-1")
                .partNumber(1)
                .build());
    assertThat(part.uploadUnknown()).isFalse();
    RegionState region = part.next();

    assertThat(region.id()).isEqualTo("primary");
    assertBound(part.failed(region, 1, refused(), CLEAN), BoundBy.MULTIPART_UPLOAD, "primary");
  }

  @Test
  void anUploadIdNobodyRemembersIsSearchedForPreferredRegionFirst() {
    primaryOnly.preference.switchTo("secondary");
    Call part =
        primaryOnly.core.start(
            UploadPartRequest.builder()
                .bucket("data")
                .key("k")
                .uploadId("u-9")
                .partNumber(1)
                .build());

    assertThat(part.uploadUnknown()).isTrue();
    assertThat(part.uploadSearchOrder())
        .extracting(RegionState::id)
        .containsExactly("secondary", "primary");
    assertThat(part.uploadProbe(primaryOnly.primary()).bucket()).isEqualTo("data-use1");
    part.uploadFound(primaryOnly.primary());
    assertThat(part.next().id()).isEqualTo("primary");
  }

  @Test
  void boundByContinuationTokenToTheRegionThatIssuedIt() {
    ListObjectsV2Request page =
        ListObjectsV2Request.builder()
            .bucket("data")
            .continuationToken("s3fo1:secondary:raw")
            .build();
    Call call = primaryOnly.core.start(page);
    RegionState issuer = call.next();

    assertThat(issuer.id()).isEqualTo("secondary");
    assertThat(call.<ListObjectsV2Request>requestFor(issuer).continuationToken()).isEqualTo("raw");
    assertBound(call.failed(issuer, 1, refused(), CLEAN), BoundBy.CONTINUATION_TOKEN, "secondary");
  }

  @Test
  void boundByANonReplayableBody() {
    Call call = failover.core.start(PUT);
    Step step = call.failed(call.next(), 1, refused(), new Facts(false, true, false));
    assertBound(step, BoundBy.NON_REPLAYABLE_BODY, "primary");
  }

  @Test
  void boundByAPartialResponse() {
    Call call = primaryOnly.core.start(GET);
    Step step = call.failed(call.next(), 1, refused(), new Facts(true, false, false));
    assertBound(step, BoundBy.PARTIAL_RESPONSE, "primary");
  }

  @Test
  void boundByBucketConfiguration() {
    S3Request versioning =
        PutBucketVersioningRequest.builder()
            .bucket("data")
            .versioningConfiguration(v -> v.status("Enabled"))
            .build();
    Call call = failover.core.start(versioning);
    assertBound(
        call.failed(call.next(), 1, refused(), CLEAN), BoundBy.BUCKET_CONFIGURATION, "primary");
  }

  private static void assertBound(Step step, BoundBy reason, String region) {
    assertThat(step.ends()).isTrue();
    assertThat(step.error())
        .isInstanceOfSatisfying(
            RegionBoundException.class,
            e -> {
              assertThat(e.boundBy()).isEqualTo(reason);
              assertThat(e.region()).isEqualTo(region);
            });
  }
}
