package org.jiked.ike;

import static org.jiked.ike.HostilePeer.A_500;
import static org.jiked.ike.HostilePeer.B_500;
import static org.jiked.ike.HostilePeer.ikeSaInitRequest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessage;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;
import org.junit.jupiter.api.Test;

/**
 * {@code security ike session half-open} (RFC 8019 section 4.1 and RFC 7296 section 2.6), with
 * the injected clock: each defence against a flood of IKE_SA_INIT, and each time a legitimate
 * initiator (engine A, which answers cookies) still gets its tunnel.
 */
class HalfOpenProtectionTest {
    static final long MINUTE = 60_000;

    static SessionSettings settings(int maxCount, int sendCookie, int reduceAt, long reducedMillis,
                                    boolean discardDuplicate, long initBackoff, long authBackoff) {
        return new SessionSettings(MINUTE, maxCount, sendCookie, reduceAt, reducedMillis, discardDuplicate,
                initBackoff, authBackoff, null);
    }

    static TwoGateways pairWith(SessionSettings s) {
        TwoGateways g = IkeExchangeTest.standardPair();
        g.responderSession(s);
        return g;
    }

    static KePayload ke() {
        return HostileIkeSaInitTest.x25519(HostileIkeSaInitTest.validX25519());
    }

    /** Sends {@code n} spoofed-looking IKE_SA_INIT requests (from A's address, never completed); returns the answers. */
    static List<byte[]> flood(TwoGateways g, int n, long firstSpi) {
        List<byte[]> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.addAll(new HostilePeer(g).toResponder(ikeSaInitRequest(firstSpi + i, ke())));
        }
        return answers;
    }

    static boolean isCookie(byte[] answer) {
        IkeMessage m = HostilePeer.decode(answer);
        return m.payloads().size() == 1 && m.notify(NotifyType.COOKIE).isPresent();
    }

    static byte[] withCookie(long spi, byte[] nonce, byte[] cookie) {
        List<Payload> payloads = new ArrayList<>();
        if (cookie != null) {
            payloads.add(NotifyPayload.of(NotifyType.COOKIE, cookie));
        }
        payloads.add(new SaPayload(List.of(IkeExchangeTest.GCM_X25519.toProposal(1, new byte[0]))));
        payloads.add(ke());
        payloads.add(new NoncePayload(nonce));
        return IkeMessageCodec.encode(IkeHeader.of(spi, 0, ExchangeType.IKE_SA_INIT, true, false, 0), payloads);
    }

    @Test
    void pastSendCookieRequestsGetACookieAndCostNoKeyExchange() {
        TwoGateways g = pairWith(settings(100, 5, 0, 0, false, 0, 0));
        List<byte[]> answers = flood(g, 50, 0x7000);
        assertEquals(50, answers.size());
        assertEquals(5, answers.stream().filter(a -> !isCookie(a)).count());
        assertEquals(45, g.b.stats().get("cookies-sent"));
        assertEquals(5, g.b.stats().get("key-exchanges"), "no DH before the cookie check past the threshold");
        assertEquals(5, g.b.halfOpenCount());

        // the legitimate initiator returns the cookie and is served
        g.a.start();
        g.run();
        IkeExchangeTest.assertUp(g);
        assertEquals(1, g.b.stats().get("cookies-accepted"));
        assertEquals(6, g.b.stats().get("key-exchanges"));
    }

    @Test
    void cookieIsBoundToNonceAddressAndSpiAndSurvivesOneRotation() {
        TwoGateways g = pairWith(settings(100, 1, 0, 0, false, 0, 0));
        flood(g, 1, 0x100);
        HostilePeer p = new HostilePeer(g);
        byte[] ni = new byte[32];
        ni[0] = 1;
        byte[] cookie = HostilePeer.decode(p.toResponder(withCookie(0x200, ni, null)).getFirst())
                .notify(NotifyType.COOKIE).orElseThrow().data();
        // a forged or misbound cookie earns a new cookie and no state
        byte[] forged = cookie.clone();
        forged[5] ^= 1;
        assertTrue(isCookie(p.toResponder(withCookie(0x200, ni, forged)).getFirst()));
        assertTrue(isCookie(p.toResponder(withCookie(0x201, ni, cookie)).getFirst()), "another SPI");
        byte[] otherNonce = ni.clone();
        otherNonce[1] = 7;
        assertTrue(isCookie(p.toResponder(withCookie(0x200, otherNonce, cookie)).getFirst()), "another nonce");
        List<byte[]> fromElsewhere = new ArrayList<>();
        g.b.receive(B_500, new InetSocketAddress(InetAddress.ofLiteral("192.0.2.99"), 500),
                withCookie(0x200, ni, cookie));
        fromElsewhere.add(g.inFlight.poll().data());
        assertTrue(isCookie(fromElsewhere.getFirst()), "another address");
        assertEquals(1, g.b.stats().get("key-exchanges"));
        assertEquals(1, g.b.halfOpenCount());

        // after one rotation the cookie is still good
        g.now += CookieSecrets.ROTATION_MILLIS;
        assertFalse(isCookie(p.toResponder(withCookie(0x200, ni, cookie)).getFirst()));
        assertEquals(2, g.b.halfOpenCount());
        // after two it is not
        byte[] cookie2 = g.b.halfOpen.cookies.make(ni, A_500.getAddress(), 0x300, g.now);
        g.now += 2 * CookieSecrets.ROTATION_MILLIS;
        assertTrue(isCookie(p.toResponder(withCookie(0x300, ni, cookie2)).getFirst()));
    }

    @Test
    void atMaxCountNewRequestsAreDroppedUntilHalfOpenSasTimeOut() {
        TwoGateways g = pairWith(settings(10, 0, 0, 0, false, 0, 0));
        List<byte[]> answers = flood(g, 25, 0x1000);
        assertEquals(10, answers.size(), "requests past max-count are dropped unanswered");
        assertEquals(15, g.b.stats().get("half-open-max-count-drops"));
        assertEquals(10, g.b.stats().get("key-exchanges"));
        // a legitimate peer is refused too while the table is full...
        g.a.start();
        g.run();
        assertEquals(0, g.b.stats().get("ike-sa-established"));
        // ...and served once the half-open SAs time out (its own retransmissions carry it)
        for (int i = 0; i < 40 && g.b.stats().get("ike-sa-established") == 0; i++) {
            g.advance(2_000);
            g.run();
        }
        assertEquals(1, g.b.stats().get("ike-sa-established"), String.join("\n", g.logB));
        assertEquals(0, g.b.halfOpenCount());
    }

    /**
     * {@code half-open timeout 10}: an IKE SA whose IKE_AUTH never arrives is kept exactly 10
     * seconds after IKE_SA_INIT was answered, then forgotten and counted; the initiator's late
     * retransmission of IKE_AUTH then finds no SA.
     */
    @Test
    void theConfiguredHalfOpenTimeoutForgetsAnSaWhoseIkeAuthNeverCame() {
        TwoGateways g = pairWith(new SessionSettings(10_000, 300, 0, 0, 0, false, 0, 0, null));
        List<Long> authSent = new ArrayList<>();
        long start = g.now;
        g.drop = d -> {
            if (!HostilePeer.isExchange(d.data(), ExchangeType.IKE_AUTH, false)) {
                return false;
            }
            authSent.add(g.now - start);
            return g.now - start < 10_000;
        };
        g.a.start();
        g.run();
        assertEquals(1, g.b.halfOpenCount());
        for (long step : new long[] {2_000, 4_000, 3_999}) {
            g.advance(step);
            g.run();
        }
        assertEquals(1, g.b.halfOpenCount());
        assertEquals(1, g.b.ikeSaCount());
        g.advance(1);
        g.run();
        assertEquals(0, g.b.halfOpenCount());
        assertEquals(0, g.b.ikeSaCount());
        assertEquals(1, g.b.stats().get("timeouts"));
        assertTrue(g.logB.stream().anyMatch(l -> l.contains("half-open IKE SA timed out")), g.logB.toString());
        // A's next retransmission (at 14 s) gets through, but too late
        g.advance(4_000);
        g.run();
        assertEquals(List.of(0L, 2_000L, 6_000L, 14_000L), authSent);
        assertEquals(1, g.b.stats().get("invalid-spi"));
        assertEquals(0, g.b.stats().get("ike-sa-established"));
    }

    @Test
    void pastReduceTimeoutNewHalfOpenSasExpireSooner() {
        TwoGateways g = pairWith(settings(100, 0, 3, 5_000, false, 0, 0));
        flood(g, 5, 0x2000);
        assertEquals(5, g.b.halfOpenCount());
        g.advance(6_000);
        assertEquals(3, g.b.halfOpenCount(), "the two beyond the threshold had the reduced timeout");
        g.advance(MINUTE);
        assertEquals(0, g.b.halfOpenCount());
    }

    @Test
    void discardDuplicateDropsASecondHalfOpenSaFromTheSameAddress() {
        TwoGateways g = pairWith(settings(100, 0, 0, 0, true, 0, 0));
        assertEquals(1, flood(g, 1, 0x3000).size());
        assertEquals(0, flood(g, 3, 0x3100).size());
        assertEquals(3, g.b.stats().get("half-open-duplicate-drops"));
        // a retransmission of the first request is no duplicate: it is answered from the cache
        assertEquals(1, flood(g, 1, 0x3000).size());
        assertEquals(1, g.b.halfOpenCount());
    }

    @Test
    void initPhaseFailureBacksTheAddressOff() {
        TwoGateways g = pairWith(settings(100, 0, 0, 0, false, 30_000, 0));
        HostilePeer p = new HostilePeer(g);
        SaPayload.Proposal unwanted = new IkeProposalSpec(org.jiked.wire.TransformType.ENCR_AES_CBC, 128,
                org.jiked.wire.TransformType.PRF_HMAC_SHA1, org.jiked.wire.TransformType.AUTH_HMAC_SHA1_96,
                org.jiked.wire.TransformType.CURVE25519).toProposal(1, new byte[0]);
        assertEquals(NotifyType.NO_PROPOSAL_CHOSEN,
                HostilePeer.initErrorNotify(p.toResponder(ikeSaInitRequest(0x4000, 0, ke(), List.of(unwanted)))));
        assertTrue(flood(g, 1, 0x4100).isEmpty(), "backed off");
        assertEquals(1, g.b.stats().get("backoff-drops"));
        assertTrue(g.logB.stream().anyMatch(l -> l.contains("IKE_GATEWAY_PEER_BACKOFF")));
        g.advance(31_000);
        assertEquals(1, flood(g, 1, 0x4200).size());
    }

    @Test
    void authPhaseFailureBacksTheAddressOff() {
        TwoGateways g = IkeExchangeTest.pair(List.of(IkeExchangeTest.GCM_X25519), List.of(IkeExchangeTest.GCM_X25519),
                "wrong", "secret", List.of(IkeExchangeTest.ESP_GCM), List.of(IkeExchangeTest.ESP_GCM));
        g.responderSession(settings(100, 0, 0, 0, false, 0, 45_000));
        g.a.initiate("to-b");
        g.run();
        assertEquals(1, g.b.stats().get("auth-failures"));
        assertTrue(flood(g, 1, 0x5000).isEmpty());
        g.advance(46_000);
        assertEquals(1, flood(g, 1, 0x5100).size());
    }

    @Test
    void lateIkeSaInitRetransmissionOfAnEstablishedSaIsAnsweredFromTheCache() {
        TwoGateways g = IkeExchangeTest.standardPair();
        List<byte[]> initRequests = new ArrayList<>();
        g.drop = d -> {
            if (d.to().getAddress().equals(g.addressB) && d.data()[18] == ExchangeType.IKE_SA_INIT) {
                initRequests.add(d.data());
            }
            return false;
        };
        g.a.start();
        g.run();
        IkeExchangeTest.assertUp(g);
        byte[] response = g.b.ikeSas().isEmpty() ? null : new HostilePeer(g).responderSa().initResponse;
        List<byte[]> answer = new HostilePeer(g).toResponder(initRequests.getFirst());
        assertEquals(1, answer.size());
        assertArrayEquals(response, answer.getFirst());
        assertEquals(1, g.b.ikeSaCount(), "no second SA");
        assertEquals(1, g.b.stats().get("key-exchanges"));
    }

    /**
     * RFC 8019's second attack: junk IKE_AUTH on valid SPIs. Each fails the ICV check (one AES-GCM
     * tag computation, no state), none is answered, nothing accumulates on the SA, the counters
     * show them, and the real IKE_AUTH still completes.
     */
    @Test
    void junkIkeAuthFloodOnValidSpisDecryptsNothingAndLeavesNoState() {
        HostilePeer p = HostilePeer.halfOpen();
        TwoGateways g = p.g;
        byte[] real = p.initiatorSa().outstanding.datagrams.getFirst();
        java.util.Random random = new java.util.Random(6);
        int flood = 5_000;
        for (int i = 0; i < flood; i++) {
            byte[] junk = real.clone();
            // everything after the SK payload header: IV, ciphertext and ICV are noise
            for (int k = IkeHeader.LENGTH + 4; k < junk.length; k++) {
                junk[k] = (byte) random.nextInt();
            }
            assertTrue(p.toResponder(junk).isEmpty());
        }
        assertEquals(flood, g.b.stats().get("integrity-failures"));
        IkeSa b = p.responderSa();
        assertEquals(IkeSa.State.INIT_DONE, b.state);
        assertEquals(1, b.expectedPeerRequestId);
        assertEquals(null, b.lastResponse);
        assertFalse(b.reassembly.isCollecting());
        assertEquals(1, g.b.ikeSaCount());
        g.advance(RetransmitSettings.DEFAULT.timeout(0));
        g.run();
        IkeExchangeTest.assertUp(g);
    }
}
