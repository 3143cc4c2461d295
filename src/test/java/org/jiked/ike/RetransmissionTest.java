package org.jiked.ike;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jiked.wire.ExchangeType;
import org.junit.jupiter.api.Test;

/**
 * A lost request or response at each step (RFC 7296 section 2.1), with the injected clock: the
 * initiator retransmits the same octets after the timeout, doubling it per retry; the responder
 * answers a retransmitted request from its cache and never processes it twice.
 */
class RetransmissionTest {
    static final long T0 = RetransmitSettings.DEFAULT.timeout(0);

    /** Drops the first {@code n} datagrams of one exchange and direction, recording every one seen. */
    static final class Loss {
        final List<byte[]> seen = new ArrayList<>();
        int left;

        Loss(TwoGateways g, int exchangeType, boolean response, int n) {
            left = n;
            g.drop = d -> {
                if (!HostilePeer.isExchange(d.data(), exchangeType, response)) {
                    return false;
                }
                seen.add(d.data());
                return left-- > 0;
            };
        }
    }

    /** An established pair that stays down once deleted (A's VPN is on-traffic). */
    static TwoGateways upPair() {
        TwoGateways g = IkeExchangeTest.manualPair();
        g.a.initiate("to-b");
        g.run();
        IkeExchangeTest.assertUp(g);
        return g;
    }

    @Test
    void lostIkeSaInitRequestIsRetransmittedUnchanged() {
        TwoGateways g = IkeExchangeTest.standardPair();
        Loss loss = new Loss(g, ExchangeType.IKE_SA_INIT, false, 1);
        g.a.start();
        g.run();
        assertEquals(0, g.b.ikeSaCount());
        g.advance(T0 - 1);
        g.run();
        assertEquals(1, loss.seen.size(), "retransmitted before the timeout");
        g.advance(1);
        g.run();
        IkeExchangeTest.assertUp(g);
        assertEquals(2, loss.seen.size());
        assertArrayEquals(loss.seen.get(0), loss.seen.get(1));
        assertEquals(1, g.a.stats().get("retransmits-sent"));
    }

    @Test
    void lostIkeSaInitResponseIsAnsweredFromTheResponderCache() {
        TwoGateways g = IkeExchangeTest.standardPair();
        Loss loss = new Loss(g, ExchangeType.IKE_SA_INIT, true, 1);
        g.a.start();
        g.run();
        assertEquals(1, g.b.ikeSaCount());
        g.advance(T0);
        g.run();
        IkeExchangeTest.assertUp(g);
        assertEquals(2, loss.seen.size());
        assertArrayEquals(loss.seen.get(0), loss.seen.get(1), "the same SPI, nonce and KE, from the cache");
        assertEquals(1, g.b.stats().get("retransmits-answered"));
        assertEquals(2, g.b.stats().get("in-ike-sa-init-requests"));
        assertEquals(1, g.b.ikeSaCount(), "one IKE SA for two copies of the request");
    }

    @Test
    void duplicatedIkeAuthRequestCreatesOneChildSa() {
        TwoGateways g = IkeExchangeTest.standardPair();
        List<byte[]> authRequests = new ArrayList<>();
        g.drop = d -> {
            if (HostilePeer.isExchange(d.data(), ExchangeType.IKE_AUTH, false)) {
                authRequests.add(d.data());
            }
            return false;
        };
        g.a.start();
        g.run();
        IkeExchangeTest.assertUp(g);
        HostilePeer p = new HostilePeer(g);
        List<byte[]> again = p.toResponder(authRequests.getFirst());
        assertEquals(1, again.size());
        assertEquals(1, g.installedB.size());
        assertEquals(1, g.b.stats().get("child-sa-established"));
        assertEquals(1, g.b.stats().get("ike-sa-established"));
        assertEquals(1, g.b.stats().get("retransmits-answered"));
        // the initiator has no request outstanding, so the duplicate response is stray
        assertTrue(p.toInitiator(again.getFirst()).isEmpty());
        assertEquals(1, g.installedA.size());
    }

