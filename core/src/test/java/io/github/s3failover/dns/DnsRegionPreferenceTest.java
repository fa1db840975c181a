package io.github.s3failover.dns;

import static io.github.s3failover.dns.TestContext.NAME;
import static io.github.s3failover.dns.TestContext.PRIMARY_HOST;
import static io.github.s3failover.dns.TestContext.SECONDARY_HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.github.s3failover.event.DnsAnswerChangedEvent;
import io.github.s3failover.event.DnsAnswerIgnoredEvent;
import io.github.s3failover.event.DnsFailureEvent;
import io.github.s3failover.event.DnsFailureEvent.Reason;
import io.github.s3failover.testkit.LocalDnsServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The preference on its own, against a DNS server in the JVM whose answers and faults change. */
@Timeout(30)
class DnsRegionPreferenceTest {
  private static final Duration ONE_S = Duration.ofSeconds(1);

  private final LocalDnsServer dns = LocalDnsServer.open();
  private final TestContext context = new TestContext();
  private DnsRegionPreference preference;

  @AfterEach
  void stop() {
    if (preference != null) {
      preference.close();
    }
    dns.close();
  }

  private DnsRegionPreference.Builder builder() {
    return DnsRegionPreference.builder(NAME)
        .servers(dns.hostPort())
        .queryTimeout(Duration.ofMillis(300))
        .startTimeout(Duration.ofSeconds(1));
  }

  private DnsRegionPreference start(DnsRegionPreference.Builder builder) {
    preference = builder.build();
    preference.start(context);
    return preference;
  }

  @Test
  void theFirstAnswerIsThereWhenStartReturnsAndChangesAreFollowedAfterTheTtl() {
    dns.setCname(NAME, PRIMARY_HOST, ONE_S);
    start(builder());
    assertThat(preference.preferredRegion()).contains("primary");

    dns.setCname(NAME, SECONDARY_HOST.toUpperCase() + ".", ONE_S);
    long flipped = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> preference.preferredRegion().equals(Optional.of("secondary")));

