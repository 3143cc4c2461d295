package org.jiked.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jiked.os.CommandResult;
import org.jiked.os.NetworkNamespace;
import org.jiked.testing.Iperf3;
import org.jiked.testing.JikedDaemon;
import org.jiked.testing.JunosConfig;
import org.jiked.testing.Root;
import org.jiked.testing.TwoSiteTopology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two jikeds, one per site of a {@link TwoSiteTopology}, with route-based VPNs on {@code st0.0}
 * on both sides. There is no NAT between them, so their CHILD_SAs are not UDP-encapsulated and
 * ESP travels as IP protocol 50 (RFC 4303) through the raw sockets of the data plane.
 */
@Tag("interop")
class JikedJikedEspInteropTest {
    static final Duration UP = Duration.ofSeconds(15);
    static TwoSiteTopology topology;
    JikedDaemon a;
    JikedDaemon b;

    @BeforeAll
    static void startTopology() {
        Root.assumeRoot();
        Root.requireTool("ping");
        Root.requireTool("python3");
        topology = TwoSiteTopology.create();
        // IPv6 site addresses for the inet6 traffic selector, host routes on lo like the IPv4 ones
        topology.a().addAddress("lo", "2001:db8:a::1/128");
        topology.b().addAddress("lo", "2001:db8:b::1/128");
    }

    @AfterAll
    static void stopTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    @AfterEach
    void stopDaemons() {
        for (JikedDaemon d : new JikedDaemon[] {a, b}) {
            if (d != null) {
                d.close();
                System.out.println("----- jiked log -----\n" + d.log());
            }
        }
        a = null;
        b = null;
    }

    /** Site A's gateway: route-based, initiates. */
    static JunosConfig siteA() {
        return JunosConfig.site("192.0.2.1", "192.0.2.2").routeBased("203.0.113.0/24");
    }

    /** Site B's gateway: the mirror image, waits for A. */
    static JunosConfig siteB() {
        return JunosConfig.site("192.0.2.2", "192.0.2.1").routeBased("198.51.100.0/24").establish("responder-only");
    }

    void start(JunosConfig configA, JunosConfig configB) throws IOException {
        b = JikedDaemon.start(topology.b(), configB.text());
        a = JikedDaemon.start(topology.a(), configA.text());
        for (JikedDaemon d : new JikedDaemon[] {a, b}) {
            String sas = d.waitFor("show security ipsec security-associations",
                    s -> s.contains("Total active tunnels: 1"), UP);
            assertTrue(sas.contains("Total active tunnels: 1"), sas + d.log());
        }
    }

    @Test
    void rawEspCarriesPingsBothWaysWithAesGcm() throws Exception {
        start(siteA(), siteB());
        pingBothWaysAndCompareCounters();
    }

    @Test
    void rawEspCarriesPingsBothWaysWithAesCbcSha256() throws Exception {
        start(siteA().esp("aes-256-cbc", "hmac-sha-256-128"), siteB().esp("aes-256-cbc", "hmac-sha-256-128"));
        pingBothWaysAndCompareCounters();
    }

    void pingBothWaysAndCompareCounters() {
        CommandResult ab = TwoSiteTopology.ping(topology.a(), "198.51.100.1", "203.0.113.1", 5);
        assertTrue(ab.ok(), "A -> B: " + ab.stdout() + ab.stderr());
        CommandResult ba = TwoSiteTopology.ping(topology.b(), "203.0.113.1", "198.51.100.1", 5);
        assertTrue(ba.ok(), "B -> A: " + ba.stdout() + ba.stderr());
        String jsonA = a.cli("show security ipsec security-associations | display json");
        String jsonB = b.cli("show security ipsec security-associations | display json");
        // no NAT in between: neither side may think so (RFC 7296 section 2.23), so ESP goes raw
        assertTrue(jsonA.contains("\"udp-encapsulated\": false"), jsonA);
        assertTrue(jsonB.contains("\"udp-encapsulated\": false"), jsonB);
        long aOut = JikedCharonEspInteropTest.number(jsonA, "\"outbound-packets\": (\\d+)");
        long aIn = JikedCharonEspInteropTest.number(jsonA, "\"inbound-packets\": (\\d+)");
        assertEquals(10, aOut, jsonA);
        assertEquals(10, aIn, jsonA);
        assertEquals(aOut, JikedCharonEspInteropTest.number(jsonB, "\"inbound-packets\": (\\d+)"), jsonB);
        assertEquals(JikedCharonEspInteropTest.number(jsonA, "\"outbound-bytes\": (\\d+)"),
                JikedCharonEspInteropTest.number(jsonB, "\"inbound-bytes\": (\\d+)"), jsonA + jsonB);
        String stats = a.cli("show security ipsec statistics");
        assertTrue(stats.matches("(?s).*decrypted-packets\\s+10\\n.*"), stats);
    }

