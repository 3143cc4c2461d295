package org.jiked.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and latencies of one benchmark run, shared by its sender threads. */
final class BenchResults {
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong established = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retransmits = new AtomicLong();
    private final Map<String, Long> failures = new TreeMap<>();
    private long[] latencies = new long[1024];
    private int latencyCount;
    private long startNanos;
    private long endNanos;

    void start(long nanos) {
        startNanos = nanos;
    }

    void finish(long nanos) {
        endNanos = nanos;
    }

    void started() {
        started.incrementAndGet();
    }

    void retransmitted() {
        retransmits.incrementAndGet();
    }

    synchronized void established(long latencyNanos) {
        established.incrementAndGet();
        if (latencyCount == latencies.length) {
            latencies = Arrays.copyOf(latencies, latencies.length * 2);
        }
        latencies[latencyCount++] = latencyNanos;
    }

    synchronized void failed(String reason, int n) {
        failed.addAndGet(n);
        failures.merge(reason, (long) n, Long::sum);
    }

    long established() {
        return established.get();
    }

    long failed() {
        return failed.get();
    }

    long inFlight() {
        return started.get() - established.get() - failed.get();
    }

    synchronized void print(PrintStream out, BenchOptions o) {
        double seconds = (endNanos - startNanos) / 1e9;
        long[] sorted = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(sorted);
        out.printf("target %s, %s, %s%n", o.target(), o.ikeProposal(),
                o.child() ? "with a CHILD_SA (" + o.espProposal() + ")" : "no CHILD_SA");
        out.printf("established %d of %d in %.2f s: %.0f setups/s (concurrency %d, %d thread(s))%n",
                established.get(), o.count(), seconds, established.get() / seconds, o.concurrency(), o.threads());
        if (latencyCount > 0) {
            out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n", percentile(sorted, 50),
                    percentile(sorted, 90), percentile(sorted, 99), sorted[sorted.length - 1] / 1e6);
        }
        out.printf("retransmissions %d%n", retransmits.get());
        if (failed.get() > 0) {
            out.printf("failed %d:%n", failed.get());
            failures.forEach((k, v) -> out.printf("  %-40s %d%n", k, v));
        }
    }

    private static double percentile(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1e6;
    }
}
