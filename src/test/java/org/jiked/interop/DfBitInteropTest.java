package org.jiked.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jiked.os.CommandResult;
import org.jiked.os.NetworkNamespace;
import org.jiked.testing.Charon;
import org.jiked.testing.JikedDaemon;
import org.jiked.testing.Root;
import org.jiked.testing.Tcpdump;
import org.jiked.testing.TwoSiteTopology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code df-bit} on the wire: two jikeds as in {@link JikedJikedEspInteropTest} (raw ESP), site A
 * configured with {@code df-bit clear}, {@code set} or {@code copy}; tcpdump on A's outer link
 * reads the DF flag of each ESP packet A sends while site A pings site B once with DF in the
 * inner packet ({@code ping -M do}) and once without ({@code ping -M dont}), at two sizes so that
 * the outer packets tell which ping they carry.
 */
@Tag("interop")
class DfBitInteropTest {
    static final int SMALL = 100;
    static final int LARGE = 300;
    static final int PINGS = 3;
    static TwoSiteTopology topology;
    JikedDaemon a;
    JikedDaemon b;
    Tcpdump capture;
    Path dir;

    @BeforeAll
    static void startTopology() {
        Root.assumeRoot();
        Root.requireTool("ping");
        Root.requireTool("tcpdump");
        topology = TwoSiteTopology.create();
    }

    @AfterAll
    static void stopTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    @AfterEach
    void stop() throws IOException {
        if (capture != null) {
            capture.close();
        }
        for (JikedDaemon d : new JikedDaemon[] {a, b}) {
            if (d != null) {
                d.close();
                System.out.println("----- jiked log -----\n" + d.log());
            }
        }
        a = null;
        b = null;
    }

    @Test
    void clearNeverSetsDf() throws Exception {
        assertEquals(List.of(false, false), outerDf("clear"));
    }

    @Test
    void setAlwaysSetsDf() throws Exception {
        assertEquals(List.of(true, true), outerDf("set"));
    }

    @Test
    void copyTakesDfFromTheInnerPacket() throws Exception {
        assertEquals(List.of(true, false), outerDf("copy"));
    }

    /**
     * Starts the pair with {@code df-bit} on A, pings B with inner DF ({@value #SMALL}-octet
     * payload) and without ({@value #LARGE}), and returns whether the outer packets of each ping
     * had DF, in that order; each ping's packets must all agree.
     */
    List<Boolean> outerDf(String dfBit) throws Exception {
        b = JikedDaemon.start(topology.b(), JikedJikedEspInteropTest.siteB().text());
        a = JikedDaemon.start(topology.a(), JikedJikedEspInteropTest.siteA().set("security ipsec vpn vpn1 df-bit " + dfBit).text());
        for (JikedDaemon d : new JikedDaemon[] {a, b}) {
            String sas = d.waitFor("show security ipsec security-associations",
                    s -> s.contains("Total active tunnels: 1"), JikedJikedEspInteropTest.UP);
            assertTrue(sas.contains("Total active tunnels: 1"), sas + d.log());
        }
        return pingAndReadOuterDf();
    }

    /**
     * ESP in UDP (RFC 3948) through the port-4500 socket, which the data plane switches between DF
     * and no DF per packet: charon in site B, which always encapsulates, as A's peer.
     */
    @Test
    void copyTakesDfFromTheInnerPacketInUdpEncapsulatedEsp() throws Exception {
        Root.requireTool("swanctl");
        Root.requireTool(Charon.CHARON);
        try (Charon charon = Charon.start(topology.b(), "b")) {
            charon.configure(JikedCharonEspInteropTest.charonSpec("aes256gcm16-prfsha256-x25519", "aes256gcm16"));
            charon.loadAll();
            a = JikedDaemon.start(topology.a(), JikedCharonEspInteropTest.routeBased()
                    .ike("aes-256-gcm", "sha-256", "group31").esp("aes-256-gcm", null)
                    .set("security ipsec vpn vpn1 df-bit copy").text());
            String sas = a.waitFor("show security ipsec security-associations",
                    s -> s.contains("Total active tunnels: 1"), JikedCharonEspInteropTest.UP);
            assertTrue(sas.contains("Total active tunnels: 1"), sas + a.log());
            assertEquals(List.of(true, false), pingAndReadOuterDf());
        }
    }

    /** Pings B from A with and without inner DF and reads the outer DF of A's ESP packets. */
    List<Boolean> pingAndReadOuterDf() throws Exception {
        dir = Files.createTempDirectory("jiked-dfbit");
        Path text = dir.resolve("esp.txt");
        capture = Tcpdump.start(topology.a(), List.of("-v", "-l"), "src host 192.0.2.1 and (esp or udp port 4500)",
                text, dir.resolve("tcpdump.err"));
        CommandResult withDf = ping(topology.a(), "do", SMALL);
        assertTrue(withDf.ok(), withDf.stdout() + withDf.stderr());
        CommandResult withoutDf = ping(topology.a(), "dont", LARGE);
        assertTrue(withoutDf.ok(), withoutDf.stdout() + withoutDf.stderr());
        Thread.sleep(200); // the last replies are on the wire; let tcpdump print them
        capture.close();
        String out = Files.readString(text);
        // "IP (tos 0x0, ttl 64, id 0, offset 0, flags [DF], proto ESP (50), length 172)", then
        // "192.0.2.1 > 192.0.2.2: ESP(spi=..." (or "192.0.2.1.4500 > 192.0.2.2.4500: UDP-encap: ESP(spi=...")
        Matcher m = Pattern.compile("flags \\[([^\\]]*)\\], proto (?:ESP|UDP) \\(\\d+\\), length (\\d+)\\)\\n"
                + "\\s+192\\.0\\.2\\.1(?:\\.4500)? > 192\\.0\\.2\\.2(?:\\.4500)?: (?:UDP-encap: )?ESP\\(").matcher(out);
        TreeMap<Integer, List<Boolean>> byLength = new TreeMap<>();
        while (m.find()) {
            byLength.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new ArrayList<>()).add(m.group(1).contains("DF"));
        }
        // echo requests only (src A), one outer length per ping size; IKE and keepalives are left out
        assertEquals(2, byLength.size(), out);
        List<Boolean> result = new ArrayList<>();
        for (List<Boolean> flags : byLength.values()) {
            assertEquals(PINGS, flags.size(), out);
            assertTrue(flags.stream().distinct().count() == 1, out);
            result.add(flags.getFirst());
        }
        return result;
    }

    static CommandResult ping(NetworkNamespace from, String pmtudisc, int size) {
        return from.execUnchecked(Duration.ofSeconds(5L + 2L * PINGS), "ping", "-n", "-q", "-c", Integer.toString(PINGS),
                "-i", "0.2", "-W", "2", "-M", pmtudisc, "-s", Integer.toString(size), "-I", "198.51.100.1", "203.0.113.1");
    }

}
