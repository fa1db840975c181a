package io.github.s3failover.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.s3failover.event.DnsFailureEvent.Reason;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

class DnsAnswerParserTest {
  private static final Name APP = name("app.example.test");

  private final DnsAnswerParser parser =
      new DnsAnswerParser(
          Map.of(
              "data-primary.s3.example.test", "primary",
              "data-secondary.s3.example.test", "secondary"),
          Set.of("primary", "secondary"),
          Map.of(address("192.0.2.1"), "primary", address("192.0.2.2"), "secondary"));

  private static Name name(String s) {
    try {
      return Name.fromString(s, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Message response(Record... answers) {
    Message m = new Message();
    m.getHeader().setFlag(Flags.QR);
    m.addRecord(Record.newRecord(APP, Type.A, DClass.IN), Section.QUESTION);
    for (Record r : answers) {
      m.addRecord(r, Section.ANSWER);
    }
    return m;
  }

  private static Record cname(String owner, String target, long ttl) {
    return new CNAMERecord(name(owner), DClass.IN, ttl, name(target));
  }

  @Test
  void aNameWithTwoCnameTargetsIsIgnoredWhicheverOrderTheRecordsCome() {
    Record toPrimary = cname("app.example.test", "data-primary.s3.example.test", 30);
    Record toSecondary = cname("app.example.test", "data-secondary.s3.example.test", 30);

    for (Message m :
        new Message[] {response(toPrimary, toSecondary), response(toSecondary, toPrimary)}) {
      DnsAnswer answer = parser.parse(APP, m, false);

      assertThat(answer).isInstanceOf(DnsAnswer.Ignored.class);
      assertThat(answer.toString()).contains("several CNAME targets");
    }
  }

  @Test
  void aCnameChainIsFollowedToTheFirstNameOfARegionWithTheLowestTtl() {
    Message m =
        response(
            cname("app.example.test", "app-failover.example.test", 60),
            cname("app-failover.example.test", "DATA-Secondary.s3.example.test.", 10),
            cname("data-secondary.s3.example.test", "s3-r-w.example.test", 5),
            new ARecord(name("s3-r-w.example.test"), DClass.IN, 1, address("198.51.100.1")));

    DnsAnswer answer = parser.parse(APP, m, false);

    assertThat(answer)
        .isEqualTo(
            new DnsAnswer.Matched(
                "secondary", Duration.ofSeconds(10), "data-secondary.s3.example.test"));
  }

  @Test
  void aTxtStringRegionEqualsIdNamesTheRegion() {
    Message m =
        response(
            new TXTRecord(APP, DClass.IN, 30, "v=something-else"),
            new TXTRecord(APP, DClass.IN, 20, " Region=secondary "));

    assertThat(parser.parse(APP, m, false))
        .isEqualTo(new DnsAnswer.Matched("secondary", Duration.ofSeconds(20), "TXT"));
  }

  @Test
  void anUnknownTargetOrRegionIdIsIgnoredNotGuessed() {
    DnsAnswer unknownHost =
        parser.parse(APP, response(cname("app.example.test", "evil.example.net", 5)), false);
    DnsAnswer unknownId =
        parser.parse(APP, response(new TXTRecord(APP, DClass.IN, 5, "region=tertiary")), false);

    assertThat(unknownHost).isInstanceOf(DnsAnswer.Ignored.class);
    assertThat(((DnsAnswer.Ignored) unknownHost).description()).contains("evil.example.net");
    assertThat(((DnsAnswer.Ignored) unknownHost).ttl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(unknownId).isInstanceOf(DnsAnswer.Ignored.class);
  }

  @Test
  void anAnswerNamingTwoRegionsAtOnceIsIgnored() {
    Message m =
        response(
            new TXTRecord(APP, DClass.IN, 5, "region=primary"),
            new TXTRecord(APP, DClass.IN, 5, "region=secondary"));

    assertThat(parser.parse(APP, m, false)).isInstanceOf(DnsAnswer.Ignored.class);
  }

  @Test
  void addressesNameARegionOnlyWhenMatchingIsOn() {
    Message m = response(new ARecord(APP, DClass.IN, 3, address("192.0.2.2")));
    DnsAnswerParser withoutAddresses =
        new DnsAnswerParser(Map.of(), Set.of("primary", "secondary"), Map.of());

    assertThat(parser.parse(APP, m, false))
        .isEqualTo(new DnsAnswer.Matched("secondary", Duration.ofSeconds(3), "address"));
    assertThat(withoutAddresses.parse(APP, m, false)).isInstanceOf(DnsAnswer.Ignored.class);
  }

  @Test
  void aCnameLoopEndsAsAnIgnoredAnswer() {
    Message m =
        response(
            cname("app.example.test", "loop.example.test", 5),
            cname("loop.example.test", "app.example.test", 5));

    assertThat(parser.parse(APP, m, false)).isInstanceOf(DnsAnswer.Ignored.class);
  }

  @Test
  void errorCodesEmptyAnswersAndTruncationAreFailures() {
    Message servfail = response();
    servfail.getHeader().setRcode(Rcode.SERVFAIL);
    Message nxdomain = response();
    nxdomain.getHeader().setRcode(Rcode.NXDOMAIN);
    Message refused = response();
    refused.getHeader().setRcode(Rcode.REFUSED);
    Message truncated = response();
    truncated.getHeader().setFlag(Flags.TC);
    Message unrelated = response(cname("other.example.test", "data-primary.s3.example.test", 5));

    assertThat(reason(servfail)).isEqualTo(Reason.SERVFAIL);
    assertThat(reason(nxdomain)).isEqualTo(Reason.NXDOMAIN);
    assertThat(reason(refused)).isEqualTo(Reason.MALFORMED);
    assertThat(reason(truncated)).isEqualTo(Reason.TRUNCATED);
    assertThat(reason(response())).isEqualTo(Reason.NO_ANSWER);
    assertThat(reason(unrelated)).isEqualTo(Reason.NO_ANSWER);
  }

  @Test
  void aChainEndingInNxdomainStillNamesTheRegionItPassed() {
    Message m = response(cname("app.example.test", "data-primary.s3.example.test", 5));
    m.getHeader().setRcode(Rcode.NXDOMAIN);
    Message unknown = response(cname("app.example.test", "gone.example.test", 5));
    unknown.getHeader().setRcode(Rcode.NXDOMAIN);

    assertThat(parser.parse(APP, m, false)).isInstanceOf(DnsAnswer.Matched.class);
    assertThat(reason(unknown)).isEqualTo(Reason.NXDOMAIN);
  }

  @Test
  void aValidatedAnswerIsRequiredWhenDnssecIsOn() {
    Message unsigned = response(cname("app.example.test", "data-primary.s3.example.test", 5));
    Message bogus = response();
    bogus.getHeader().setRcode(Rcode.SERVFAIL);

    assertThat(((DnsAnswer.Failed) parser.parse(APP, unsigned, true)).reason())
        .isEqualTo(Reason.DNSSEC_INVALID);
    assertThat(((DnsAnswer.Failed) parser.parse(APP, bogus, true)).reason())
        .isEqualTo(Reason.DNSSEC_INVALID);
    unsigned.getHeader().setFlag(Flags.AD);
    assertThat(parser.parse(APP, unsigned, true)).isInstanceOf(DnsAnswer.Matched.class);
  }

  @Test
  void garbageOnTheWireDoesNotParse() {
    byte[] garbage = {0x12, 0x34, (byte) 0x81, 0x00, 0x00, 0x01, 0x00, 0x05, 0x7f};

    assertThatThrownBy(() -> new Message(garbage)).isInstanceOf(WireParseException.class);
  }

  private Reason reason(Message m) {
    DnsAnswer answer = parser.parse(APP, m, false);
    assertThat(answer).isInstanceOf(DnsAnswer.Failed.class);
    return ((DnsAnswer.Failed) answer).reason();
  }
}