    /**
     * TCP over IPv4 and IPv6 through st0 devices with offloads: the sender's kernel hands the
     * pump super-packets, which leave as ESP packets no larger than the st0 MTU allows; the
     * receiver merges them again before the TUN write. Counters count the ESP packets (the
     * segments), on both sides and in both views.
     */
    @Test
    void tcpOverIpv4AndIpv6IsSegmentedToTheMtuAndCoalescedOnReceive() throws Exception {
        Root.requireTool("iperf3");
        start(siteA().trafficSelector("ts4", "198.51.100.0/24", "203.0.113.0/24")
                        .trafficSelector("ts6", "2001:db8:a::/64", "2001:db8:b::/64")
                        .routeBased("203.0.113.0/24", "2001:db8:b::/64"),
                siteB().trafficSelector("ts4", "203.0.113.0/24", "198.51.100.0/24")
                        .trafficSelector("ts6", "2001:db8:b::/64", "2001:db8:a::/64")
                        .routeBased("198.51.100.0/24", "2001:db8:a::/64"), 2);
        long readsBefore = st0Counter(topology.a(), "tx_packets");
        long writesBefore = st0Counter(topology.b(), "rx_packets");
        for (String[] ends : new String[][] {{"198.51.100.1", "203.0.113.1"}, {"2001:db8:a::1", "2001:db8:b::1"}}) {
            Iperf3.server(topology.b(), ends[1], 5301);
            Iperf3.Result r = Iperf3.client(topology.a(), ends[0], ends[1], 5301, 2);
            assertTrue(r.ok(), ends[0] + " -> " + ends[1] + ": " + r.json());
        }
        long reads = st0Counter(topology.a(), "tx_packets") - readsBefore;
        long writes = st0Counter(topology.b(), "rx_packets") - writesBefore;
        String jsonA = a.cli("show security ipsec security-associations | display json");
        String jsonB = b.cli("show security ipsec security-associations | display json");
        long sent = sum(jsonA, "\"outbound-packets\": (\\d+)");
        long sentBytes = sum(jsonA, "\"outbound-bytes\": (\\d+)");
        long received = sum(jsonB, "\"inbound-packets\": (\\d+)");
        int mtu = Integer.parseInt(topology.a().exec("cat", "/sys/class/net/st0.0/mtu").stdout().trim());
        System.out.printf("A: %d TUN reads became %d ESP packets (%d octets inside, MTU %d); B: %d arrived, %d TUN writes%n",
                reads, sent, sentBytes, mtu, received, writes);
        // two transfers of two seconds: far more ESP packets than the device handed over
        assertTrue(sent > 4 * reads, sent + " ESP packets from " + reads + " TUN reads");
        assertTrue(sentBytes <= sent * mtu, sentBytes + " octets in " + sent + " packets exceed the MTU " + mtu);
        assertTrue(received > writes, received + " ESP packets written as " + writes + " TUN packets");
        assertTrue(received <= sent && received > sent / 2, "sent " + sent + ", received " + received);
        // the gateway-wide counter counts segments, as the SAs do
        String stats = b.cli("show security ipsec statistics");
        assertEquals(received, JikedCharonEspInteropTest.number(stats, "decrypted-packets\\s+(\\d+)"), stats);
    }

