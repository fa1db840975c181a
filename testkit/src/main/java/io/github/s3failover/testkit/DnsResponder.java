package io.github.s3failover.testkit;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Builds the answers of a {@link LocalDnsServer} from its records and its fault mode. */
final class DnsResponder {
  /** With name compression each padding record costs ~20 bytes: about 60 KB in all. */
  private static final int PADDING_RECORDS = 2_500;

  private final Map<Name, List<Record>> records;
  private final AtomicLong tcpQueries = new AtomicLong();

  DnsResponder(Map<Name, List<Record>> records) {
    this.records = records;
  }

  long tcpQueries() {
    return tcpQueries.get();
  }

  void resetCounters() {
    tcpQueries.set(0);
  }

  /** Returns the answer's wire form, or null to send nothing. */
  byte[] answer(byte[] wire, LocalDnsServer.Mode mode, boolean overTcp) throws IOException {
    if (overTcp) {
      tcpQueries.incrementAndGet();
    }
    if (mode == LocalDnsServer.Mode.NO_ANSWER) {
      return null;
    }
    if (mode == LocalDnsServer.Mode.GARBAGE) {
      // Keep the id, so the client reads the rest instead of discarding a stray packet.
      byte[] garbage = {wire[0], wire[1], (byte) 0x81, 0x00, 0x00, 0x01, 0x00, 0x05, 0x7f, 0x7f};
      return garbage;
    }
    Message query = new Message(wire);
    Message response = new Message(query.getHeader().getID());
    Header header = response.getHeader();
    header.setFlag(Flags.QR);
    header.setFlag(Flags.AA);
    if (query.getHeader().getFlag(Flags.RD)) {
      header.setFlag(Flags.RD);
    }
    Record question = query.getQuestion();
    if (question == null || query.getHeader().getOpcode() != Opcode.QUERY) {
      header.setRcode(Rcode.FORMERR);
      return response.toWire();
    }
    response.addRecord(question, Section.QUESTION);
    switch (mode) {
      case SERVFAIL:
        header.setRcode(Rcode.SERVFAIL);
        return response.toWire();
      case NXDOMAIN:
        header.setRcode(Rcode.NXDOMAIN);
        return response.toWire();
      case TRUNCATE:
        if (!overTcp) {
          header.setFlag(Flags.TC);
          return response.toWire();
        }
        break;
      default:
        break;
    }
    if (!records.containsKey(question.getName())) {
      header.setRcode(Rcode.NXDOMAIN);
      return response.toWire();
    }
    follow(question.getName(), question.getType(), response);
    if (mode == LocalDnsServer.Mode.OVERSIZED) {
      pad(response);
    }
    return response.toWire();
  }

  /**
   * Adds records of other names, each pointing at a host no client configures, until the message is
   * close to the 64 KiB a DNS message can hold at all.
   */
  private static void pad(Message response) {
    try {
      Name target = Name.fromString("unconfigured.padding.test.");
      for (int i = 0; i < PADDING_RECORDS; i++) {
        Name owner = Name.fromString("pad-" + i + ".padding.test.");
        response.addRecord(new CNAMERecord(owner, DClass.IN, 60, target), Section.ANSWER);
      }
    } catch (TextParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Adds the records of the name, following CNAMEs this server holds, as an authority does. */
  private void follow(Name name, int type, Message response) {
    Set<Name> visited = new HashSet<>();
    Name current = name;
    while (current != null && visited.add(current)) {
      List<Record> held = records.get(current);
      if (held == null) {
        return;
      }
      Name next = null;
      for (Record record : held) {
        if (record.getType() == type || type == Type.ANY) {
          response.addRecord(record, Section.ANSWER);
        } else if (record.getType() == Type.CNAME) {
          response.addRecord(record, Section.ANSWER);
          next = ((CNAMERecord) record).getTarget();
        }
      }
      current = next;
    }
  }
}
