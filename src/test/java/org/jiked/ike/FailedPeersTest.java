package org.jiked.ike;

import static org.jiked.ike.IkeExchangeTest.A;
import static org.jiked.ike.IkeExchangeTest.B;
import static org.jiked.ike.IkeExchangeTest.CBC_MODP;
import static org.jiked.ike.IkeExchangeTest.ESP_GCM;
import static org.jiked.ike.IkeExchangeTest.GCM_X25519;
import static org.jiked.ike.IkeExchangeTest.SITE_A;
import static org.jiked.ike.IkeExchangeTest.SITE_B;
import static org.jiked.ike.IkeExchangeTest.address;
import static org.jiked.ike.IkeExchangeTest.assertUp;
import static org.jiked.ike.IkeExchangeTest.child;
import static org.jiked.ike.IkeExchangeTest.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jiked.child.TrafficSelector;
import org.junit.jupiter.api.Test;

/**
 * {@code show security ike peers failed} and IKE_GATEWAY_PEER_FAILED: each way a negotiation
 * fails leaves one entry naming the peer, its ID when known, the gateway, the phase and the
 * reason; the table and the log stay bounded when failures come in a flood.
 */
class FailedPeersTest {
    static long failedLines(List<String> log) {
        return log.stream().filter(l -> l.contains("IKE_GATEWAY_PEER_FAILED: peer ")).count();
    }

