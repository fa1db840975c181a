package io.github.s3failover.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

class LocalDnsServerTest {
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private final LocalDnsServer server = LocalDnsServer.open();

  @AfterEach
  void stop() {
    server.close();
  }

  private SimpleResolver resolver(boolean tcp) {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
    resolver.setTimeout(TIMEOUT);
    resolver.setTCP(tcp);
    return resolver;
  }

  private Message ask(SimpleResolver resolver, String name, int type) throws IOException {
    return resolver.send(
        Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
  }

  @Test
  void answersCnamesWithTheirTtlOverUdpAndTcp() throws IOException {
    server.setCname("app.example.test", "data.primary.example.test", Duration.ofSeconds(7));

    for (boolean tcp : new boolean[] {false, true}) {
      Message answer = ask(resolver(tcp), "APP.example.test.", Type.A);
      assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
      Record cname = answer.getSection(Section.ANSWER).get(0);
      assertThat(((CNAMERecord) cname).getTarget().toString())
          .isEqualTo("data.primary.example.test.");
      assertThat(cname.getTTL()).isEqualTo(7);
    }
    assertThat(server.queryCount()).isEqualTo(2);
    assertThat(server.tcpQueryCount()).isEqualTo(1);
  }

  @Test
  void changesRecordsAtRunTimeAndRemovesThem() throws IOException {
    server.setTxt("app.example.test", "region=primary", Duration.ofSeconds(1));
    assertThat(
            ((TXTRecord)
                    ask(resolver(false), "app.example.test", Type.TXT)
                        .getSection(Section.ANSWER)
                        .get(0))
                .getStrings())
        .containsExactly("region=primary");

    server.setA("app.example.test", Duration.ZERO, "192.0.2.1", "192.0.2.2");
    Message a = ask(resolver(false), "app.example.test", Type.A);
    assertThat(a.getSection(Section.ANSWER)).hasSize(2).allMatch(r -> r.getTTL() == 0);

    server.remove("app.example.test");
    assertThat(ask(resolver(false), "app.example.test", Type.A).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void faultsAreSwitchedAtRunTime() throws IOException {
    server.setCname("app.example.test", "data.primary.example.test", Duration.ofSeconds(1));

    server.servfail();
    assertThat(ask(resolver(false), "app.example.test", Type.A).getRcode())
        .isEqualTo(Rcode.SERVFAIL);
    server.nxdomain();
    assertThat(ask(resolver(false), "app.example.test", Type.A).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
    server.garbage();
    assertThatThrownBy(() -> ask(resolver(false), "app.example.test", Type.A))
        .isInstanceOf(WireParseException.class);
    server.noAnswer();
    assertThatThrownBy(() -> ask(resolver(false), "app.example.test", Type.A))
        .isInstanceOf(IOException.class)
        .hasRootCauseInstanceOf(TimeoutException.class);
    server.healthy();
    assertThat(ask(resolver(false), "app.example.test", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(server.queryCount()).isEqualTo(5);
  }

  @Test
  void truncatedUdpAnswersAreRepeatedOverTcpByDnsjava() throws IOException {
    server.setCname("app.example.test", "data.primary.example.test", Duration.ofSeconds(1));
    server.truncate();

    // SimpleResolver, left free to choose the transport, retries over TCP when TC is set.
    Message answer = ask(resolver(false), "app.example.test", Type.A);

    assertThat(answer.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
    assertThat(server.queryCount()).isEqualTo(2);
    assertThat(server.tcpQueryCount()).isEqualTo(1);
  }

  @Test
  void stopsAndStartsOnTheSamePort() throws IOException {
    server.setCname("app.example.test", "data.primary.example.test", Duration.ofSeconds(1));
    int port = server.port();

    server.stop();
    assertThat(server.isRunning()).isFalse();
    assertThatThrownBy(() -> ask(resolver(false), "app.example.test", Type.A))
        .isInstanceOf(IOException.class);

    server.start();
    assertThat(server.port()).isEqualTo(port);
    assertThat(ask(resolver(false), "app.example.test", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);
    server.resetCounters();
    assertThat(server.queryCount()).isZero();
  }
}
