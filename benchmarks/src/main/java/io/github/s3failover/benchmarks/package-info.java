/**
 * JMH benchmarks of s3-failover: what {@code FailoverS3Client} costs per call compared with a plain
 * {@code S3Client} talking to the same region ({@link
 * io.github.s3failover.benchmarks.OverheadBenchmark}), and a runner that prints the ratio ({@link
 * io.github.s3failover.benchmarks.RatioReport}).
 */
package io.github.s3failover.benchmarks;
