package org.jiked.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jiked.esp.EspBench;
import org.jiked.os.CommandResult;
import org.jiked.os.Commands;
import org.jiked.testing.Charon;
import org.jiked.testing.ConnectionSpec;
import org.jiked.testing.Iperf3;
import org.jiked.testing.JikedDaemon;
import org.jiked.testing.JunosConfig;
import org.jiked.testing.Root;
import org.jiked.testing.TwoSiteTopology;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The ESP throughput benchmark of docs/BENCHMARKS.md, run by {@code bench/esp.sh}: in one
 * {@link TwoSiteTopology} (same namespaces, same veth), iperf3 TCP from site A to site B through
 * (a) jiked <-> jiked, (b) jiked <-> charon, (c) charon <-> charon, all AES-256-GCM, with the CPU
 * time the two gateway processes used during each transfer; then the single-core AES-GCM ceilings
 * of OpenSSL and of jiked's own ESP encryption. It reports and asserts only that traffic flowed:
 * timings depend on the machine. Skipped unless {@code -Djiked.bench=true}.
 */
class EspThroughputBenchmark {
    static final String PSK = "bench-psk-0123456789abcdef";
    static final Duration UP = Duration.ofSeconds(20);
    static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    record Row(String name, Iperf3.Result result, double cpuSeconds, int seconds) {
        double mbps() {
            return result.receivedBitsPerSecond() / 1e6;
        }

        /** CPU seconds of both gateways per gigabit delivered. */
        double cpuPerGigabit() {
            double gigabits = result.bytesReceived() * 8 / 1e9;
            return gigabits == 0 ? 0 : cpuSeconds / gigabits;
        }
    }