    assertThat(Duration.ofNanos(System.nanoTime() - flipped)).isLessThan(Duration.ofMillis(1_500));
    // The refresher sets the preference, then publishes the change: wait for the event too.
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> context.events(DnsAnswerChangedEvent.class).size() >= 2);
    assertThat(context.events(DnsAnswerChangedEvent.class))
        .extracting(DnsAnswerChangedEvent::oldRegion, DnsAnswerChangedEvent::newRegion)
        .containsExactly(tuple(null, "primary"), tuple("primary", "secondary"));
  }

  @Test
  void theAnswerAgeIsResetByEachRefreshAndGrowsWhileLookupsFail() throws InterruptedException {
    assertThat(builder().build().answerAge()).isEmpty();
    dns.setCname(NAME, PRIMARY_HOST, Duration.ZERO);
    start(builder().minTtl(Duration.ofMillis(100)).maxTtl(Duration.ofMillis(100)));

    Thread.sleep(400);
    assertThat(preference.answerAge()).hasValueSatisfying(a -> assertThat(a).isLessThan(ONE_S));

    dns.servfail();
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> preference.answerAge().orElseThrow().compareTo(ONE_S) > 0);
    assertThat(preference.preferredRegion()).contains("primary");
  }

  @Test
  void aFailingEventConsumerDoesNotStopTheRefresh() {
    dns.setCname(NAME, PRIMARY_HOST, ONE_S);
    context.failToPublish = true;
    start(builder());

    dns.setCname(NAME, SECONDARY_HOST, ONE_S);

    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> preference.preferredRegion().equals(Optional.of("secondary")));
  }

  @Test
  void theTxtFormNamesARegionById() {
    dns.setTxt(NAME, "region=secondary", ONE_S);
    start(builder().queryType("TXT"));

    assertThat(preference.preferredRegion()).contains("secondary");
  }

  @Test
  void addressesNameARegionWhenMatchingIsOn() {
    dns.setA(NAME, ONE_S, "192.0.2.2");
    start(builder().matchAddresses(true).addresses("secondary", "192.0.2.2"));

    assertThat(preference.preferredRegion()).contains("secondary");
  }

  enum Fault {
    NO_ANSWER(LocalDnsServer::noAnswer, Reason.TIMEOUT),
    SERVFAIL(LocalDnsServer::servfail, Reason.SERVFAIL),
    NXDOMAIN(LocalDnsServer::nxdomain, Reason.NXDOMAIN),
    GARBAGE(LocalDnsServer::garbage, Reason.MALFORMED),
    // A closed UDP port may answer with ICMP port unreachable rather than silence.
    STOPPED(LocalDnsServer::stop, Reason.TIMEOUT, Reason.IO_ERROR),
    EMPTY(s -> s.setTxt(NAME, "unrelated", ONE_S), Reason.NO_ANSWER);

    final Consumer<LocalDnsServer> inject;
    final List<Reason> reasons;

    Fault(Consumer<LocalDnsServer> inject, Reason... reasons) {
      this.inject = inject;
      this.reasons = List.of(reasons);
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void aFailingServerLeavesTheLastGoodAnswerForTheStaleTimeThenPriorityOrder(Fault fault) {
    dns.setCname(NAME, SECONDARY_HOST, ONE_S);
    start(
        builder().minTtl(Duration.ofMillis(200)).maxTtl(ONE_S).staleTime(Duration.ofMillis(1_500)));
    assertThat(preference.preferredRegion()).contains("secondary");

    fault.inject.accept(dns);
    long injected = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> context.events(DnsFailureEvent.class).size() >= 1);
    DnsFailureEvent first = context.events(DnsFailureEvent.class).get(0);
    assertThat(first.reason()).isIn(fault.reasons);
    assertThat(first.staleAnswerKept()).isTrue();
    assertThat(preference.preferredRegion()).contains("secondary");

    // TTL (1 s) plus stale time (1.5 s) after the last good answer, the answer is given up.
    await().atMost(Duration.ofSeconds(4)).until(() -> preference.preferredRegion().isEmpty());
    assertThat(Duration.ofNanos(System.nanoTime() - injected))
        .isGreaterThan(Duration.ofMillis(1_400));
    assertThat(context.events(DnsFailureEvent.class))
        .anyMatch(e -> e.reason() == Reason.STALE_ANSWER_EXPIRED && !e.staleAnswerKept());

    dns.start();
    dns.healthy();
    dns.setCname(NAME, SECONDARY_HOST, ONE_S);
    await().atMost(Duration.ofSeconds(3)).until(() -> preference.preferredRegion().isPresent());
  }

  @Test
  void aTruncatedUdpAnswerIsFetchedOverTcp() {
    dns.setCname(NAME, PRIMARY_HOST, ONE_S);
    dns.truncate();

    start(builder());

    assertThat(preference.preferredRegion()).contains("primary");
    assertThat(dns.tcpQueryCount()).isGreaterThanOrEqualTo(1);
    assertThat(context.events(DnsFailureEvent.class)).isEmpty();
  }

  @Test
  void anAnswerNamingNoConfiguredRegionIsIgnoredAndReported() {
    dns.setCname(NAME, PRIMARY_HOST, ONE_S);
    start(builder().minTtl(Duration.ofMillis(200)));

    dns.setCname(NAME, "evil.example.net", ONE_S);
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> !context.events(DnsAnswerIgnoredEvent.class).isEmpty());

    DnsAnswerIgnoredEvent ignored = context.events(DnsAnswerIgnoredEvent.class).get(0);
    assertThat(ignored.answer()).contains("evil.example.net");
    assertThat(ignored.staleAnswerKept()).isTrue();
    assertThat(preference.preferredRegion()).contains("primary");
  }

  @Test
  void startGivesUpAfterItsTimeoutAndTheAnswerComesLater() {
    dns.setCname(NAME, SECONDARY_HOST, ONE_S);
    dns.noAnswer();
    long before = System.nanoTime();

    start(builder().startTimeout(Duration.ofMillis(200)).minTtl(Duration.ofMillis(200)));

    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(800));
    assertThat(preference.preferredRegion()).isEmpty();
    dns.healthy();
    await().atMost(Duration.ofSeconds(3)).until(() -> preference.preferredRegion().isPresent());
  }

  @Test
  void dnssecValidationRejectsAnUnsignedAnswerUnderATrustAnchor() {
    dns.setCname(NAME, PRIMARY_HOST, ONE_S);
    String anchor =
        "example.test. 3600 IN DS 12345 13 2"
            + " 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";

    start(builder().dnssecTrustAnchors(anchor));

    assertThat(preference.preferredRegion()).isEmpty();
    assertThat(context.events(DnsFailureEvent.class))
        .first()
        .extracting(DnsFailureEvent::reason)
        .isEqualTo(Reason.DNSSEC_INVALID);
  }

  @Test
  void settingsAreCheckedWithMessagesThatSayWhatToDo() {
    assertThatThrownBy(() -> DnsRegionPreference.builder(" "))
        .hasMessageContaining("app.example.com");
    assertThatThrownBy(() -> builder().servers("dns.example.test:53"))
        .hasMessageContaining("IP literal");
    assertThatThrownBy(() -> builder().queryType("MX")).hasMessageContaining("TXT");
    assertThatThrownBy(() -> builder().minTtl(Duration.ZERO)).hasMessageContaining("minTtl");
    assertThatThrownBy(() -> builder().minTtl(Duration.ofSeconds(5)).maxTtl(ONE_S).build())
        .hasMessageContaining("minTtl");
    DnsRegionPreference unknownRegion = builder().addresses("tertiary", "192.0.2.3").build();
    assertThatThrownBy(() -> unknownRegion.start(context)).hasMessageContaining("tertiary");
  }
}