    @Test
    void authenticationFailureIsRecordedWithThePresentedIdOnBothSides() {
        PeerConfig a = new PeerConfig("to-b", List.of(B), A, List.of(GCM_X25519),
                "one key".getBytes(StandardCharsets.US_ASCII), Identity.fqdn("branch7.example.net"), null, 28800,
                List.of(child("vpn1", SITE_A, SITE_B, List.of(ESP_GCM), ChildConfig.StartAction.ON_TRAFFIC)),
                RetransmitSettings.DEFAULT);
        TwoGateways g = new TwoGateways(List.of(a), List.of(peer("to-a", B, A, List.of(GCM_X25519), "another key",
                List.of(child("vpn1", SITE_B, SITE_A, List.of(ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY)))),
                A, B);
        g.a.initiate("to-b");
        g.run();
        assertEquals(0, g.b.ikeSaCount());
        FailedPeer atB = g.b.failedPeers().getFirst();
        assertEquals(1, g.b.failedPeers().size(), g.b.failedPeers().toString());
        assertEquals("192.0.2.1", atB.address());
        assertEquals(500, atB.port());
        assertEquals("branch7.example.net", atB.ikeId());
        assertEquals("to-a", atB.gateway());
        assertEquals("responder", atB.role());
        assertEquals("IKE_AUTH", atB.phase());
        assertEquals("AUTHENTICATION_FAILED", atB.reason());
        assertTrue(atB.detail().contains("pre-shared key mismatch"), atB.detail());
        assertEquals(g.now, atB.wallMillis());
        assertEquals(1, failedLines(g.logB), g.logB.toString());
        assertTrue(g.logB.stream().anyMatch(l -> l.contains("IKE_GATEWAY_PEER_FAILED: peer 192.0.2.1:500 with ID"
                + " branch7.example.net, gateway to-a, IKE_AUTH failed (AUTHENTICATION_FAILED)")), g.logB.toString());
        assertEquals(1, g.b.stats().get("peers-failed"));

        FailedPeer atA = g.a.failedPeers().getFirst();
        assertEquals(1, g.a.failedPeers().size(), g.a.failedPeers().toString());
        assertEquals("initiator", atA.role());
        assertEquals("IKE_AUTH", atA.phase());
        assertEquals("AUTHENTICATION_FAILED", atA.reason());
    }

    @Test
    void noProposalChosenFailsInIkeSaInitWithoutAnId() {
        TwoGateways g = IkeExchangeTest.pair(List.of(GCM_X25519), List.of(CBC_MODP), "k", "k", List.of(ESP_GCM),
                List.of(ESP_GCM));
        g.a.initiate("to-b");
        g.run();
        FailedPeer atB = g.b.failedPeers().getFirst();
        assertEquals("IKE_SA_INIT", atB.phase());
        assertEquals("NO_PROPOSAL_CHOSEN", atB.reason());
        assertEquals("", atB.ikeId());
        assertEquals("to-a", atB.gateway());
        FailedPeer atA = g.a.failedPeers().getFirst();
        assertEquals("IKE_SA_INIT", atA.phase());
        assertEquals("NO_PROPOSAL_CHOSEN", atA.reason());
    }

    @Test
    void halfOpenTimeoutAndUnansweredRequestsAreFailuresOnce() {
        TwoGateways g = IkeExchangeTest.manualPair();
        g.drop = d -> IkeExchangeTest.address("192.0.2.2").equals(d.to().getAddress())
                && HostilePeer.isExchange(d.data(), org.jiked.wire.ExchangeType.IKE_AUTH);
        g.a.initiate("to-b");
        g.run();
        for (int i = 0; i < 200; i++) {
            g.advance(1_000);
            g.run();
        }
        assertEquals(0, g.b.ikeSaCount());
        assertEquals(0, g.a.ikeSaCount());
        assertEquals(1, g.b.failedPeers().size(), g.b.failedPeers().toString());
        assertEquals("timeout", g.b.failedPeers().getFirst().reason());
        assertEquals("IKE_SA_INIT", g.b.failedPeers().getFirst().phase());
        assertEquals(1, g.a.failedPeers().size(), g.a.failedPeers().toString());
        assertEquals("timeout", g.a.failedPeers().getFirst().reason());
        assertEquals("IKE_AUTH", g.a.failedPeers().getFirst().phase());
    }

    @Test
    void aRefusedChildSaIsAFailureWhileTheIkeSaStaysUp() {
        TrafficSelector elsewhere = TrafficSelector.ofPrefix(address("192.0.2.128"), 25);
        TwoGateways g = new TwoGateways(
                List.of(peer("to-b", A, B, List.of(GCM_X25519), "k",
                        List.of(child("vpn1", SITE_A, SITE_B, List.of(ESP_GCM), ChildConfig.StartAction.IMMEDIATELY)))),
                List.of(peer("to-a", B, A, List.of(GCM_X25519), "k",
                        List.of(child("vpn1", elsewhere, SITE_A, List.of(ESP_GCM),
                                ChildConfig.StartAction.RESPONDER_ONLY)))),
                A, B);
        g.a.start();
        g.run();
        assertUp(g);
        FailedPeer atB = g.b.failedPeers().getFirst();
        assertEquals("CHILD_SA", atB.phase());
        assertEquals("TS_UNACCEPTABLE", atB.reason());
        assertEquals("192.0.2.1", atB.ikeId());
        assertEquals("TS_UNACCEPTABLE", g.a.failedPeers().getFirst().reason());
    }

    @Test
    void aFloodOfFailuresKeepsTheLastThousandAndLogsABoundedNumber() {
        TwoGateways g = IkeExchangeTest.pair(List.of(GCM_X25519), List.of(CBC_MODP), "k", "k", List.of(ESP_GCM),
                List.of(ESP_GCM));
        int attempts = FailedPeers.MAX_ENTRIES + 200;
        for (int i = 0; i < attempts; i++) {
            assertTrue(g.a.initiate("to-b"));
            g.run();
        }
        assertEquals(attempts, g.b.stats().get("peers-failed"));
        assertEquals(FailedPeers.MAX_ENTRIES, g.b.failedPeers().size());
        assertEquals(FailedPeers.LOG_LINES_PER_SECOND, failedLines(g.logB));
        g.advance(1_000);
        g.a.initiate("to-b");
        g.run();
        assertEquals(FailedPeers.LOG_LINES_PER_SECOND + 1, failedLines(g.logB));
        int suppressed = attempts - FailedPeers.LOG_LINES_PER_SECOND;
        assertTrue(g.logB.stream().anyMatch(l -> l.contains("IKE_GATEWAY_PEER_FAILED: " + suppressed
                + " more failed negotiations not logged")), g.logB.getLast());
        assertEquals(FailedPeers.MAX_ENTRIES, g.b.failedPeers().size());
        assertEquals(FailedPeers.MAX_ENTRIES, g.b.clearFailedPeers());
        assertTrue(g.b.failedPeers().isEmpty());
    }
}
