package org.jiked.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * jiked against Debian's strongSwan charon (kernel-libipsec) in two network namespaces: jiked in
 * site A (192.0.2.1, 198.51.100.0/24), charon in site B (192.0.2.2, 203.0.113.0/24). Every
 * scenario checks both sides: jiked's show commands and charon's {@code swanctl --list-sas}.
 * Needs root; one topology and one charon serve the whole class.
 */
@Tag("interop")
@ExtendWith(CharonLogsOnFailure.class)
class JikedCharonInteropTest {
    static final String PSK = "interop-psk-0123456789";
    static final Duration UP = Duration.ofSeconds(15);
    static TwoSiteTopology topology;
    static Charon charon;
    JikedDaemon jiked;

    @BeforeAll
    static void startTopology() throws Exception {
        Root.assumeRoot();
        Root.requireTool("swanctl");
        Root.requireTool(Charon.CHARON);
        topology = TwoSiteTopology.create();
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
            if (!jiked.log().isEmpty()) {
                System.out.println("----- jiked log -----\n" + jiked.log());
                if (Boolean.getBoolean("jiked.test.charonlog")) {
                    System.out.println("----- charon log -----\n" + charon.log().lines().filter(l -> !l.contains("vici")).reduce("", (a, b) -> a + b + "\n"));
                }
            }
            jiked.close();
            jiked = null;
        }
        if (charon != null) {
            charon.terminateAllQuietly();
        }
    }

    static ConnectionSpec charonSpec(String ike, String esp) {
        return ConnectionSpec.named("site-a").child("net")
                .localAddrs("192.0.2.2").remoteAddrs("192.0.2.1")
                .psk(PSK).ikeProposals(ike).espProposals(esp)
                .localTs("203.0.113.0/24").remoteTs("198.51.100.0/24");
    }

    static JunosConfig jikedConfig() {
        return JunosConfig.site("192.0.2.1", "192.0.2.2").psk(PSK)
                .trafficSelector("ts1", "198.51.100.0/24", "203.0.113.0/24");
    }

    void startJiked(JunosConfig config) throws Exception {
        jiked = JikedDaemon.start(topology.a(), config.text());
    }

    String waitIkeUp() {
        return jiked.waitFor("show security ike security-associations", s -> s.contains(" UP "), UP);
    }

    SwanctlSas.IkeSa waitCharonEstablished(int children) {
        long end = System.nanoTime() + UP.toNanos();
        SwanctlSas sas = charon.listSas();
        while (System.nanoTime() < end) {
            sas = charon.listSas();
            var ike = sas.ike("site-a");
            if (ike.isPresent() && ike.get().state().equals("ESTABLISHED")
                    && ike.get().children().stream().filter(c -> c.state().equals("INSTALLED")).count() >= children) {
                return ike.get();
            }
            sleep(100);
        }
        throw new AssertionError("charon never established " + children + " CHILD_SA(s):\n" + sas.raw());
    }

    SwanctlSas.IkeSa waitCharonEstablishedOtherThan(String oldSpiI) {
        long end = System.nanoTime() + UP.toNanos();
        while (System.nanoTime() < end) {
            var ike = charon.listSas().ike("site-a");
            if (ike.isPresent() && !ike.get().spiI().equals(oldSpiI) && ike.get().state().equals("ESTABLISHED")
                    && ike.get().children().stream().anyMatch(ch -> ch.state().equals("INSTALLED"))) {
                return ike.get();
            }
            sleep(100);
        }
        throw new AssertionError("charon has no new IKE SA:\n" + charon.listSas().raw());
    }

    void waitCharonEmpty() {
        long end = System.nanoTime() + UP.toNanos();
        while (!charon.listSas().isEmpty() && System.nanoTime() < end) {
            sleep(100);
        }
        assertTrue(charon.listSas().isEmpty(), charon.listSas().raw());
    }

    /** The IKE SPIs in jiked's brief show output must be charon's, and the CHILD_SA SPIs must cross. */
    static void assertSameSas(String jikedIke, String jikedIpsec, SwanctlSas.IkeSa c) {
        assertTrue(jikedIke.contains(c.spiI()) && jikedIke.contains(c.spiR()),
                "jiked:\n" + jikedIke + "charon: " + c);
        for (SwanctlSas.ChildSa child : c.children()) {
            if (!child.state().equals("INSTALLED")) {
                continue;
            }
            Matcher in = Pattern.compile("<\\d+\\s+\\S+\\s+" + child.spiOut()).matcher(jikedIpsec);
            Matcher out = Pattern.compile(">\\d+\\s+\\S+\\s+" + child.spiIn()).matcher(jikedIpsec);
            assertTrue(in.find() && out.find(), "jiked:\n" + jikedIpsec + "charon child: " + child);
        }
    }

    @Test
    void jikedInitiatesAes256GcmX25519ThenClearsTheIkeSa() throws Exception {
        charon.configure(charonSpec("aes256gcm16-prfsha256-x25519", "aes256gcm16"));
        charon.loadAll();
        startJiked(jikedConfig().ike("aes-256-gcm", "sha-256", "group31").esp("aes-256-gcm", null));
        String ike = waitIkeUp();
        SwanctlSas.IkeSa c = waitCharonEstablished(1);
        assertFalse(c.initiator());
        assertEquals("AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519", c.algorithms());
        assertEquals("AES_GCM_16-256", c.children().getFirst().algorithms());
        assertEquals(List.of("203.0.113.0/24"), c.children().getFirst().localTs());
        assertEquals(List.of("198.51.100.0/24"), c.children().getFirst().remoteTs());
        String ipsec = jiked.cli("show security ipsec security-associations");
        assertTrue(ipsec.contains("Total active tunnels: 1"), ipsec);
        assertTrue(ipsec.contains("ESP:aes-gcm-256/None"), ipsec);
        assertSameSas(ike, ipsec, c);
        String detail = jiked.cli("show security ike security-associations detail");
        assertTrue(detail.contains("Role: Initiator, State: UP"), detail);
        assertTrue(detail.contains("Diffie-Hellman group  : DH-group-31"), detail);
        String peers = jiked.cli("show security ike active-peer");
        assertTrue(peers.lines().anyMatch(l -> l.startsWith("192.0.2.2 ") && l.contains(" 4500 ")), peers);

        assertTrue(jiked.cli("clear security ike security-associations 192.0.2.2").contains("Cleared 1"));
        charon.waitForLog("received DELETE for IKE_SA", Duration.ofSeconds(5));
        // establish-tunnels immediately: jiked sets the tunnel up again at once, with new SPIs
        SwanctlSas.IkeSa again = waitCharonEstablishedOtherThan(c.spiI());
        String after = jiked.waitFor("show security ike security-associations", s -> s.contains(again.spiI()), UP);
        assertFalse(after.contains(c.spiI()), after);
        assertEquals(1, after.lines().filter(l -> l.contains(" UP ")).count(), after);
    }

    @Test
    void charonInitiatesAes256Sha256Modp2048ThenTerminates() throws Exception {
        charon.configure(charonSpec("aes256-sha256-modp2048", "aes256-sha256"));
        charon.loadAll();
        startJiked(jikedConfig().ike("aes-256-cbc", "sha-256", "group14").esp("aes-256-cbc", "hmac-sha-256-128")
                .establish("responder-only"));
        String out = charon.initiate("net");
        assertTrue(out.contains("CHILD_SA net{") && out.contains("established"), out);
        SwanctlSas.IkeSa c = waitCharonEstablished(1);
        assertTrue(c.initiator());
        assertEquals("AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048", c.algorithms());
        String ike = waitIkeUp();
        String ipsec = jiked.cli("show security ipsec security-associations");
        assertTrue(ipsec.contains("ESP:aes-cbc-256/sha256"), ipsec);
        assertSameSas(ike, ipsec, c);
        assertTrue(jiked.cli("show security ike security-associations detail").contains("Role: Responder"));

        String term = charon.terminateIke("site-a");
        assertTrue(term.contains("terminate completed successfully"), term);
        String after = jiked.waitFor("show security ike security-associations", s -> !s.contains(" UP "), UP);
        assertFalse(after.contains("192.0.2.2"), after);
        assertTrue(jiked.cli("show security ike stats").matches("(?s).*deletes-received\\s+1\\n.*"));
    }

    @Test
    void aes128Sha1Ecp256WithASecondChildSaByCreateChildSa() throws Exception {
        charon.writeSwanctlConf("""
                connections {
                  site-a {
                    version = 2
                    local_addrs = 192.0.2.2
                    remote_addrs = 192.0.2.1
                    proposals = aes128-sha1-ecp256
                    local {
                      auth = psk
                      id = 192.0.2.2
                    }
                    remote {
                      auth = psk
                      id = 192.0.2.1
                    }
                    children {
                      net1 {
                        local_ts = 203.0.113.0/25
                        remote_ts = 198.51.100.0/25
                        esp_proposals = aes128-sha1-ecp256
                      }
                      net2 {
                        local_ts = 203.0.113.128/25
                        remote_ts = 198.51.100.128/25
                        esp_proposals = aes128-sha1-ecp256
                      }
                    }
                  }
                }
                secrets {
                  ike-1 {
                    id-1 = 192.0.2.2
                    id-2 = 192.0.2.1
                    secret = "%s"
                  }
                }
                """.formatted(PSK));
        charon.loadAll();
        // kernel-libipsec routes each CHILD_SA from a local address inside its selector
        if (!topology.b().exec("ip", "addr", "show", "dev", "lo").stdout().contains("203.0.113.129")) {
            topology.b().addAddress("lo", "203.0.113.129/32");
        }
        startJiked(JunosConfig.site("192.0.2.1", "192.0.2.2").psk(PSK).ike("aes-128-cbc", "sha1", "group19")
                .esp("aes-128-cbc", "hmac-sha1-96").pfs("group19")
                .trafficSelector("low", "198.51.100.0/25", "203.0.113.0/25")
                .trafficSelector("high", "198.51.100.128/25", "203.0.113.128/25"));
        SwanctlSas.IkeSa c = waitCharonEstablished(2);
        assertEquals("AES_CBC-128/HMAC_SHA1_96/PRF_HMAC_SHA1/ECP_256", c.algorithms());
        assertTrue(c.child("net1").isPresent() && c.child("net2").isPresent(), c.toString());
        // the second CHILD_SA came by CREATE_CHILD_SA, with PFS over ECP-256
        assertTrue(charon.log().contains("CREATE_CHILD_SA request 2"), "no CREATE_CHILD_SA seen by charon");
        assertEquals("AES_CBC-128/HMAC_SHA1_96/ECP_256", c.child("net2").orElseThrow().algorithms());
        String ike = waitIkeUp();
        String ipsec = jiked.waitFor("show security ipsec security-associations",
                s -> s.contains("Total active tunnels: 2"), UP);
        assertSameSas(ike, ipsec, c);
        String json = jiked.cli("show security ipsec security-associations | display json");
        assertTrue(json.contains("\"pfs-group\": 19"), json);

        assertTrue(jiked.cli("clear security ipsec security-associations").contains("Cleared 2"));
        long end = System.nanoTime() + UP.toNanos();
        while (!charon.listSas().ike("site-a").orElseThrow().children().isEmpty() && System.nanoTime() < end) {
            sleep(100);
        }
        assertTrue(charon.listSas().ike("site-a").orElseThrow().children().isEmpty(), charon.listSas().raw());
        assertEquals("ESTABLISHED", charon.listSas().ike("site-a").orElseThrow().state());
    }

    @Test
    void wrongPreSharedKeyIsAuthenticationFailedAndNoSaOnEitherSide() throws Exception {
        charon.configure(charonSpec("aes256gcm16-prfsha256-x25519", "aes256gcm16"));
        charon.loadAll();
        startJiked(jikedConfig().psk("not-the-same-key").establish("responder-only"));
        var r = charon.tryInitiate("net", Duration.ofSeconds(10));
        assertFalse(r.ok(), r.stdout());
        charon.waitForLog("received AUTHENTICATION_FAILED notify error", Duration.ofSeconds(5));
        jiked.waitForLog("pre-shared key mismatch with peer 192.0.2.2", Duration.ofSeconds(5));
        assertTrue(jiked.cli("show security ike stats").matches("(?s).*auth-failures\\s+1\\n.*"));
        assertFalse(jiked.cli("show security ike security-associations").contains("192.0.2.2"));
        waitCharonEmpty();

        // and the other way round: jiked initiates with the wrong key
        jiked.close();
        startJiked(jikedConfig().psk("not-the-same-key"));
        jiked.waitForLog("AUTHENTICATION_FAILED", Duration.ofSeconds(10));
        charon.waitForLog("MAC mismatched", Duration.ofSeconds(5));
        assertFalse(jiked.cli("show security ike security-associations").contains(" UP "));
        waitCharonEmpty();
    }

    @Test
    void noCommonProposalIsNoProposalChosenInBothDirections() throws Exception {
        charon.configure(charonSpec("aes128-sha1-ecp256", "aes128-sha1"));
        charon.loadAll();
        startJiked(jikedConfig().ike("aes-256-gcm", "sha-256", "group31").establish("responder-only"));
        var r = charon.tryInitiate("net", Duration.ofSeconds(10));
        assertFalse(r.ok(), r.stdout());
        charon.waitForLog("received NO_PROPOSAL_CHOSEN notify error", Duration.ofSeconds(5));
        assertTrue(jiked.cli("show security ike stats").matches("(?s).*no-proposal-chosen\\s+1\\n.*"));
        assertFalse(jiked.cli("show security ike security-associations").contains("192.0.2.2"));

        jiked.close();
        startJiked(jikedConfig().ike("aes-256-gcm", "sha-256", "group31"));
        jiked.waitForLog("responder answered NO_PROPOSAL_CHOSEN", Duration.ofSeconds(10));
        assertTrue(charon.log().contains("no IKE config found") || charon.log().contains("NO_PROPOSAL_CHOSEN"),
                "charon did not refuse");
        waitCharonEmpty();
    }

    @Test
    void charonRekeysTheIkeSaAndTheChildSaWithJikedAsResponder() throws Exception {
        charon.configure(charonSpec("aes256gcm16-prfsha256-x25519", "aes256gcm16-x25519")
                .ikeRekeyTime(Duration.ofSeconds(4)).ikeOverTime(Duration.ofSeconds(60))
                .childRekeyTime(Duration.ofSeconds(3)).childLifeTime(Duration.ofSeconds(60))
                // without these charon spreads the rekeys over the whole span up to the hard lifetime
                .connLine("rand_time = 0s").childLine("rand_time = 0s"));
        charon.loadAll();
        startJiked(jikedConfig().pfs("group31").establish("responder-only"));
        String out = charon.initiate("net");
        assertTrue(out.contains("established"), out);
        SwanctlSas.IkeSa first = waitCharonEstablished(1);
        String rekeyed = jiked.waitFor("show security ike stats",
                s -> s.matches("(?s).*ike-sa-rekeyed\\s+[1-9].*"), Duration.ofSeconds(20));
        assertTrue(rekeyed.matches("(?s).*ike-sa-rekeyed\\s+[1-9].*"), rekeyed);
        // the CHILD_SA was rekeyed too: a second one came up and the first was deleted by charon
        jiked.waitForLog("(?s)CHILD_SA vpn1 .* established.*CHILD_SA vpn1 .* established", Duration.ofSeconds(10));
        jiked.waitForLog("peer deleted CHILD_SA vpn1", Duration.ofSeconds(10));
        SwanctlSas.IkeSa now = waitCharonEstablished(1);
        assertFalse(now.spiI().equals(first.spiI()), "charon's IKE SA was not replaced:\n" + now);
        String ike = jiked.waitFor("show security ike security-associations",
                s -> s.contains(now.spiI()) && s.lines().filter(l -> l.contains(" UP ")).count() == 1, UP);
        String ipsec = jiked.waitFor("show security ipsec security-associations",
                s -> s.contains("Total active tunnels: 1"), UP);
        SwanctlSas.IkeSa settled = waitCharonEstablished(1);
        assertEquals(1, settled.children().stream().filter(c -> c.state().equals("INSTALLED")).count(),
                settled.toString());
        assertSameSas(ike, jiked.cli("show security ipsec security-associations"), settled);
        assertTrue(jiked.log().contains("IKE SA rekeyed by peer"), jiked.log());
        assertFalse(ipsec.isEmpty());
    }

    @Test
    void deadPeerDetectionNoticesCharonGoneAndTheTunnelComesBackWhenItReturns() throws Exception {
        ConnectionSpec spec = charonSpec("aes256gcm16-prfsha256-x25519", "aes256gcm16");
        charon.configure(spec);
        charon.loadAll();
        startJiked(jikedConfig().deadPeerDetection("always-send", 2, 2));
        SwanctlSas.IkeSa first = waitCharonEstablished(1);
        waitIkeUp();
        // the peer dies without a word: SIGKILL, so it sends no Delete
        Charon dead = charon;
        try {
            ProcessHandle.of(dead.pid()).ifPresent(ProcessHandle::destroyForcibly);
            jiked.waitForLog("is dead: 2 liveness checks unanswered", Duration.ofSeconds(15));
            assertTrue(jiked.cli("show security ike stats").matches("(?s).*dpd-failures\\s+1\\n.*"));
        } finally {
            dead.close();
            charon = Charon.start(topology.b(), "b-restarted");
            charon.configure(spec);
            charon.loadAll();
        }
        SwanctlSas.IkeSa back = waitCharonEstablishedOtherThan(first.spiI());
        String ike = jiked.waitFor("show security ike security-associations", s -> s.contains(back.spiI()), UP);
        assertSameSas(ike, jiked.cli("show security ipsec security-associations"), back);
    }

    /**
     * RFC 7383 over a path that drops IP fragments: charon answers with 100 traffic selectors, an
     * IKE_AUTH response of about 1,900 octets. With fragmentation on (the default) it arrives as
     * IKE fragments; with {@code fragmentation disable} it can only arrive IP-fragmented, which
     * the path drops, so the tunnel cannot come up.
     */
    @Test
    void largeIkeAuthCrossesAPathThatDropsIpFragmentsOnlyWithIkeFragmentation() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            many.append(i == 1 ? "" : ",").append("198.51.100.").append(i).append("/32");
        }
        // charon narrows jiked's TSi to its 100 remote /32s (kernel-libipsec wants a local address
        // inside every local selector, so the many selectors go on the remote side)
        charon.configure(charonSpec("aes256gcm16-prfsha256-x25519", "aes256gcm16").remoteTs(many.toString()));
        charon.loadAll();
        topology.a().exec("nft", "add", "table", "inet", "jkfrag");
        try {
            topology.a().exec("nft", "add", "chain", "inet", "jkfrag", "pre",
                    "{ type filter hook prerouting priority -500; }");
            topology.a().exec("nft", "add", "rule", "inet", "jkfrag", "pre", "ip", "frag-off", "&", "0x3fff", "!=", "0",
                    "counter", "drop");
            startJiked(jikedConfig().fragmentDisable());
            jiked.waitFor("show security ike stats", s -> s.matches("(?s).*retransmits-sent\\s+[2-9].*"), UP);
            assertFalse(jiked.cli("show security ike security-associations").contains(" UP "));
            String dropped = topology.a().exec("nft", "list", "chain", "inet", "jkfrag", "pre").stdout();
            assertFalse(dropped.contains("packets 0 "), "no IP fragment was dropped:\n" + dropped);
            jiked.close();
            jiked = null;
            charon.terminateAllQuietly();

            startJiked(jikedConfig());
            SwanctlSas.IkeSa c = waitCharonEstablished(1);
            assertEquals(100, c.children().getFirst().remoteTs().size());
            String stats = jiked.waitFor("show security ike stats", s -> s.contains(" UP ") || true, UP);
            assertTrue(stats.matches("(?s).*messages-reassembled\\s+[1-9].*"), stats);
            String ike = waitIkeUp();
            assertSameSas(ike, jiked.cli("show security ipsec security-associations"), c);
        } finally {
            topology.a().execUnchecked(Duration.ofSeconds(5), "nft", "delete", "table", "inet", "jkfrag");
        }
    }

    /** IKE identities other than addresses, each checked on both sides (RFC 7296 section 3.5). */
    @Test
    void fqdnRfc822AndKeyIdIdentities() throws Exception {
        String[][] cases = {
            // jiked local-identity, jiked remote-identity, charon local id, charon remote id, shown by charon
            {"hostname site-a.example.net", "user-at-hostname vpn@site-b.example.net",
                "vpn@site-b.example.net", "site-a.example.net", "site-a.example.net"},
            {"key-id site-a-key", "hostname site-b.example.net",
                // charon is told the key id in hex and prints a printable one as text
                "site-b.example.net", "@#" + java.util.HexFormat.of().formatHex("site-a-key".getBytes()),
                "site-a-key"},
        };
        for (String[] c : cases) {
            charon.configure(charonSpec("aes256gcm16-prfsha256-x25519", "aes256gcm16").localId(c[2]).remoteId(c[3]));
            charon.loadAll();
            startJiked(jikedConfig().identities(c[0], c[1]));
            SwanctlSas.IkeSa sa = waitCharonEstablished(1);
            assertEquals(c[2], sa.localId(), sa.toString());
            assertTrue(sa.remoteId().equalsIgnoreCase(c[4]), sa.toString());
            String detail = jiked.waitFor("show security ike security-associations detail", s -> s.contains(" UP"), UP);
            String peerId = c[1].substring(c[1].indexOf(' ') + 1);
            assertTrue(detail.contains("Peer ike-id: " + peerId), detail);
            jiked.close();
            jiked = null;
            waitCharonEmpty();
        }
    }

    @Test
    void aBlocklistedPeerIsRejectedAtAuthentication() throws Exception {
        charon.configure(charonSpec("aes256gcm16-prfsha256-x25519", "aes256gcm16").localId("peer9.branch.example.net"));
        charon.loadAll();
        startJiked(jikedConfig().identities("inet 192.0.2.1", "hostname peer9.branch.example.net")
                .establish("responder-only")
                .set("security ike blocklists branches rule r1 match id-type hostname")
                .set("security ike blocklists branches rule r1 match id-pattern \"^peer9\\\\.branch\\\\.\"")
                .set("security ike blocklists branches rule r1 then reject")
                .set("security ike policy ike-pol blocklist branches"));
        var r = charon.tryInitiate("net", Duration.ofSeconds(10));
        assertFalse(r.ok(), r.stdout());
        charon.waitForLog("received AUTHENTICATION_FAILED notify error", Duration.ofSeconds(5));
        jiked.waitForLog("IKE_GATEWAY_PEER_BLOCKED: peer 192.0.2.2 with ID peer9.branch.example.net matches rule r1"
                + " of blocklist branches, rejected", Duration.ofSeconds(5));
        assertTrue(jiked.cli("show security ike stats").matches("(?s).*peers-blocked\\s+1\\n.*"));
        assertFalse(jiked.cli("show security ike security-associations").contains("192.0.2.2"));
        waitCharonEmpty();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
