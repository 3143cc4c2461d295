package org.jiked.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jiked.os.CommandResult;
import org.jiked.testing.Charon;
import org.jiked.testing.CharonLogsOnFailure;
import org.jiked.testing.ConnectionSpec;
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
 * The SA lifecycle against charon with traffic running: rekeys of the CHILD_SA and the IKE SA
 * every few seconds under a continuous ping, charon's reauthentication, and IKE over a path that
 * loses a fifth of jiked's IKE packets. jiked runs a route-based VPN in site A, charon site B.
 */
@Tag("interop")
@ExtendWith(CharonLogsOnFailure.class)
class JikedCharonLifecycleInteropTest {
    static final Duration UP = Duration.ofSeconds(20);
    static TwoSiteTopology topology;
    static Charon charon;
    JikedDaemon jiked;

    @BeforeAll
    static void startTopology() throws Exception {
        Root.assumeRoot();
        Root.requireTool("swanctl");
        Root.requireTool(Charon.CHARON);
        Root.requireTool("nft");
        topology = TwoSiteTopology.create();
        // more retries than the harness's fail-fast default, so the loss test's 20 % cannot make charon
        // give up an exchange (0.2^6 instead of 0.2^3)
        charon = Charon.start(topology.b(), "b", new Charon.Options().charon("make_before_break = yes")
                .charon("retransmit_tries = 5"));
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
            if (Boolean.getBoolean("jiked.test.charonlog")) {
                System.out.println("----- charon log -----\n" + charon.log().lines()
                        .filter(l -> !l.contains("vici") && !l.contains("CFG]  ")).reduce("", (a, b) -> a + b + "\n"));
            }
            jiked.close();
            jiked = null;
        }
        charon.terminateAllQuietly();
        topology.a().execUnchecked(Duration.ofSeconds(5), "nft", "delete", "table", "inet", "jkloss");
    }

    static ConnectionSpec charonSpec() {
        return charonSpec(0);
    }

    /** charon's side; its CHILD_SA rekeys fall up to {@code childRandSeconds} before the rekey time. */
    static ConnectionSpec charonSpec(int childRandSeconds) {
        return ConnectionSpec.named("site-a").child("net")
                .localAddrs("192.0.2.2").remoteAddrs("192.0.2.1")
                .psk(JikedCharonInteropTest.PSK).ikeProposals("aes256gcm16-prfsha256-x25519")
                .espProposals("aes256gcm16-x25519")
                .localTs("203.0.113.0/24").remoteTs("198.51.100.0/24")
                // without these charon spreads its rekeys over the whole span up to the hard lifetime
                .connLine("rand_time = 0s").childLine("rand_time = " + childRandSeconds + "s");
    }

    static JunosConfig jikedConfig() {
        return JunosConfig.site("192.0.2.1", "192.0.2.2").psk(JikedCharonInteropTest.PSK).pfs("group31")
                .trafficSelector("ts1", "198.51.100.0/24", "203.0.113.0/24").routeBased("203.0.113.0/24");
    }

    /** Pings site B from site A {@code count} times, 0.2 s apart; returns the number of lost replies. */
    static int lostPings(int count) {
        return lostPings(count, "0.2", 56);
    }

    /** Pings of {@code size} data octets, {@code interval} seconds apart; returns the number of lost replies. */
    static int lostPings(int count, String interval, int size) {
        CommandResult r = topology.a().execUnchecked(Duration.ofSeconds(10L + count),
                "ping", "-n", "-q", "-c", Integer.toString(count), "-i", interval, "-s", Integer.toString(size),
                "-W", "1", "-I", "198.51.100.1", "203.0.113.1");
        Matcher m = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(r.stdout());
        assertTrue(m.find(), r.stdout() + r.stderr());
        return Integer.parseInt(m.group(1)) - Integer.parseInt(m.group(2));
    }

    /** What a long ping saw: the replies missing, each with about when its request left (UTC). */
    record PingRun(int sent, List<String> missing) {}

    /** Pings of {@code size} data octets, {@code interval} seconds apart, naming each lost one. */
    static PingRun pingRun(int count, String interval, int size) {
        CommandResult r = topology.a().execUnchecked(Duration.ofSeconds(10L + count),
                "ping", "-n", "-D", "-c", Integer.toString(count), "-i", interval, "-s", Integer.toString(size),
                "-W", "1", "-I", "198.51.100.1", "203.0.113.1");
        Matcher sent = Pattern.compile("(\\d+) packets transmitted").matcher(r.stdout());
        assertTrue(sent.find(), r.stdout() + r.stderr());
        Map<Integer, Double> replies = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\[(\\d+\\.\\d+)\\].*icmp_seq=(\\d+)").matcher(r.stdout());
        while (m.find()) {
            replies.put(Integer.parseInt(m.group(2)), Double.parseDouble(m.group(1)));
        }
        List<String> missing = new ArrayList<>();
        double last = 0;
        for (int seq = 1; seq <= Integer.parseInt(sent.group(1)); seq++) {
            if (replies.containsKey(seq)) {
                last = replies.get(seq);
            } else {
                missing.add("icmp_seq=" + seq + " after " + DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
                        .withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli((long) (last * 1000))));
            }
        }
        return new PingRun(Integer.parseInt(sent.group(1)), missing);
    }

    static long stat(String stats, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + "\\s+(\\d+)").matcher(stats);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void manyRekeysInBothSasUnderAContinuousPingLoseNoPacket() throws Exception {
        charon.configure(charonSpec().ikeRekeyTime(Duration.ofSeconds(5)).ikeOverTime(Duration.ofSeconds(60))
                .childRekeyTime(Duration.ofSeconds(3)).childLifeTime(Duration.ofSeconds(60)));
        charon.loadAll();
        jiked = JikedDaemon.start(topology.a(), jikedConfig().text());
        jiked.waitFor("show security ipsec security-associations", s -> s.contains("Total active tunnels: 1"), UP);
        assertTrue(lostPings(3) <= 1, "the tunnel carries traffic");
        int lost = lostPings(75); // 15 s
        String ike = jiked.cli("show security ike stats");
        assertTrue(stat(ike, "ike-sa-rekeyed") >= 2, ike);
        String log = jiked.log();
        long childRekeys = log.lines().filter(l -> l.contains("peer deleted CHILD_SA")).count();
        assertTrue(childRekeys >= 3, "CHILD_SA rekeys by charon: " + childRekeys);
        assertTrue(lost == 0, lost + " of 75 pings lost across " + stat(ike, "ike-sa-rekeyed") + " IKE and "
                + childRekeys + " CHILD_SA rekeys");
    }

    /**
     * jiked starts the rekeys, at the Junos minimum lifetimes: the CHILD_SA by volume
     * ({@code lifetime-kilobytes 64}: 1,300-octet pings ten a second move that in two and a half
     * seconds, so jiked rekeys after about one and a half, a second's traffic ahead of the hard
     * volume) and the IKE SA once by time ({@code lifetime-seconds 180}: at 153 to 162 s). charon
     * rekeys the CHILD_SA too, 1 to 4 s after each one is installed, so both race and the rekeys go
     * both ways (and now and then cross). One long test (about three minutes) that checks it all:
     * who rekeyed in jiked's counters and log, the new SPIs in charon's list, no lost ping.
     */
    @Test
    void jikedRekeysChildSasByVolumeAndTheIkeSaByTimeWhileCharonRekeysToo() throws Exception {
        charon.configure(charonSpec(3).childRekeyTime(Duration.ofSeconds(4)).childLifeTime(Duration.ofSeconds(60)));
        charon.loadAll();
        jiked = JikedDaemon.start(topology.a(), jikedConfig()
                .set("security ike proposal ike-p lifetime-seconds 180")
                .set("security ipsec proposal esp-p lifetime-kilobytes 64").text());
        jiked.waitFor("show security ipsec security-associations", s -> s.contains("Total active tunnels: 1"), UP);
        SwanctlSas.IkeSa first = charon.listSas().ike("site-a").orElseThrow();
        SwanctlSas.ChildSa firstChild = first.child("net").orElseThrow();
        assertTrue(lostPings(3, "0.2", 1300) <= 1, "the tunnel carries traffic");
        PingRun ping = pingRun(1650, "0.1", 1300); // 165 s+, past jiked's IKE SA rekey at 153 to 162 s

        String stats = jiked.waitFor("show security ike stats", s -> stat(s, "ike-sa-rekeys-initiated") >= 1,
                Duration.ofSeconds(15));
        String log = jiked.log();
        long ours = stat(stats, "child-sa-rekeys-initiated");
        long byCharon = log.lines().filter(l -> l.contains("rekeyed by peer, new")).count();
        String summary = ours + " CHILD_SA rekeys by jiked, " + byCharon + " by charon, "
                + stat(stats, "child-rekey-collisions") + " collisions, " + stat(stats, "ike-sa-rekeys-initiated")
                + " IKE SA rekey by jiked";
        System.out.println(summary);
        assertEquals(1, stat(stats, "ike-sa-rekeys-initiated"), stats);
        assertTrue(log.contains("IKE SA rekeyed (old #"), "jiked's IKE SA rekey in its log");
        assertFalse(log.contains("IKE SA rekeyed by peer"), "charon never rekeys the IKE SA here");
        assertTrue(ours >= 20, summary);
        assertEquals(ours, log.lines().filter(l -> l.contains(" rekeyed, new ")).count(), summary);
        assertTrue(byCharon >= 3, summary);
        assertTrue(stat(stats, "child-sa-rekeyed") >= ours + byCharon, stats);

        // charon: one IKE SA, the one jiked created by its rekey, and one CHILD_SA with new SPIs
        SwanctlSas sas = charon.listSas();
        SwanctlSas.IkeSa now = sas.ike("site-a").orElseThrow(() -> new AssertionError(sas.raw()));
        assertEquals(1, sas.ikeSas().size(), sas.raw());
        assertEquals("ESTABLISHED", now.state(), sas.raw());
        assertNotEquals(first.spiI(), now.spiI(), sas.raw());
        assertNotEquals(first.spiR(), now.spiR(), sas.raw());
        assertFalse(now.initiator(), "jiked initiated the rekeyed IKE SA: " + sas.raw());
        SwanctlSas.ChildSa child = now.children().stream().filter(c -> c.state().equals("INSTALLED")).findFirst()
                .orElseThrow(() -> new AssertionError(sas.raw()));
        assertNotEquals(firstChild.spiIn(), child.spiIn(), sas.raw());
        assertNotEquals(firstChild.spiOut(), child.spiOut(), sas.raw());
        String ike = jiked.cli("show security ike security-associations");
        assertTrue(ike.contains(now.spiI()) && ike.contains(now.spiR()), ike + "\n" + sas.raw());

        assertEquals(List.of(), ping.missing(), ping.missing().size() + " of " + ping.sent() + " pings lost across "
                + summary);
    }

    @Test
    void charonReauthenticatesMakeBeforeBreakAndTheTunnelStays() throws Exception {
        charon.configure(charonSpec().connLine("reauth_time = 6s").ikeOverTime(Duration.ofSeconds(60)));
        charon.loadAll();
        jiked = JikedDaemon.start(topology.a(), jikedConfig().text());
        jiked.waitFor("show security ipsec security-associations", s -> s.contains("Total active tunnels: 1"), UP);
        lostPings(2);
        int lost = lostPings(50); // 10 s: one reauthentication at about 6 s
        charon.waitForLog("reauthenticating IKE_SA", Duration.ofSeconds(10));
        String stats = jiked.waitFor("show security ike stats", s -> stat(s, "in-ike-sa-init-requests") >= 2
                || stat(s, "ike-sa-established") >= 2, UP);
        assertTrue(stat(stats, "ike-sa-established") >= 2, stats);
        String sas = jiked.waitFor("show security ike security-associations",
                s -> s.lines().filter(l -> l.contains(" UP ")).count() == 1, UP);
        assertTrue(sas.lines().filter(l -> l.contains(" UP ")).count() == 1, sas);
        assertTrue(lost <= 1, lost + " of 50 pings lost across the reauthentication");
    }

    @Test
    void aFifthOfJikedsIkePacketsLostStillEstablishesAndRekeys() throws Exception {
        NftLoss.dropShareOfIkeSentBy(topology.a(), 20);
        charon.configure(charonSpec().ikeRekeyTime(Duration.ofSeconds(6)).ikeOverTime(Duration.ofSeconds(60))
                .childRekeyTime(Duration.ofSeconds(4)).childLifeTime(Duration.ofSeconds(60)));
        charon.loadAll();
        // and should charon give up all the same, dead peer detection brings the tunnel back
        jiked = JikedDaemon.start(topology.a(), jikedConfig().deadPeerDetection("probe-idle-tunnel", 5, 3).text());
        jiked.waitFor("show security ipsec security-associations", s -> s.contains("Total active tunnels: 1"),
                Duration.ofSeconds(40));
        // keep going until the loss has really struck (random: a few rekeys' worth of packets)
        String stats = jiked.waitFor("show security ike stats", s -> stat(s, "ike-sa-rekeyed") >= 2
                && NftLoss.dropped(topology.a()) > 0, Duration.ofSeconds(45));
        assertTrue(stat(stats, "ike-sa-rekeyed") >= 2, () -> stats + "\ncharon:\n" + Charon.tail(charon.log().lines()
                .filter(l -> !l.contains("vici") && !l.contains("CFG]  ")).reduce("", (a, b) -> a + b + "\n"), 120));
        assertTrue(NftLoss.dropped(topology.a()) > 0, "the loss rules dropped nothing");
        // a rekey whose Delete was lost still shows the old CHILD_SA beside the new one until a retransmission
        // gets through, so the end state is waited for rather than sampled
        String ipsec = jiked.waitFor("show security ipsec security-associations",
                s -> s.contains("Total active tunnels: 1"), Duration.ofSeconds(40));
        assertTrue(ipsec.contains("Total active tunnels: 1"), ipsec);
    }

    /** nftables rules that lose IKE packets at random (the kernel here has no netem). */
    static final class NftLoss {
        /** Packets the rules dropped so far. */
        static long dropped(org.jiked.os.NetworkNamespace ns) {
            String rules = ns.exec("nft", "list", "table", "inet", "jkloss").stdout();
            Matcher m = Pattern.compile("packets (\\d+)").matcher(rules);
            long n = 0;
            while (m.find()) {
                n += Long.parseLong(m.group(1));
            }
            return n;
        }

        /** Drops {@code percent} % of the IKE packets (UDP 500, and UDP 4500 behind the non-ESP marker) {@code ns} sends. */
        static void dropShareOfIkeSentBy(org.jiked.os.NetworkNamespace ns, int percent) {
            ns.exec("nft", "add", "table", "inet", "jkloss");
            ns.exec("nft", "add", "chain", "inet", "jkloss", "out", "{ type filter hook output priority 0; }");
            ns.exec("nft", "add", "rule", "inet", "jkloss", "out", "udp", "dport", "500", "numgen", "random", "mod",
                    "100", "<", Integer.toString(percent), "counter", "drop");
            ns.exec("nft", "add", "rule", "inet", "jkloss", "out", "udp", "dport", "4500", "@th,64,32", "0",
                    "numgen", "random", "mod", "100", "<", Integer.toString(percent), "counter", "drop");
        }
    }
}
