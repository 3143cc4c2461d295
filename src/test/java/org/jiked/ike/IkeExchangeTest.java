package org.jiked.ike;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jiked.child.ChildSa;
import org.jiked.child.TrafficSelector;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.TransformType;
import org.junit.jupiter.api.Test;

/** IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA and INFORMATIONAL between two engines in one process. */
class IkeExchangeTest {
    static final InetAddress A = address("192.0.2.1");
    static final InetAddress B = address("192.0.2.2");
    static final TrafficSelector SITE_A = TrafficSelector.ofPrefix(address("198.51.100.0"), 24);
    static final TrafficSelector SITE_B = TrafficSelector.ofPrefix(address("203.0.113.0"), 24);
    static final IkeProposalSpec GCM_X25519 = new IkeProposalSpec(TransformType.ENCR_AES_GCM_16, 256,
            TransformType.PRF_HMAC_SHA2_256, 0, TransformType.CURVE25519);
    static final IkeProposalSpec CBC_MODP = new IkeProposalSpec(TransformType.ENCR_AES_CBC, 256,
            TransformType.PRF_HMAC_SHA2_256, TransformType.AUTH_HMAC_SHA2_256_128, TransformType.MODP_2048);
    static final IkeProposalSpec CBC_ECP = new IkeProposalSpec(TransformType.ENCR_AES_CBC, 128,
            TransformType.PRF_HMAC_SHA1, TransformType.AUTH_HMAC_SHA1_96, TransformType.ECP_256);
    static final ChildProposalSpec ESP_GCM = new ChildProposalSpec(TransformType.ENCR_AES_GCM_16, 256, 0, 0, false);
    static final ChildProposalSpec ESP_CBC = new ChildProposalSpec(TransformType.ENCR_AES_CBC, 128,
            TransformType.AUTH_HMAC_SHA2_256_128, 0, false);

    static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static PeerConfig peer(String name, InetAddress self, InetAddress other, List<IkeProposalSpec> ike, String psk,
                           List<ChildConfig> children) {
        return new PeerConfig(name, List.of(other), self, ike, psk.getBytes(StandardCharsets.US_ASCII), null, null,
                28800, children, RetransmitSettings.DEFAULT);
    }

    static ChildConfig child(String name, TrafficSelector local, TrafficSelector remote, List<ChildProposalSpec> p,
                             ChildConfig.StartAction start) {
        return new ChildConfig(name, p, List.of(local), List.of(remote), 3600, 0, start);
    }

    static TwoGateways pair(List<IkeProposalSpec> ikeA, List<IkeProposalSpec> ikeB, String pskA, String pskB,
                            List<ChildProposalSpec> espA, List<ChildProposalSpec> espB) {
        return new TwoGateways(
                List.of(peer("to-b", A, B, ikeA, pskA,
                        List.of(child("vpn1", SITE_A, SITE_B, espA, ChildConfig.StartAction.IMMEDIATELY)))),
                List.of(peer("to-a", B, A, ikeB, pskB,
                        List.of(child("vpn1", SITE_B, SITE_A, espB, ChildConfig.StartAction.RESPONDER_ONLY)))),
                A, B);
    }

