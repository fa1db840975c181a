package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.FailoverRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Converts between this module's record values and Route 53's model. */
public final class Records {

  private Records() {}

  /**
   * The record set Route 53 should hold for a record.
   *
   * @param record the record, with its health check id
   * @return the record set
   */
  public static ResourceRecordSet toRecordSet(FailoverRecord record) {
    return ResourceRecordSet.builder()
        .name(record.name() + ".")
        .type(record.type())
        .setIdentifier(record.setIdentifier())
        .failover(record.failover().name())
        .ttl(record.ttl())
        .resourceRecords(ResourceRecord.builder().value(record.target()).build())
        .healthCheckId(record.healthCheckId().orElse(null))
        .build();
  }
}