    @Test
    void retransmissionTimeoutDoublesPerRetry() {
        TwoGateways g = IkeExchangeTest.standardPair();
        Loss loss = new Loss(g, ExchangeType.IKE_AUTH, false, 3);
        g.a.start();
        g.run();
        long[] waits = {T0, 2 * T0, 4 * T0};
        for (int i = 0; i < waits.length; i++) {
            g.advance(waits[i] - 1);
            g.run();
            assertEquals(i + 1, loss.seen.size(), "early retransmission " + i);
            g.advance(1);
            g.run();
            assertEquals(i + 2, loss.seen.size(), "retransmission " + i);
        }
        IkeExchangeTest.assertUp(g);
        assertEquals(3, g.a.stats().get("retransmits-sent"));
    }

    @Test
    void lostCreateChildSaRequestIsRetransmitted() {
        TwoGateways g = upPair();
        Loss loss = new Loss(g, ExchangeType.CREATE_CHILD_SA, false, 1);
        assertTrue(g.a.createChild("to-b", "vpn1"));
        g.run();
        assertEquals(1, g.installedB.size());
        g.advance(T0);
        g.run();
        assertEquals(2, g.installedA.size(), g.logA.toString());
        assertEquals(2, g.installedB.size());
        IkeExchangeTest.assertChildPairsMatch(g.installedA.get(1), g.installedB.get(1));
        assertEquals(0, g.b.stats().get("retransmits-answered"));
        assertEquals(2, loss.seen.size());
    }

    @Test
    void lostCreateChildSaResponseIsAnsweredFromTheCacheWithoutASecondChildSa() {
        TwoGateways g = upPair();
        Loss loss = new Loss(g, ExchangeType.CREATE_CHILD_SA, true, 1);
        assertTrue(g.a.createChild("to-b", "vpn1"));
        g.run();
        assertEquals(2, g.installedB.size());
        assertEquals(1, g.installedA.size());
        g.advance(T0);
        g.run();
        assertEquals(2, g.installedA.size(), g.logA.toString());
        assertEquals(2, g.installedB.size(), "the retransmitted request must not create a third CHILD_SA");
        assertEquals(1, g.b.stats().get("retransmits-answered"));
        assertArrayEquals(loss.seen.get(0), loss.seen.get(1));
        IkeExchangeTest.assertChildPairsMatch(g.installedA.get(1), g.installedB.get(1));
    }

    @Test
    void lostChildDeleteRequestAndResponse() {
        TwoGateways g = upPair();
        Loss loss = new Loss(g, ExchangeType.INFORMATIONAL, false, 1);
        assertEquals(1, g.a.clearChildSas());
        g.run();
        assertEquals(1, g.installedB.size());
        g.advance(T0);
        g.run();
        assertTrue(g.installedA.isEmpty() && g.installedB.isEmpty(), g.logA.toString());
        assertEquals(2, loss.seen.size());

        assertTrue(g.a.createChild("to-b", "vpn1"));
        g.run();
        Loss lostResponse = new Loss(g, ExchangeType.INFORMATIONAL, true, 1);
        assertEquals(1, g.a.clearChildSas());
        g.run();
        assertTrue(g.installedB.isEmpty());
        assertEquals(1, g.installedA.size(), "removed only once the peer confirms");
        g.advance(T0);
        g.run();
        assertTrue(g.installedA.isEmpty());
        assertEquals(1, g.b.stats().get("retransmits-answered"));
        assertEquals(2, g.b.stats().get("deletes-received"), "the retransmission is not a second Delete");
        IkeExchangeTest.assertUp(g);
        assertEquals(2, lostResponse.seen.size());
    }

    @Test
    void lostIkeDeleteRequestIsRetransmitted() {
        TwoGateways g = upPair();
        new Loss(g, ExchangeType.INFORMATIONAL, false, 1);
        assertEquals(1, g.a.clearIkeSas(null));
        g.run();
        assertEquals(1, g.b.ikeSaCount());
        g.advance(T0);
        g.run();
        assertEquals(0, g.a.ikeSaCount());
        assertEquals(0, g.b.ikeSaCount());
    }

    /**
     * The responder forgets the IKE SA as soon as it has answered the Delete, so a retransmission
     * finds no SA there: the initiator gives up after its retries and removes the SA anyway.
     */
    @Test
    void lostIkeDeleteResponseEndsWithTheRetries() {
        TwoGateways g = upPair();
        new Loss(g, ExchangeType.INFORMATIONAL, true, Integer.MAX_VALUE);
        assertEquals(1, g.a.clearIkeSas(null));
        g.run();
        assertEquals(0, g.b.ikeSaCount());
        assertTrue(g.installedB.isEmpty());
        assertEquals(1, g.a.ikeSaCount());
        for (int i = 0; i <= RetransmitSettings.DEFAULT.retries(); i++) {
            g.advance(RetransmitSettings.DEFAULT.maxTimeoutMillis());
            g.run();
        }
        assertEquals(0, g.a.ikeSaCount());
        assertTrue(g.installedA.isEmpty());
        assertEquals(RetransmitSettings.DEFAULT.retries(), g.b.stats().get("invalid-spi"));
    }

