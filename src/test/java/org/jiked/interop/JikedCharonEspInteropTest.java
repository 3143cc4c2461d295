package org.jiked.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jiked.os.CommandResult;
import org.jiked.testing.Charon;
import org.jiked.testing.CharonLogsOnFailure;
import org.jiked.testing.ConnectionSpec;
import org.jiked.testing.Iperf3;
import org.jiked.testing.JikedDaemon;
import org.jiked.testing.JunosConfig;
import org.jiked.testing.Root;
import org.jiked.testing.SwanctlSas;
import org.jiked.testing.TwoSiteTopology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Traffic through a jiked <-> charon tunnel (ESP in UDP, RFC 3948, since charon's kernel-libipsec
 * always encapsulates): jiked in site A runs a route-based VPN on {@code st0.0} with a static
 * route to 203.0.113.0/24; charon in site B protects 203.0.113.0/24 === 198.51.100.0/24. Pings go
 * both ways, and the packet and byte counters of both sides must agree.
 */
@Tag("interop")
@ExtendWith(CharonLogsOnFailure.class)
class JikedCharonEspInteropTest {
    static final Duration UP = Duration.ofSeconds(15);
    static TwoSiteTopology topology;
    static Charon charon;
    JikedDaemon jiked;

    @BeforeAll
    static void startTopology() throws Exception {
        Root.assumeRoot();
        Root.requireTool("swanctl");
        Root.requireTool(Charon.CHARON);
        Root.requireTool("ping");
        Root.requireTool("iperf3");
        topology = TwoSiteTopology.create();
        // IPv6 site addresses for the inet6-in-inet tunnel, host routes on lo like the IPv4 ones
        topology.a().addAddress("lo", "2001:db8:a::1/128");
        topology.b().addAddress("lo", "2001:db8:b::1/128");
        charon = Charon.start(topology.b(), "b");
    }

    @AfterAll
    static void stopTopology() {
        if (charon != null) {
            charon.close();
        }
        if (topology != null) {
            topology.close();
        }
    }

    @AfterEach
    void stopJiked() {
        if (jiked != null) {
            System.out.println("----- jiked log -----\n" + jiked.log());
            jiked.close();
            jiked = null;
        }
        charon.terminateAllQuietly();
    }

    static ConnectionSpec charonSpec(String ike, String esp) {
        return ConnectionSpec.named("site-a").child("net")
                .localAddrs("192.0.2.2").remoteAddrs("192.0.2.1")
                .psk(JikedCharonInteropTest.PSK).ikeProposals(ike).espProposals(esp)
                .localTs("203.0.113.0/24").remoteTs("198.51.100.0/24");
    }

    static JunosConfig routeBased() {
        return JunosConfig.site("192.0.2.1", "192.0.2.2").psk(JikedCharonInteropTest.PSK)
                .trafficSelector("ts1", "198.51.100.0/24", "203.0.113.0/24").routeBased("203.0.113.0/24");
    }

    @Test
    void jikedInitiatesAesGcmAndPingsFlowBothWays() throws Exception {
        charon.configure(charonSpec("aes256gcm16-prfsha256-x25519", "aes256gcm16"));
        charon.loadAll();
        jiked = JikedDaemon.start(topology.a(), routeBased().ike("aes-256-gcm", "sha-256", "group31")
                .esp("aes-256-gcm", null).text());
        jiked.waitFor("show security ipsec security-associations", s -> s.contains("Total active tunnels: 1"), UP);
        pingBothWaysAndCompareCounters();
    }

    @Test
    void charonInitiatesAesCbcSha256AndPingsFlowBothWays() throws Exception {
        charon.configure(charonSpec("aes256-sha256-modp2048", "aes256-sha256"));
        charon.loadAll();
        jiked = JikedDaemon.start(topology.a(), routeBased().ike("aes-256-cbc", "sha-256", "group14")
                .esp("aes-256-cbc", "hmac-sha-256-128").establish("responder-only").text());
        String out = charon.initiate("net");
        assertTrue(out.contains("established"), out);
        jiked.waitFor("show security ipsec security-associations", s -> s.contains("Total active tunnels: 1"), UP);
        pingBothWaysAndCompareCounters();
    }

