package org.jiked.ike;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessage;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.NotifyPayload;
import org.junit.jupiter.api.Test;

/**
 * jiked as initiator against a responder that asks for a COOKIE (RFC 7296 section 2.6). The
 * responder here is a few lines of hand-written code answering IKE_SA_INIT with N(COOKIE); once
 * it is satisfied, the real responder engine takes over.
 *
 * <pre>
 *   A (jiked)                          fake responder / B
 *   HDR(SPIi, 0), SAi1, KEi, Ni  -->
 *                                <--  HDR(SPIi, 0), N(COOKIE)
 *   HDR(SPIi, 0), N(COOKIE), SAi1, KEi, Ni  -->   (B)
 *                                <--  HDR(SPIi, SPIr), SAr1, KEr, Nr
 * </pre>
 */
class CookieInitiatorTest {
    static final byte[] COOKIE = "cookie-0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static byte[] cookieAnswer(IkeMessage request, byte[] cookie) {
        IkeHeader h = IkeHeader.of(request.header().initiatorSpi(), 0, ExchangeType.IKE_SA_INIT, false, true, 0);
        return IkeMessageCodec.encode(h, List.of(NotifyPayload.of(NotifyType.COOKIE, cookie)));
    }

    @Test
    void initiatorRetriesWithTheCookieFirstAndEverythingElseUnchanged() {
        TwoGateways g = IkeExchangeTest.standardPair();
        HostilePeer p = new HostilePeer(g);
        g.a.start();
        assertEquals(1, g.inFlight.size());
        byte[] first = g.inFlight.poll().data();
        IkeMessage m1 = HostilePeer.decode(first);

        List<byte[]> sent = p.toInitiator(cookieAnswer(m1, COOKIE));
        assertEquals(1, sent.size(), g.logA.toString());
        byte[] second = sent.getFirst();
        IkeMessage m2 = HostilePeer.decode(second);
        assertEquals(m1.header().initiatorSpi(), m2.header().initiatorSpi());
        assertEquals(0, m2.header().responderSpi());
        assertEquals(0, m2.header().messageId());
        assertTrue(m2.payloads().getFirst() instanceof NotifyPayload n && n.notifyType() == NotifyType.COOKIE,
                "RFC 7296 2.6: the cookie is the first payload: " + m2.payloads());
        assertArrayEquals(COOKIE, ((NotifyPayload) m2.payloads().getFirst()).data());
        // "all other payloads unchanged": the rest of the message is the first request's chain, octet for octet
        int cookieLength = 8 + COOKIE.length;
        assertArrayEquals(Arrays.copyOfRange(first, IkeHeader.LENGTH, first.length),
                Arrays.copyOfRange(second, IkeHeader.LENGTH + cookieLength, second.length));

        // the real responder answers the retry and the SA comes up
        assertEquals(1, p.toResponder(second).size());
        g.inFlight.clear();
        g.b.receive(HostilePeer.B_500, HostilePeer.A_500, second); // retransmit: answered from B's cache
        g.run();
        IkeExchangeTest.assertUp(g);
        assertEquals(1, g.installedA.size());
    }

    @Test
    void aResponderThatAlwaysWantsACookieDoesNotKeepTheInitiatorLooping() {
        TwoGateways g = IkeExchangeTest.manualPair();
        HostilePeer p = new HostilePeer(g);
        g.a.initiate("to-b");
        int requests = 0;
        byte[] next = g.inFlight.poll().data();
        while (next != null && requests < 100) {
            requests++;
            byte[] cookie = ("cookie-" + requests).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            List<byte[]> sent = p.toInitiator(cookieAnswer(HostilePeer.decode(next), cookie));
            next = sent.isEmpty() ? null : sent.getFirst();
        }
        assertTrue(requests <= 5, requests + " IKE_SA_INIT requests for one SA");
        assertEquals(0, g.a.ikeSaCount(), g.logA.toString());
        assertEquals(1, g.a.stats().get("ike-sa-failed"));
        // and nothing is retransmitted for the abandoned SA
        g.advance(RetransmitSettings.DEFAULT.maxTimeoutMillis());
        assertTrue(g.inFlight.isEmpty());
    }
}
