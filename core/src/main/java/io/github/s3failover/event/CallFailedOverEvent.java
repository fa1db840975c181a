package io.github.s3failover.event;

import java.time.Instant;

/**
 * One call failed in a region with a regional failure and goes on in another region. Logged at WARN
 * only when it makes the region switch; at DEBUG otherwise.
 *
 * @param time when it happened
 * @param operation the S3 operation, for example {@code GetObject}
 * @param fromRegion the region that failed
 * @param toRegion the region the call goes on in
 * @param cause the failure in {@code fromRegion}
 */
public record CallFailedOverEvent(
    Instant time, String operation, String fromRegion, String toRegion, Throwable cause)
    implements FailoverEvent {}
