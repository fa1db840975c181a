package io.github.s3failover.benchmarks;

import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The benchmarks of {@link OverheadBenchmark} with 16 threads calling at once: more threads than
 * cores, sharing one client, one connection pool, one circuit breaker per region and one server.
 *
 * <p>Its warm-up is twice as long: with 16 busy threads on 2 cores the JIT compiler gets a small
 * share of the CPU, and throughput kept rising for about 50 s in a 16-thread run on this project's
 * 2-core machines.
 */
@Threads(16)
@Warmup(iterations = 10, time = 5)
@Measurement(iterations = 10, time = 1)
public class ContendedOverheadBenchmark extends OverheadBenchmark {}