    @Test
    void throughputThroughJikedAndCharonTunnels() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("jiked.bench"), "benchmark: run bench/esp.sh");
        Root.assumeRoot();
        Root.requireTool("iperf3");
        Root.requireTool(Charon.CHARON);
        int seconds = Integer.getInteger("jiked.bench.seconds", 10);
        List<Row> rows = new ArrayList<>();
        try (TwoSiteTopology t = TwoSiteTopology.create()) {
            rows.add(jikedJiked(t, seconds, 0));
            rows.add(jikedJiked(t, seconds, 64_000));
            rows.add(jikedCharon(t, seconds));
            rows.add(charonCharon(t, seconds));
        }
        StringBuilder out = new StringBuilder();
        out.append("| tunnel | iperf3 TCP Mbit/s | retransmits | gateway CPU s | CPU s per Gbit |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            out.append(String.format("| %s | %.0f | %d | %.2f | %.2f |%n", r.name(), r.mbps(), r.result().retransmits(),
                    r.cpuSeconds(), r.cpuPerGigabit()));
        }
        out.append('\n').append(aesCeilings());
        String options = System.getProperty("jiked.daemon.javaOptions", "").trim();
        System.out.println("\n===== ESP benchmark (" + seconds + " s per transfer, jiked JVM options: "
                + (options.isEmpty() ? "none" : options) + ") =====\n" + out);
        for (Row r : rows) {
            assertTrue(r.result().ok(), r.name() + ": " + r.result().json());
        }
    }

    /** {@code mtu} 0: st0 at the path MTU less ESP overhead; else {@code family inet mtu}, outer packets fragmented. */
    private static Row jikedJiked(TwoSiteTopology t, int seconds, int mtu) throws IOException {
        JunosConfig configA = jiked("192.0.2.1", "192.0.2.2", "203.0.113.0/24");
        JunosConfig configB = jiked("192.0.2.2", "192.0.2.1", "198.51.100.0/24").establish("responder-only");
        if (mtu > 0) {
            configA.set("interfaces st0 unit 0 family inet mtu " + mtu);
            configB.set("interfaces st0 unit 0 family inet mtu " + mtu);
        }
        try (JikedDaemon b = JikedDaemon.start(t.b(), configB.text());
             JikedDaemon a = JikedDaemon.start(t.a(), configA.text())) {
            waitUp(a);
            waitUp(b);
            return transfer("jiked <-> jiked (raw ESP" + (mtu > 0 ? ", st0 mtu " + mtu : "") + ")", t, seconds,
                    a.pid(), b.pid());
        }
    }

    private static Row jikedCharon(TwoSiteTopology t, int seconds) throws IOException {
        try (Charon charon = Charon.start(t.b(), "bench-b", quiet())) {
            charon.configure(charonSpec("192.0.2.2", "192.0.2.1", "203.0.113.0/24", "198.51.100.0/24"));
            charon.loadAll();
            try (JikedDaemon a = JikedDaemon.start(t.a(), jiked("192.0.2.1", "192.0.2.2", "203.0.113.0/24").text())) {
                waitUp(a);
                return transfer("jiked <-> charon (ESP in UDP)", t, seconds, a.pid(), charon.pid());
            }
        }
    }

    private static Row charonCharon(TwoSiteTopology t, int seconds) throws IOException {
        try (Charon b = Charon.start(t.b(), "bench-b", quiet());
             Charon a = Charon.start(t.a(), "bench-a", quiet())) {
            b.configure(charonSpec("192.0.2.2", "192.0.2.1", "203.0.113.0/24", "198.51.100.0/24"));
            b.loadAll();
            a.configure(charonSpec("192.0.2.1", "192.0.2.2", "198.51.100.0/24", "203.0.113.0/24"));
            a.loadAll();
            String up = a.initiate("net");
            assertTrue(up.contains("established"), up);
            return transfer("charon <-> charon (kernel-libipsec)", t, seconds, a.pid(), b.pid());
        }
    }

    private static Row transfer(String name, TwoSiteTopology t, int seconds, long... gatewayPids) {
        // a short warm-up lets the JIT compile the data path and TCP open its window
        Iperf3.server(t.b(), "203.0.113.1", 5299);
        Iperf3.client(t.a(), "198.51.100.1", "203.0.113.1", 5299, 2);
        Iperf3.server(t.b(), "203.0.113.1", 5299);
        Map<String, Long> dropsBefore = drops(t);
        long before = cpuTicks(gatewayPids);
        Iperf3.Result r = Iperf3.client(t.a(), "198.51.100.1", "203.0.113.1", 5299, seconds);
        long after = cpuTicks(gatewayPids);
        System.out.printf("%s: %.0f Mbit/s%n", name, r.receivedBitsPerSecond() / 1e6);
        System.out.printf("%s: drops during the transfer: %s%n", name, difference(dropsBefore, drops(t)));
        return new Row(name, r, (after - before) / (double) TICKS_PER_SECOND, seconds);
    }

    /**
     * Where packets were lost, per namespace: each device's tx_dropped and rx_dropped (a TUN
     * drops what its queue of txqueuelen packets cannot hold), the raw sockets' drops (the last
     * column of /proc/net/raw: a full receive buffer), and the UDP receive-buffer errors.
     */
    static Map<String, Long> drops(TwoSiteTopology t) {
        Map<String, Long> m = new TreeMap<>();
        String script = "for d in /sys/class/net/*; do n=${d##*/};"
                + " echo \"$n-tx $(cat $d/statistics/tx_dropped)\"; echo \"$n-rx $(cat $d/statistics/rx_dropped)\"; done;"
                + " awk 'NR>1 {s+=$NF} END {print \"raw-socket\", s+0}' /proc/net/raw;"
                + " awk '/^Udp:/ {if (h) print \"udp-rcvbuf\", $6; h=1}' /proc/net/snmp";
        for (var ns : List.of(t.a(), t.b())) {
            String side = ns == t.a() ? "A " : "B ";
            CommandResult r = ns.execUnchecked(Duration.ofSeconds(10), "sh", "-c", script);
            for (String line : r.stdout().lines().toList()) {
                String[] f = line.trim().split(" ");
                if (f.length == 2 && f[1].matches("\\d+")) {
                    m.put(side + f[0], Long.parseLong(f[1]));
                }
            }
        }
        return m;
    }

    /** The counters that grew, as "name +n", or "none". */
    static String difference(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder sb = new StringBuilder();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                sb.append(sb.isEmpty() ? "" : ", ").append(k).append(" +").append(d);
            }
        });
        return sb.isEmpty() ? "none" : sb.toString();
    }

    /** utime + stime (fields 14 and 15 of /proc/PID/stat) of the processes and all their descendants. */
    static long cpuTicks(long... pids) {
        long sum = 0;
        for (long pid : pids) {
            List<Long> all = new ArrayList<>();
            all.add(pid);
            ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> all.add(d.pid())));
            for (long p : all) {
                try {
                    String stat = Files.readString(Path.of("/proc/" + p + "/stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException gone) {
                    // a process that ended has nothing more to count
                }
            }
        }
        return sum;
    }

    private static String aesCeilings() {
        StringBuilder sb = new StringBuilder();
        CommandResult r = Commands.runUnchecked(List.of("openssl", "speed", "-evp", "aes-256-gcm",
                "-seconds", "3"), Duration.ofSeconds(60));
        String header = r.stdout().lines().filter(l -> l.startsWith("type")).findFirst().orElse("");
        String line = r.stdout().lines().filter(l -> l.startsWith("AES-256-GCM")).findFirst().orElse("(no result)");
        sb.append("openssl speed -evp aes-256-gcm -seconds 3 (one core, 1000s of bytes/s):\n")
                .append(header).append('\n').append(line).append('\n');
        double jdk = EspBench.encryptMegabytesPerSecond(1400, Duration.ofSeconds(3));
        sb.append(String.format("jiked EspCodec.encrypt, AES-256-GCM, 1400-byte packets, one thread: %.0f MB/s (%.2f Gbit/s)%n",
                jdk, jdk * 8 / 1000));
        return sb.toString();
    }

    static JunosConfig jiked(String self, String peer, String route) {
        return JunosConfig.site(self, peer).psk(PSK).routeBased(route);
    }

    static ConnectionSpec charonSpec(String self, String peer, String localTs, String remoteTs) {
        return ConnectionSpec.named("bench").child("net").localAddrs(self).remoteAddrs(peer).psk(PSK)
                .ikeProposals("aes256gcm16-prfsha256-x25519").espProposals("aes256gcm16")
                .localTs(localTs).remoteTs(remoteTs);
    }

    static Charon.Options quiet() {
        return new Charon.Options().logLevels("default = 0");
    }

    static void waitUp(JikedDaemon d) {
        String s = d.waitFor("show security ipsec security-associations", x -> x.contains("Total active tunnels: 1"), UP);
        assertTrue(s.contains("Total active tunnels: 1"), s + d.log());
    }
}