    /**
     * Like {@link #standardPair()}, but A's VPN is {@code on-traffic}: nothing brings the tunnel up
     * again by itself, so a test can watch an SA end. Start it with {@code g.a.initiate("to-b")}.
     */
    static TwoGateways manualPair() {
        return new TwoGateways(
                List.of(peer("to-b", A, B, List.of(GCM_X25519), "secret",
                        List.of(child("vpn1", SITE_A, SITE_B, List.of(ESP_GCM), ChildConfig.StartAction.ON_TRAFFIC)))),
                List.of(peer("to-a", B, A, List.of(GCM_X25519), "secret",
                        List.of(child("vpn1", SITE_B, SITE_A, List.of(ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY)))),
                A, B);
    }

    static TwoGateways standardPair() {
        return pair(List.of(GCM_X25519), List.of(GCM_X25519), "secret", "secret", List.of(ESP_GCM), List.of(ESP_GCM));
    }

    static void assertUp(TwoGateways g) {
        assertEquals(1, g.a.ikeSas().size(), "initiator SAs: " + g.logA);
        assertEquals(1, g.b.ikeSas().size(), "responder SAs: " + g.logB);
        assertEquals("UP", g.a.ikeSas().getFirst().state(), String.join("\n", g.logA));
        assertEquals("UP", g.b.ikeSas().getFirst().state(), String.join("\n", g.logB));
    }

    static void assertChildPairsMatch(ChildSa x, ChildSa y) {
        assertEquals(x.inboundSpi(), y.outboundSpi());
        assertEquals(x.outboundSpi(), y.inboundSpi());
        assertArrayEquals(x.outboundEncryptionKey(), y.inboundEncryptionKey());
        assertArrayEquals(x.inboundEncryptionKey(), y.outboundEncryptionKey());
        assertArrayEquals(x.outboundIntegrityKey(), y.inboundIntegrityKey());
        assertFalse(java.util.Arrays.equals(x.outboundEncryptionKey(), x.inboundEncryptionKey()));
    }

    @Test
    void establishesIkeAndChildSaWithMatchingKeys() {
        TwoGateways g = standardPair();
        g.a.start();
        g.run();
        assertUp(g);
        IkeSaInfo ia = g.a.ikeSas().getFirst();
        IkeSaInfo ib = g.b.ikeSas().getFirst();
        assertEquals(ia.initiatorSpi(), ib.initiatorSpi());
        assertEquals(ia.responderSpi(), ib.responderSpi());
        assertTrue(ia.initiator());
        assertFalse(ib.initiator());
        assertEquals("192.0.2.2", ia.remoteIdentity());
        assertEquals("192.0.2.1", ib.remoteIdentity());
        assertEquals(1, g.installedA.size());
        assertEquals(1, g.installedB.size());
        assertChildPairsMatch(g.installedA.getFirst(), g.installedB.getFirst());
        assertEquals(List.of(SITE_A), g.installedA.getFirst().localSelectors());
        assertEquals(List.of(SITE_B), g.installedA.getFirst().remoteSelectors());
        assertEquals(List.of(SITE_B), g.installedB.getFirst().localSelectors());
        assertEquals(4, g.delivered, "IKE_SA_INIT and IKE_AUTH, two messages each");
    }

    @Test
    void cbcSuitesWithModpAndEcpGroups() {
        for (IkeProposalSpec spec : List.of(CBC_MODP, CBC_ECP)) {
            TwoGateways g = pair(List.of(spec), List.of(spec), "k", "k", List.of(ESP_CBC), List.of(ESP_CBC));
            g.a.start();
            g.run();
            assertUp(g);
            assertChildPairsMatch(g.installedA.getFirst(), g.installedB.getFirst());
        }
    }

    @Test
    void responderPicksTheFirstOfTheInitiatorsProposalsThatItAccepts() {
        TwoGateways g = pair(List.of(CBC_ECP, GCM_X25519), List.of(GCM_X25519, CBC_ECP), "k", "k",
                List.of(ESP_CBC, ESP_GCM), List.of(ESP_GCM, ESP_CBC));
        g.a.start();
        g.run();
        assertUp(g);
        // the responder answers with the first proposal that was offered, so INVALID_KE is not needed
        assertEquals("aes-cbc (128 bits)", g.b.ikeSas().getFirst().encryption());
        assertEquals(TransformType.ENCR_AES_CBC, g.installedB.getFirst().encryptionId());
    }

    @Test
    void wrongPreSharedKeyFailsOnBothSides() {
        TwoGateways g = pair(List.of(GCM_X25519), List.of(GCM_X25519), "right", "wrong", List.of(ESP_GCM),
                List.of(ESP_GCM));
        g.a.start();
        g.run();
        assertEquals(0, g.a.ikeSas().size());
        assertEquals(0, g.b.ikeSas().size());
        assertEquals(1, g.b.stats().get("auth-failures"));
        assertEquals(1, g.a.stats().get("auth-failures"));
        assertTrue(g.logB.stream().anyMatch(l -> l.contains("pre-shared key mismatch")), g.logB.toString());
        assertTrue(g.installedA.isEmpty() && g.installedB.isEmpty());
    }

    @Test
    void noCommonProposalIsNoProposalChosen() {
        TwoGateways g = pair(List.of(GCM_X25519), List.of(CBC_MODP), "k", "k", List.of(ESP_GCM), List.of(ESP_GCM));
        g.a.start();
        g.run();
        assertEquals(0, g.a.ikeSas().size());
        assertEquals(0, g.b.ikeSas().size());
        assertEquals(1, g.b.stats().get("no-proposal-chosen"));
        assertEquals(1, g.a.stats().get("no-proposal-chosen"));
        assertTrue(g.logA.stream().anyMatch(l -> l.contains("NO_PROPOSAL_CHOSEN")), g.logA.toString());
    }

    @Test
    void invalidKePayloadMakesTheInitiatorRetryWithTheRequestedGroup() {
        IkeProposalSpec gcmModp = new IkeProposalSpec(TransformType.ENCR_AES_GCM_16, 256,
                TransformType.PRF_HMAC_SHA2_256, 0, TransformType.MODP_2048);
        TwoGateways g = pair(List.of(GCM_X25519, gcmModp), List.of(gcmModp), "k", "k", List.of(ESP_GCM),
                List.of(ESP_GCM));
        g.a.start();
        g.run();
        assertUp(g);
        assertEquals(1, g.b.stats().get("invalid-ke-sent"));
        assertEquals(1, g.a.stats().get("invalid-ke-received"));
        assertEquals(TransformType.MODP_2048, g.a.ikeSas().getFirst().dhGroup());
    }

    @Test
    void lostIkeAuthRequestIsRetransmitted() {
        TwoGateways g = standardPair();
        int[] authRequests = {0};
        g.drop = d -> isExchange(d.data(), ExchangeType.IKE_AUTH, false) && authRequests[0]++ == 0;
        g.a.start();
        g.run();
        assertEquals(0, g.b.ikeSas().stream().filter(s -> s.state().equals("UP")).count());
        g.advance(RetransmitSettings.DEFAULT.timeout(0));
        g.run();
        assertUp(g);
        assertEquals(1, g.a.stats().get("retransmits-sent"));
    }

    @Test
    void lostIkeAuthResponseIsAnsweredFromTheCache() {
        TwoGateways g = standardPair();
        int[] authResponses = {0};
        g.drop = d -> isExchange(d.data(), ExchangeType.IKE_AUTH, true) && authResponses[0]++ == 0;
        g.a.start();
        g.run();
        g.advance(RetransmitSettings.DEFAULT.timeout(0));
        g.run();
        assertUp(g);
        assertEquals(1, g.b.stats().get("retransmits-answered"));
        assertEquals(1, g.installedB.size(), "the retransmitted request must not create a second CHILD_SA");
    }

    @Test
    void unreachablePeerIsGivenUpAfterTheRetries() {
        TwoGateways g = standardPair();
        g.drop = d -> true;
        g.a.start();
        g.run();
        long firstSpi = g.a.ikeSas().getFirst().initiatorSpi();
        for (int i = 0; i <= RetransmitSettings.DEFAULT.retries(); i++) {
            assertEquals(firstSpi, g.a.ikeSas().getFirst().initiatorSpi());
            g.advance(RetransmitSettings.DEFAULT.maxTimeoutMillis());
            g.run();
        }
        assertTrue(g.logA.stream().anyMatch(l -> l.contains("is unreachable")), g.logA.toString());
        assertEquals(1, g.a.stats().get("timeouts"));
        assertEquals(RetransmitSettings.DEFAULT.retries(), g.a.stats().get("retransmits-sent"));
        // establish-tunnels immediately: a new attempt follows, with a new SPI
        assertEquals(1, g.a.ikeSaCount());
        assertNotEquals(firstSpi, g.a.ikeSas().getFirst().initiatorSpi());
    }

    @Test
    void secondChildSaWithPfsByCreateChildSa() {
        ChildProposalSpec pfs = new ChildProposalSpec(TransformType.ENCR_AES_GCM_16, 128, 0, TransformType.ECP_256,
                false);
        TrafficSelector otherA = TrafficSelector.ofPrefix(address("198.51.100.128"), 25);
        PeerConfig pa = peer("to-b", A, B, List.of(GCM_X25519), "k", List.of(
                child("vpn1", SITE_A, SITE_B, List.of(ESP_GCM), ChildConfig.StartAction.IMMEDIATELY),
                child("vpn2", otherA, SITE_B, List.of(pfs), ChildConfig.StartAction.IMMEDIATELY)));
        PeerConfig pb = peer("to-a", B, A, List.of(GCM_X25519), "k", List.of(
                child("vpn1", SITE_B, SITE_A, List.of(ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY),
                child("vpn2", SITE_B, otherA, List.of(pfs), ChildConfig.StartAction.RESPONDER_ONLY)));
        TwoGateways g = new TwoGateways(List.of(pa), List.of(pb), A, B);
        g.a.start();
        g.run();
        assertUp(g);
        assertEquals(2, g.installedA.size(), g.logA.toString());
        assertEquals(2, g.installedB.size());
        ChildSa second = g.installedA.get(1);
        assertEquals(TransformType.ECP_256, second.dhGroup());
        assertEquals(List.of(otherA), second.localSelectors());
        assertChildPairsMatch(second, g.installedB.get(1));
        assertNotEquals(g.installedA.get(0).inboundSpi(), second.inboundSpi());
    }

    @Test
    void responderNarrowsTrafficSelectors() {
        TrafficSelector narrowB = TrafficSelector.ofPrefix(address("203.0.113.64"), 26);
        TwoGateways g = new TwoGateways(
                List.of(peer("to-b", A, B, List.of(GCM_X25519), "k",
                        List.of(child("vpn1", SITE_A, SITE_B, List.of(ESP_GCM), ChildConfig.StartAction.IMMEDIATELY)))),
                List.of(peer("to-a", B, A, List.of(GCM_X25519), "k",
                        List.of(child("vpn1", narrowB, SITE_A, List.of(ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY)))),
                A, B);
        g.a.start();
        g.run();
        assertUp(g);
        assertEquals(List.of(narrowB), g.installedA.getFirst().remoteSelectors());
    }

    @Test
    void unacceptableSelectorsRefuseTheChildButKeepTheIkeSa() {
        TrafficSelector elsewhere = TrafficSelector.ofPrefix(address("192.0.2.128"), 25);
        TwoGateways g = new TwoGateways(
                List.of(peer("to-b", A, B, List.of(GCM_X25519), "k",
                        List.of(child("vpn1", SITE_A, SITE_B, List.of(ESP_GCM), ChildConfig.StartAction.IMMEDIATELY)))),
                List.of(peer("to-a", B, A, List.of(GCM_X25519), "k",
                        List.of(child("vpn1", elsewhere, SITE_A, List.of(ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY)))),
                A, B);
        g.a.start();
        g.run();
        assertUp(g);
        assertTrue(g.installedA.isEmpty());
        assertEquals(1, g.b.stats().get("ts-unacceptable"));
        assertTrue(g.logA.stream().anyMatch(l -> l.contains("TS_UNACCEPTABLE")), g.logA.toString());
    }

    @Test
    void clearIkeSaDeletesOnBothSides() {
        TwoGateways g = standardPair();
        g.a.start();
        g.run();
        assertEquals(1, g.b.clearIkeSas(null));
        g.run();
        assertEquals(0, g.a.ikeSaCount());
        assertEquals(0, g.b.ikeSaCount());
        assertTrue(g.installedA.isEmpty() && g.installedB.isEmpty());
        assertEquals(1, g.a.stats().get("deletes-received"));
    }

    @Test
    void clearChildSasKeepsTheIkeSa() {
        TwoGateways g = standardPair();
        g.a.start();
        g.run();
        assertEquals(1, g.a.clearChildSas());
        g.run();
        assertUp(g);
        assertTrue(g.installedA.isEmpty() && g.installedB.isEmpty());
        assertTrue(g.a.ikeSas().getFirst().children().isEmpty());
        assertTrue(g.b.ikeSas().getFirst().children().isEmpty());
    }

    @Test
    void childSaIsRekeyedWhenItsLifetimeEnds() {
        // the responder's lifetime is longer, so only the initiator's runs out: the shorter one wins
        TwoGateways g = new TwoGateways(
                List.of(peer("to-b", A, B, List.of(GCM_X25519), "k",
                        List.of(child("vpn1", SITE_A, SITE_B, List.of(ESP_GCM), ChildConfig.StartAction.IMMEDIATELY)))),
                List.of(peer("to-a", B, A, List.of(GCM_X25519), "k",
                        List.of(new ChildConfig("vpn1", List.of(ESP_GCM), List.of(SITE_B), List.of(SITE_A), 7200, 0,
                                ChildConfig.StartAction.RESPONDER_ONLY)))),
                A, B);
        g.a.start();
        g.run();
        ChildSa old = g.installedA.getFirst();
        g.advance(3600 * 900);
        g.run();
        assertEquals(1, g.installedA.size(), g.logA.toString());
        assertEquals(1, g.installedB.size(), g.logB.toString());
        assertNotEquals(old.inboundSpi(), g.installedA.getFirst().inboundSpi());
        assertChildPairsMatch(g.installedA.getFirst(), g.installedB.getFirst());
        assertEquals(1, g.a.stats().get("child-sa-rekeyed"));
        assertEquals(1, g.b.stats().get("child-sa-rekeyed"));
        // both count the rekey; only the side that started it counts it as its own, and the logs say who did
        assertEquals(1, g.a.stats().get("child-sa-rekeys-initiated"));
        assertEquals(0, g.b.stats().get("child-sa-rekeys-initiated"));
        assertTrue(g.logA.stream().anyMatch(l -> l.contains("CHILD_SA " + old + " rekeyed, new ")), g.logA.toString());
        assertTrue(g.logB.stream().anyMatch(l -> l.contains(" rekeyed by peer, new ")), g.logB.toString());
    }

    @Test
    void childSaIsRekeyedBeforeItsSequenceNumbersRunOut() {
        TwoGateways g = standardPair();
        g.a.sequenceSoftLimit = 1000;
        g.a.start();
        g.run();
        ChildSa old = g.installedA.getFirst();
        // packet counts are looked at when the SA wakes up anyway, at least once a minute
        old.outboundPackets.set(999);
        g.advance(IkeEngine.IDLE_MILLIS);
        g.run();
        assertEquals(old.inboundSpi(), g.installedA.getFirst().inboundSpi(), "rekeyed below the limit");
        old.outboundPackets.set(1000);
        g.advance(IkeEngine.IDLE_MILLIS);
        g.run();
        assertEquals(1, g.installedA.size(), g.logA.toString());
        assertEquals(1, g.installedB.size(), g.logB.toString());
        assertNotEquals(old.inboundSpi(), g.installedA.getFirst().inboundSpi());
        assertChildPairsMatch(g.installedA.getFirst(), g.installedB.getFirst());
        assertTrue(g.logA.stream().anyMatch(l -> l.contains("sequence number limit")), g.logA.toString());
    }

    static PeerConfig withIkeLifetime(PeerConfig p, long seconds) {
        return new PeerConfig(p.name(), p.remoteAddresses(), p.localAddress(), p.ikeProposals(), p.preSharedKey(),
                p.localIdentity(), p.remoteIdentity(), seconds, p.children(), p.retransmit());
    }

    TwoGateways pairWithIkeLifetimes(long secondsA, long secondsB) {
        return new TwoGateways(
                List.of(withIkeLifetime(peer("to-b", A, B, List.of(GCM_X25519), "k",
                        List.of(child("vpn1", SITE_A, SITE_B, List.of(ESP_GCM), ChildConfig.StartAction.IMMEDIATELY))),
                        secondsA)),
                List.of(withIkeLifetime(peer("to-a", B, A, List.of(GCM_X25519), "k",
                        List.of(child("vpn1", SITE_B, SITE_A, List.of(ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY))),
                        secondsB)),
                A, B);
    }

    @Test
    void ikeSaRekeyedByTheOriginalInitiatorKeepsTheChildSas() {
        TwoGateways g = pairWithIkeLifetimes(1000, 28800);
        g.a.start();
        g.run();
        IkeSaInfo before = g.a.ikeSas().getFirst();
        ChildSa child = g.installedA.getFirst();
        g.advance(900 * 1000);
        g.run();
        assertUp(g);
        IkeSaInfo after = g.a.ikeSas().getFirst();
        assertNotEquals(before.initiatorSpi(), after.initiatorSpi());
        assertEquals(after.initiatorSpi(), g.b.ikeSas().getFirst().initiatorSpi());
        assertEquals(after.responderSpi(), g.b.ikeSas().getFirst().responderSpi());
        assertEquals(1, g.a.stats().get("ike-sa-rekeyed"));
        assertEquals(1, g.b.stats().get("ike-sa-rekeyed"));
        assertEquals(List.of(child), g.installedA, "the CHILD_SA moves to the new IKE SA untouched");
        assertEquals(1, after.children().size());
        assertEquals(1, g.a.ikeSaCount(), "the old IKE SA is deleted");
        assertEquals(1, g.b.ikeSaCount());
        // the new IKE SA carries further exchanges, with message IDs from zero
        assertEquals(1, g.a.clearChildSas());
        g.run();
        assertTrue(g.installedB.isEmpty(), g.logB.toString());
    }

    @Test
    void ikeSaRekeyedByTheOriginalResponderMakesItTheNewInitiator() {
        TwoGateways g = pairWithIkeLifetimes(28800, 1000);
        g.a.start();
        g.run();
        g.advance(900 * 1000);
        g.run();
        assertUp(g);
        assertTrue(g.b.ikeSas().getFirst().initiator(), "RFC 7296 2.18: the rekey initiator is the new initiator");
        assertFalse(g.a.ikeSas().getFirst().initiator());
        assertEquals(1, g.installedA.size());
        assertEquals(1, g.installedB.size());
        assertEquals(1, g.b.clearIkeSas(null));
        g.run();
        assertEquals(0, g.a.ikeSaCount());
        assertEquals(0, g.b.ikeSaCount());
    }

    @Test
    void deadPeerDetectionClearsTheSasAndTheTunnelComesBack() {
        DpdSettings dpd = new DpdSettings(DpdSettings.Mode.ALWAYS_SEND, 10_000, 3);
        TwoGateways g = new TwoGateways(
                List.of(peer("to-b", A, B, List.of(GCM_X25519), "k",
                        List.of(child("vpn1", SITE_A, SITE_B, List.of(ESP_GCM), ChildConfig.StartAction.IMMEDIATELY)))
                        .withDpd(dpd)),
                List.of(peer("to-a", B, A, List.of(GCM_X25519), "k",
                        List.of(child("vpn1", SITE_B, SITE_A, List.of(ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY)))),
                A, B);
        g.a.start();
        g.run();
        assertUp(g);
        g.advance(10_000);
        g.run();
        assertEquals(1, g.a.stats().get("dpd-checks-sent"));
        assertUp(g);
        // the peer goes silent: three checks an interval apart, then the peer is dead
        g.drop = d -> true;
        for (int i = 0; i < 4; i++) {
            g.advance(10_000);
            g.run();
        }
        assertEquals(1, g.a.stats().get("dpd-failures"), g.logA.toString());
        assertTrue(g.installedA.isEmpty(), "the CHILD_SA is gone with the IKE SA");
        assertTrue(g.logA.stream().anyMatch(l -> l.contains("is dead: 3 liveness checks unanswered")));
        // the peer comes back (with no memory of us) and the tunnel is set up again
        g.drop = d -> false;
        g.b.clearIkeSas(null);
        g.inFlight.clear();
        for (int i = 0; i < 8 && g.installedA.isEmpty(); i++) {
            g.advance(10_000);
            g.run();
        }
        assertEquals(1, g.installedA.size(), g.logA.toString());
        assertEquals("UP", g.a.ikeSas().getFirst().state());
    }

    @Test
    void optimizedDeadPeerDetectionStaysQuietWithoutOutboundTraffic() {
        DpdSettings dpd = new DpdSettings(DpdSettings.Mode.OPTIMIZED, 10_000, 5);
        TwoGateways g = new TwoGateways(
                List.of(peer("to-b", A, B, List.of(GCM_X25519), "k",
                        List.of(child("vpn1", SITE_A, SITE_B, List.of(ESP_GCM), ChildConfig.StartAction.IMMEDIATELY)))
                        .withDpd(dpd)),
                List.of(peer("to-a", B, A, List.of(GCM_X25519), "k",
                        List.of(child("vpn1", SITE_B, SITE_A, List.of(ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY)))),
                A, B);
        g.a.start();
        g.run();
        g.advance(30_000);
        g.run();
        assertEquals(0, g.a.stats().get("dpd-checks-sent"));
        // packets go out and none come back: now the peer is checked
        g.installedA.getFirst().outboundPackets.addAndGet(5);
        g.advance(10_000);
        g.run();
        assertEquals(1, g.a.stats().get("dpd-checks-sent"));
        assertUp(g);
    }

    @Test
    void shutdownSendsDelete() {
        TwoGateways g = standardPair();
        g.a.start();
        g.run();
        g.a.shutdown();
        g.run();
        assertEquals(0, g.a.ikeSaCount());
        assertEquals(0, g.b.ikeSaCount());
    }

    @Test
    void messagesForUnknownSpisAndGarbageAreCountedAndDropped() {
        TwoGateways g = standardPair();
        g.a.start();
        g.run();
        java.net.InetSocketAddress from = new java.net.InetSocketAddress(A, 500);
        java.net.InetSocketAddress to = new java.net.InetSocketAddress(B, 500);
        g.b.receive(to, from, new byte[] {1, 2, 3});
        byte[] foreign = IkeMessageCodec.encode(org.jiked.wire.IkeHeader.of(42, 43, ExchangeType.INFORMATIONAL,
                true, false, 7), List.of());
        g.b.receive(to, from, foreign);
        assertEquals(1, g.b.stats().get("decode-errors"));
        assertEquals(1, g.b.stats().get("invalid-spi"));
        assertUp(g);
    }

    private static boolean isExchange(byte[] datagram, int exchangeType, boolean response) {
        try {
            var h = IkeMessageCodec.decodeHeader(datagram);
            return h.exchangeType() == exchangeType && h.isResponse() == response;
        } catch (org.jiked.wire.IkeDecodeException e) {
            return false;
        }
    }
}