    /** Like {@link IkeExchangeTest#manualPair()}, with A's requests retransmitted as {@code r} says. */
    static TwoGateways manualPairWith(RetransmitSettings r) {
        PeerConfig a = new PeerConfig("to-b", List.of(IkeExchangeTest.B), IkeExchangeTest.A,
                List.of(IkeExchangeTest.GCM_X25519), "secret".getBytes(StandardCharsets.US_ASCII), null, null, 28800,
                List.of(IkeExchangeTest.child("vpn1", IkeExchangeTest.SITE_A, IkeExchangeTest.SITE_B,
                        List.of(IkeExchangeTest.ESP_GCM), ChildConfig.StartAction.ON_TRAFFIC)), r);
        PeerConfig b = IkeExchangeTest.peer("to-a", IkeExchangeTest.B, IkeExchangeTest.A,
                List.of(IkeExchangeTest.GCM_X25519), "secret", List.of(IkeExchangeTest.child("vpn1",
                        IkeExchangeTest.SITE_B, IkeExchangeTest.SITE_A, List.of(IkeExchangeTest.ESP_GCM),
                        ChildConfig.StartAction.RESPONDER_ONLY)));
        return new TwoGateways(List.of(a), List.of(b), IkeExchangeTest.A, IkeExchangeTest.B);
    }

    /**
     * {@code retransmission count 4 initial-interval 1 max-interval 3}: the request goes out at 0,
     * then exactly 1, 2 (doubled) and 3, 3 seconds (capped) later: four retransmissions; 3 seconds
     * after the last one the exchange and its IKE SA are given up and counted. The clock moves a
     * millisecond at a time, so a retransmission a millisecond early or late would show.
     */
    @Test
    void configuredRetransmissionDoublesFromTheInitialIntervalUpToTheMaxThenGivesUp() {
        RetransmitSettings r = new RetransmitSettings(1_000, 3_000, 4);
        TwoGateways g = manualPairWith(r);
        long start = g.now;
        List<Long> sent = new ArrayList<>();
        g.drop = d -> {
            if (HostilePeer.isExchange(d.data(), ExchangeType.IKE_SA_INIT, false)) {
                sent.add(g.now - start);
            }
            return true;
        };
        assertTrue(g.a.initiate("to-b"));
        g.run();
        long gone = -1;
        while (g.now - start < 20_000 && gone < 0) {
            g.advance(1);
            g.run();
            if (g.a.ikeSaCount() == 0) {
                gone = g.now - start;
            }
        }
        assertEquals(List.of(0L, 1_000L, 3_000L, 6_000L, 9_000L), sent);
        assertEquals(12_000, gone, "given up one max-interval after the last retransmission");
        assertEquals(4, g.a.stats().get("retransmits-sent"));
        assertEquals(1, g.a.stats().get("timeouts"));
        assertTrue(g.logA.stream().anyMatch(l -> l.contains("no response after 5 transmissions")), g.logA.toString());
        assertEquals(0, g.b.ikeSaCount());
    }

    /** {@code retransmission count 0}: one transmission, and the SA is given up after the initial interval. */
    @Test
    void countZeroSendsTheRequestOnceOnly() {
        TwoGateways g = manualPairWith(new RetransmitSettings(5_000, 5_000, 0));
        g.a.initiate("to-b");
        g.run();
        IkeExchangeTest.assertUp(g);
        Loss loss = new Loss(g, ExchangeType.CREATE_CHILD_SA, false, Integer.MAX_VALUE);
        assertTrue(g.a.createChild("to-b", "vpn1"));
        g.run();
        g.advance(4_999);
        g.run();
        assertEquals(1, g.a.ikeSaCount());
        g.advance(1);
        g.run();
        assertEquals(1, loss.seen.size(), "never retransmitted");
        assertEquals(0, g.a.ikeSaCount(), "the IKE SA is given up with its exchange");
        assertEquals(0, g.a.stats().get("retransmits-sent"));
        assertEquals(1, g.a.stats().get("timeouts"));
    }
}
