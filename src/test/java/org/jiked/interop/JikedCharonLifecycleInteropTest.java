package org.jiked.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
        return ConnectionSpec.named("site-a").child("net")
                .localAddrs("192.0.2.2").remoteAddrs("192.0.2.1")
                .psk(JikedCharonInteropTest.PSK).ikeProposals("aes256gcm16-prfsha256-x25519")
                .espProposals("aes256gcm16-x25519")
                .localTs("203.0.113.0/24").remoteTs("198.51.100.0/24")
                // without these charon spreads its rekeys over the whole span up to the hard lifetime
                .connLine("rand_time = 0s").childLine("rand_time = 0s");
    }

    static JunosConfig jikedConfig() {
        return JunosConfig.site("192.0.2.1", "192.0.2.2").psk(JikedCharonInteropTest.PSK).pfs("group31")
                .trafficSelector("ts1", "198.51.100.0/24", "203.0.113.0/24").routeBased("203.0.113.0/24");
    }

    /** Pings site B from site A {@code count} times, 0.2 s apart; returns the number of lost replies. */
    static int lostPings(int count) {
        CommandResult r = topology.a().execUnchecked(Duration.ofSeconds(10L + count),
                "ping", "-n", "-q", "-c", Integer.toString(count), "-i", "0.2", "-W", "1", "-I", "198.51.100.1",
                "203.0.113.1");
        Matcher m = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(r.stdout());
        assertTrue(m.find(), r.stdout() + r.stderr());
        return Integer.parseInt(m.group(1)) - Integer.parseInt(m.group(2));
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