    @Test
    void onTrafficPingStartsTheTunnel() throws Exception {
        charon.configure(charonSpec("aes256gcm16-prfsha256-x25519", "aes256gcm16"));
        charon.loadAll();
        jiked = JikedDaemon.start(topology.a(), routeBased().establish("on-traffic").text());
        assertTrue(jiked.cli("show security ike security-associations").lines().noneMatch(l -> l.contains(" UP ")));
        // the first packet is dropped and starts IKE; later ones pass
        TwoSiteTopology.ping(topology.a(), "198.51.100.1", "203.0.113.1", 1);
        jiked.waitFor("show security ipsec security-associations", s -> s.contains("Total active tunnels: 1"), UP);
        CommandResult r = TwoSiteTopology.ping(topology.a(), "198.51.100.1", "203.0.113.1", 3);
        assertTrue(r.ok(), r.stdout() + r.stderr());
        String stats = jiked.cli("show security ipsec statistics");
        assertTrue(stats.matches("(?s).*dropped-awaiting-sa\\s+[1-9].*"), stats);
        assertTrue(jiked.cli("show security ike stats").matches("(?s).*acquires\\s+1\\n.*"));
    }

    @Test
    void tcpTransferWithIperf3() throws Exception {
        charon.configure(charonSpec("aes256gcm16-prfsha256-x25519", "aes256gcm16"));
        charon.loadAll();
        jiked = JikedDaemon.start(topology.a(), routeBased().text());
        jiked.waitFor("show security ipsec security-associations", s -> s.contains("Total active tunnels: 1"), UP);
        Iperf3.server(topology.b(), "203.0.113.1", 5201);
        Iperf3.Result r = Iperf3.client(topology.a(), "198.51.100.1", "203.0.113.1", 5201, 3);
        assertTrue(r.ok(), r.json());
        System.out.printf("iperf3 through jiked <-> charon: %d bytes, %.0f bit/s%n", r.bytesReceived(),
                r.receivedBitsPerSecond());
        String stats = jiked.cli("show security ipsec statistics");
        assertTrue(stats.matches("(?s).*dropped-icv-failure\\s+0\\n.*"), stats);
    }

    /**
     * charon rekeys the CHILD_SA every 3 seconds while iperf3 runs for 8: the new SA is installed
     * before the old one goes (make-before-break), so the TCP connection survives every switch.
     */
    @Test
    void childSaRekeysDuringATransferLoseNoTcpConnection() throws Exception {
        charon.configure(charonSpec("aes256gcm16-prfsha256-x25519", "aes256gcm16")
                .childRekeyTime(Duration.ofSeconds(3)).childLifeTime(Duration.ofSeconds(60))
                .childLine("rand_time = 0s"));
        charon.loadAll();
        jiked = JikedDaemon.start(topology.a(), routeBased().text());
        jiked.waitFor("show security ipsec security-associations", s -> s.contains("Total active tunnels: 1"), UP);
        Iperf3.server(topology.b(), "203.0.113.1", 5202);
        Iperf3.Result r = Iperf3.client(topology.a(), "198.51.100.1", "203.0.113.1", 5202, 8);
        assertTrue(r.ok(), r.json());
        String log = jiked.log();
        long established = log.lines().filter(l -> l.matches(".*CHILD_SA vpn1 .* established.*")).count();
        assertTrue(established >= 2, "no CHILD_SA rekey happened during the transfer:\n" + log);
        assertTrue(log.contains("peer deleted CHILD_SA vpn1"), log);
    }

