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
    private final Latencies setups = new Latencies();
    private final Latencies childRekeys = new Latencies();
    private final Latencies ikeRekeys = new Latencies();
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

    /** A growing array of latencies in nanoseconds. */
    private static final class Latencies {
        long[] values = new long[1024];
        int count;

        void add(long nanos) {
            if (count == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[count++] = nanos;
        }

        void print(PrintStream out, String what) {
            if (count == 0) {
                return;
            }
            long[] sorted = Arrays.copyOf(values, count);
            Arrays.sort(sorted);
            out.printf("%s ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n", what, percentile(sorted, 50),
                    percentile(sorted, 90), percentile(sorted, 99), sorted[sorted.length - 1] / 1e6);
        }
    }

    synchronized void established(long latencyNanos) {
        established.incrementAndGet();
        setups.add(latencyNanos);
    }

    /** A CHILD_SA or IKE SA rekey done, old SA deleted; the latency is that of both exchanges. */
    synchronized void rekeyed(boolean ike, long latencyNanos) {
        (ike ? ikeRekeys : childRekeys).add(latencyNanos);
    }

    synchronized int rekeys(boolean ike) {
        return (ike ? ikeRekeys : childRekeys).count;
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
        out.printf("target %s, %s, %s, %s%n", o.target(), o.ikeProposal(),
                o.child() ? "with a CHILD_SA (" + o.espProposal() + ")" : "no CHILD_SA",
                o.credential() == null ? "pre-shared key"
                        : "certificate " + o.credential().certificate().getSubjectX500Principal().getName());
        out.printf("established %d of %d in %.2f s: %.0f setups/s (concurrency %d, %d thread(s))%n",
                established.get(), o.count(), seconds, established.get() / seconds, o.concurrency(), o.threads());
        setups.print(out, "latency");
        if (o.rekeyChild() > 0 || o.rekeyIke() > 0) {
            out.printf("rekeys done: CHILD_SA %d of %d, IKE SA %d of %d%n", childRekeys.count,
                    (long) o.rekeyChild() * o.count(), ikeRekeys.count, (long) o.rekeyIke() * o.count());
            childRekeys.print(out, "CHILD_SA rekey latency");
            ikeRekeys.print(out, "IKE SA rekey latency");
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