    void start(JunosConfig configA, JunosConfig configB, int tunnels) throws IOException {
        b = JikedDaemon.start(topology.b(), configB.text());
        a = JikedDaemon.start(topology.a(), configA.text());
        for (JikedDaemon d : new JikedDaemon[] {a, b}) {
            String sas = d.waitFor("show security ipsec security-associations",
                    s -> s.contains("Total active tunnels: " + tunnels), UP);
            assertTrue(sas.contains("Total active tunnels: " + tunnels), sas + d.log());
        }
    }

    static long st0Counter(NetworkNamespace ns, String counter) {
        return Long.parseLong(ns.exec("cat", "/sys/class/net/st0.0/statistics/" + counter).stdout().trim());
    }

    static long sum(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    /**
     * RFC 4303 section 3.4: a captured ESP packet sent again, one with a sequence number the ICV
     * does not cover, one for an SPI nobody has and one cut short are all dropped and counted.
     */
    @Test
    void forgedRawEspIsDroppedAndCountedByReason() throws Exception {
        start(siteA(), siteB());
        byte[] esp = captureOneEspPacketArrivingAtA();
        byte[] replayed = esp.clone();
        byte[] tampered = esp.clone();
        tampered[7] += 100; // a fresh sequence number passes the replay check, the ICV then fails
        byte[] wrongSpi = esp.clone();
        wrongSpi[0] ^= 0x55;
        byte[] truncated = java.util.Arrays.copyOf(esp, 13);
        for (byte[] p : new byte[][] {replayed, tampered, wrongSpi, truncated}) {
            sendRawEspFromB(p);
        }
        String stats = a.waitFor("show security ipsec statistics",
                s -> s.matches("(?s).*dropped-truncated\\s+1\\n.*"), Duration.ofSeconds(5));
        assertTrue(stats.matches("(?s).*dropped-replay\\s+1\\n.*"), stats);
        assertTrue(stats.matches("(?s).*dropped-icv-failure\\s+1\\n.*"), stats);
        assertTrue(stats.matches("(?s).*dropped-unknown-spi\\s+1\\n.*"), stats);
        assertTrue(stats.matches("(?s).*dropped-truncated\\s+1\\n.*"), stats);
        // none of it was delivered, and the tunnel still works
        assertTrue(stats.matches("(?s).*decrypted-packets\\s+1\\n.*"), stats);
        assertTrue(TwoSiteTopology.ping(topology.a(), "198.51.100.1", "203.0.113.1", 2).ok());
    }

    /** Listens on a raw ESP socket of its own in A (raw sockets each get a copy) while B pings A once. */
    private byte[] captureOneEspPacketArrivingAtA() throws Exception {
        String script = "import socket\n"
                + "s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 50)\n"
                + "s.settimeout(10)\n"
                + "print('ready', flush=True)\n"
                + "d = s.recv(65535)\n"
                + "print(d[(d[0] & 15) * 4:].hex(), flush=True)\n";
        Process p = new ProcessBuilder(topology.a().command("python3", "-c", script)).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            assertEquals("ready", out.readLine());
            CommandResult ping = TwoSiteTopology.ping(topology.b(), "203.0.113.1", "198.51.100.1", 1);
            String hex = out.readLine();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertTrue(hex != null && !hex.isEmpty(), "no ESP packet captured: " + ping
                    + new String(p.getErrorStream().readAllBytes()));
            return HexFormat.of().parseHex(hex);
        } finally {
            p.destroyForcibly();
        }
    }

    private void sendRawEspFromB(byte[] packet) {
        String script = "import socket, sys\n"
                + "socket.socket(socket.AF_INET, socket.SOCK_RAW, 50).sendto(bytes.fromhex(sys.argv[1]), ('192.0.2.1', 0))\n";
        topology.b().exec("python3", "-c", script, HexFormat.of().formatHex(packet));
    }
}