    /** Inner IPv6 (2001:db8:a::/64 === 2001:db8:b::/64 on st0 family inet6) over outer IPv4. */
    @Test
    void ipv6InsideIpv4PingsBothWays() throws Exception {
        charon.configure(ConnectionSpec.named("site-a").child("net")
                .localAddrs("192.0.2.2").remoteAddrs("192.0.2.1")
                .psk(JikedCharonInteropTest.PSK).ikeProposals("aes256gcm16-prfsha256-x25519").espProposals("aes256gcm16")
                .localTs("203.0.113.0/24,2001:db8:b::/64").remoteTs("198.51.100.0/24,2001:db8:a::/64"));
        charon.loadAll();
        jiked = JikedDaemon.start(topology.a(), JunosConfig.site("192.0.2.1", "192.0.2.2")
                .psk(JikedCharonInteropTest.PSK)
                .trafficSelector("ts4", "198.51.100.0/24", "203.0.113.0/24")
                .trafficSelector("ts6", "2001:db8:a::/64", "2001:db8:b::/64")
                .routeBased("203.0.113.0/24", "2001:db8:b::/64").text());
        String sas = jiked.waitFor("show security ipsec security-associations",
                s -> s.contains("Total active tunnels: 2"), UP);
        assertTrue(sas.contains("Total active tunnels: 2"), sas);
        CommandResult ab = TwoSiteTopology.ping(topology.a(), "2001:db8:a::1", "2001:db8:b::1", 3);
        assertTrue(ab.ok(), "A -> B: " + ab.stdout() + ab.stderr());
        CommandResult ba = TwoSiteTopology.ping(topology.b(), "2001:db8:b::1", "2001:db8:a::1", 3);
        assertTrue(ba.ok(), "B -> A: " + ba.stdout() + ba.stderr());
        String json = jiked.cli("show security ipsec security-associations | display json");
        assertTrue(json.contains("\"vpn1:ts6\"") && json.contains("2001:db8:b:0:0:0:0:0/64"), json);
        String stats = jiked.cli("show security ipsec statistics");
        assertTrue(stats.matches("(?s).*decrypted-packets\\s+6\\n.*"), stats);
    }

    void pingBothWaysAndCompareCounters() {
        CommandResult ab = TwoSiteTopology.ping(topology.a(), "198.51.100.1", "203.0.113.1", 5);
        assertTrue(ab.ok(), "A -> B: " + ab.stdout() + ab.stderr());
        System.out.println("A -> B: " + ab.stdout().lines().filter(l -> l.contains("rtt")).findFirst().orElse(""));
        CommandResult ba = TwoSiteTopology.ping(topology.b(), "203.0.113.1", "198.51.100.1", 5);
        assertTrue(ba.ok(), "B -> A: " + ba.stdout() + ba.stderr());

        String json = jiked.cli("show security ipsec security-associations | display json");
        String raw = charon.listSas().raw();
        long jInBytes = number(json, "\"inbound-bytes\": (\\d+)");
        long jInPackets = number(json, "\"inbound-packets\": (\\d+)");
        long jOutBytes = number(json, "\"outbound-bytes\": (\\d+)");
        long jOutPackets = number(json, "\"outbound-packets\": (\\d+)");
        assertEquals(10, jInPackets, json);
        assertEquals(10, jOutPackets, json);
        assertEquals(number(raw, "in\\s+[0-9a-f]+,\\s+(\\d+) bytes"), jOutBytes, raw + json);
        assertEquals(number(raw, "in\\s+[0-9a-f]+,\\s+\\d+ bytes,\\s+(\\d+) packets"), jOutPackets, raw);
        assertEquals(number(raw, "out\\s+[0-9a-f]+,\\s+(\\d+) bytes"), jInBytes, raw + json);
        assertEquals(number(raw, "out\\s+[0-9a-f]+,\\s+\\d+ bytes,\\s+(\\d+) packets"), jInPackets, raw);
        String stats = jiked.cli("show security ipsec statistics");
        assertTrue(stats.matches("(?s).*decrypted-packets\\s+10\\n.*"), stats);
        assertTrue(stats.matches("(?s).*dropped-icv-failure\\s+0\\n.*"), stats);
    }

    static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no /" + regex + "/ in\n" + text);
        return Long.parseLong(m.group(1));
    }
}
