package org.jiked.ike;

import static org.jiked.ike.HostilePeer.A_500;
import static org.jiked.ike.HostilePeer.B_500;
import static org.jiked.ike.HostilePeer.ikeSaInitRequest;
import static org.jiked.ike.HostilePeer.initErrorNotify;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessage;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.NotifyType;
import org.jiked.wire.ProtocolId;
import org.jiked.wire.TransformType;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;
import org.junit.jupiter.api.Test;

/**
 * Hostile IKE_SA_INIT requests against a responder (PITFALLS.md, "State machine", "Payload
 * parsing" and "Resources"). Each is answered with the notify RFC 7296 names, unprotected and
 * with a zero responder SPI (section 2.21.1), or dropped; each is counted; none leaves an IKE SA
 * behind or lets an exception out of {@link IkeEngine#receive}.
 *
 * <p>The key-exchange rules, as decided here: a KE payload whose group is not the group of the
 * chosen proposal (including reserved 0 and private-use 1024 / 65535) is INVALID_KE_PAYLOAD
 * naming the group we want (RFC 7296 sections 1.2 and 3.4). KE data of the right group that has
 * the wrong length, or a value RFC 6989 / RFC 7748 section 6 reject (all-zero or low-order
 * X25519, a point off the curve or "at infinity", MODP 0, 1 or p-1), is a value out of range:
 * INVALID_SYNTAX (RFC 7296 section 3.10.1), as strongSwan answers too.
 */
class HostileIkeSaInitTest {
    static final long SPI = 0x1122334455667788L;

    static TwoGateways pairWith(IkeProposalSpec spec) {
        return IkeExchangeTest.pair(List.of(spec), List.of(spec), "k", "k", List.of(IkeExchangeTest.ESP_GCM),
                List.of(IkeExchangeTest.ESP_GCM));
    }

    static void assertNoState(TwoGateways g) {
        assertEquals(0, g.b.ikeSaCount(), g.logB.toString());
        assertEquals(0, g.b.halfOpenCount());
        assertTrue(g.logB.stream().noneMatch(l -> l.startsWith("error")), g.logB.toString());
    }

    static KePayload x25519(byte[] data) {
        return new KePayload(TransformType.CURVE25519, data);
    }

    static byte[] validX25519() {
        byte[] u = new byte[32];
        u[0] = 9; // the base point: a valid public value
        return u;
    }

    @Test
    void initialRequestWithNonZeroResponderSpiIsDropped() {
        TwoGateways g = IkeExchangeTest.standardPair();
        HostilePeer p = new HostilePeer(g);
        byte[] request = ikeSaInitRequest(SPI, 0x77, x25519(validX25519()),
                List.of(IkeExchangeTest.GCM_X25519.toProposal(1, new byte[0])));
        assertTrue(p.toResponder(request).isEmpty(), "RFC 7296 3.1: the responder SPI of the first message is 0");
        assertEquals(1, g.b.stats().get("unexpected-messages"));
        assertEquals(0, g.b.stats().get("in-ike-sa-init-requests"));
        assertNoState(g);
    }

    @Test
    void keOfReservedOrPrivateGroupIsInvalidKePayloadNamingOurGroup() {
        TwoGateways g = IkeExchangeTest.standardPair();
        HostilePeer p = new HostilePeer(g);
        int n = 0;
        for (int group : new int[] {0, 1, 1024, 65535}) {
            int notify = initErrorNotify(p.toResponder(ikeSaInitRequest(SPI + group,
                    new KePayload(group, validX25519()))));
            assertEquals(NotifyType.INVALID_KE_PAYLOAD, notify, "group " + group);
            assertEquals(++n, g.b.stats().get("invalid-ke-sent"));
        }
        IkeMessage answer = HostilePeer.decode(p.toResponder(ikeSaInitRequest(SPI, new KePayload(1024,
                new byte[300]))).getFirst());
        assertArrayEquals(new byte[] {0, (byte) TransformType.CURVE25519},
                answer.notify(NotifyType.INVALID_KE_PAYLOAD).orElseThrow().data());
        assertNoState(g);
    }

    @Test
    void proposalNamingAReservedGroupIsNoProposalChosen() {
        TwoGateways g = IkeExchangeTest.standardPair();
        HostilePeer p = new HostilePeer(g);
        for (int group : new int[] {0, 1024, 65535}) {
            SaPayload.Proposal prop = new IkeProposalSpec(TransformType.ENCR_AES_GCM_16, 256,
                    TransformType.PRF_HMAC_SHA2_256, 0, group).toProposal(1, new byte[0]);
            int notify = initErrorNotify(p.toResponder(ikeSaInitRequest(SPI, 0, new KePayload(group, new byte[32]),
                    List.of(prop))));
            assertEquals(NotifyType.NO_PROPOSAL_CHOSEN, notify, "group " + group);
        }
        assertEquals(3, g.b.stats().get("no-proposal-chosen"));
        assertNoState(g);
    }

    @Test
    void keDataLongerOrShorterThanTheGroupIsInvalidSyntax() {
        TwoGateways g = IkeExchangeTest.standardPair();
        HostilePeer p = new HostilePeer(g);
        int[] lengths = {0, 1, 31, 33, 64, 256};
        for (int len : lengths) {
            byte[] data = new byte[len];
            if (len > 0) {
                data[0] = 9;
            }
            int notify = initErrorNotify(p.toResponder(ikeSaInitRequest(SPI + len, x25519(data))));
            assertEquals(NotifyType.INVALID_SYNTAX, notify, len + " octets of X25519 data");
        }
        assertEquals(lengths.length, g.b.stats().get("invalid-syntax-sent"));
        assertNoState(g);
    }

    @Test
    void allZeroAndLowOrderX25519ValuesAreInvalidSyntax() {
        TwoGateways g = IkeExchangeTest.standardPair();
        HostilePeer p = new HostilePeer(g);
        byte[] one = new byte[32];
        one[0] = 1;
        // p - 1 and p: both low order once reduced (RFC 7748 section 5 reduces u mod p)
        byte[] pMinus1 = littleEndian(BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(20)), 32);
        byte[] p25519 = littleEndian(BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19)), 32);
        List<byte[]> bad = List.of(new byte[32], one, pMinus1, p25519);
        for (byte[] u : bad) {
            int notify = initErrorNotify(p.toResponder(ikeSaInitRequest(SPI, x25519(u))));
            assertEquals(NotifyType.INVALID_SYNTAX, notify, new BigInteger(1, u).toString(16));
        }
        assertEquals(bad.size(), g.b.stats().get("invalid-syntax-sent"));
        assertNoState(g);
    }

    @Test
    void ecpPointsAtInfinityOrOffTheCurveAreInvalidSyntax() {
        TwoGateways g = pairWith(IkeExchangeTest.CBC_ECP);
        HostilePeer p = new HostilePeer(g);
        BigInteger prime = BigInteger.TWO.pow(256).subtract(BigInteger.TWO.pow(224)).add(BigInteger.TWO.pow(192))
                .add(BigInteger.TWO.pow(96)).subtract(BigInteger.ONE);
        byte[] xIsP = new byte[64];
        System.arraycopy(bigEndian(prime, 32), 0, xIsP, 0, 32);
        byte[] offCurve = new byte[64];
        offCurve[31] = 1;
        offCurve[63] = 1;
        List<byte[]> bad = List.of(new byte[64], xIsP, offCurve, new byte[65], new byte[1]);
        List<SaPayload.Proposal> prop = List.of(IkeExchangeTest.CBC_ECP.toProposal(1, new byte[0]));
        for (byte[] v : bad) {
            int notify = initErrorNotify(p.toResponder(ikeSaInitRequest(SPI, 0,
                    new KePayload(TransformType.ECP_256, v), prop)));
            assertEquals(NotifyType.INVALID_SYNTAX, notify);
        }
        assertEquals(bad.size(), g.b.stats().get("invalid-syntax-sent"));
        assertNoState(g);
    }

    @Test
    void modpValuesZeroOneAndPMinusOneAreInvalidSyntax() {
        TwoGateways g = pairWith(IkeExchangeTest.CBC_MODP);
        HostilePeer p = new HostilePeer(g);
        BigInteger prime = org.jiked.crypto.KeyExchangeTestAccess.modp2048();
        List<byte[]> bad = List.of(new byte[256], bigEndian(BigInteger.ONE, 256),
                bigEndian(prime.subtract(BigInteger.ONE), 256), bigEndian(prime, 256), new byte[255]);
        List<SaPayload.Proposal> prop = List.of(IkeExchangeTest.CBC_MODP.toProposal(1, new byte[0]));
        for (byte[] v : bad) {
            int notify = initErrorNotify(p.toResponder(ikeSaInitRequest(SPI, 0,
                    new KePayload(TransformType.MODP_2048, v), prop)));
            assertEquals(NotifyType.INVALID_SYNTAX, notify);
        }
        assertNoState(g);
    }

    @Test
    void missingSaKeOrNonceIsInvalidSyntax() {
        TwoGateways g = IkeExchangeTest.standardPair();
        HostilePeer p = new HostilePeer(g);
        SaPayload sa = new SaPayload(List.of(IkeExchangeTest.GCM_X25519.toProposal(1, new byte[0])));
        KePayload ke = x25519(validX25519());
        NoncePayload ni = new NoncePayload(new byte[32]);
        List<List<Payload>> cases = List.of(List.of(ke, ni), List.of(sa, ni), List.of(sa, ke), List.of());
        for (List<Payload> payloads : cases) {
            byte[] request = IkeMessageCodec.encode(IkeHeader.of(SPI, 0, ExchangeType.IKE_SA_INIT, true, false, 0),
                    payloads);
            assertEquals(NotifyType.INVALID_SYNTAX, initErrorNotify(p.toResponder(request)), payloads.toString());
        }
        assertEquals(cases.size(), g.b.stats().get("invalid-syntax-sent"));
        assertNoState(g);
    }

    @Test
    void proposalWithoutDhTransformIsNoProposalChosen() {
        TwoGateways g = IkeExchangeTest.standardPair();
        HostilePeer p = new HostilePeer(g);
        SaPayload.Proposal full = IkeExchangeTest.GCM_X25519.toProposal(1, new byte[0]);
        SaPayload.Proposal noDh = new SaPayload.Proposal(1, ProtocolId.IKE, new byte[0],
                full.transforms().stream().filter(t -> t.type() != TransformType.DH).toList());
        int notify = initErrorNotify(p.toResponder(ikeSaInitRequest(SPI, 0, x25519(validX25519()), List.of(noDh))));
        assertEquals(NotifyType.NO_PROPOSAL_CHOSEN, notify);
        assertEquals(1, g.b.stats().get("no-proposal-chosen"));
        assertNoState(g);
    }

    /** AES-CTR (13), AES-XCBC-96 integrity (5) and NULL_AUTH_AES_GMAC (21): jiked builds none of them. */
    @Test
    void transformsJikedCannotBuildAreNoProposalChosen() {
        TwoGateways g = pairWith(IkeExchangeTest.CBC_MODP);
        HostilePeer p = new HostilePeer(g);
        List<List<SaPayload.Transform>> unbuildable = List.of(
                List.of(SaPayload.Transform.withKeyLength(TransformType.ENCR, 13, 256),
                        SaPayload.Transform.of(TransformType.PRF, TransformType.PRF_HMAC_SHA2_256),
                        SaPayload.Transform.of(TransformType.INTEG, TransformType.AUTH_HMAC_SHA2_256_128),
                        SaPayload.Transform.of(TransformType.DH, TransformType.MODP_2048)),
                List.of(SaPayload.Transform.withKeyLength(TransformType.ENCR, TransformType.ENCR_AES_CBC, 256),
                        SaPayload.Transform.of(TransformType.PRF, TransformType.PRF_HMAC_SHA2_256),
                        SaPayload.Transform.of(TransformType.INTEG, 5),
                        SaPayload.Transform.of(TransformType.DH, TransformType.MODP_2048)),
                List.of(SaPayload.Transform.withKeyLength(TransformType.ENCR, 21, 256),
                        SaPayload.Transform.of(TransformType.PRF, TransformType.PRF_HMAC_SHA2_256),
                        SaPayload.Transform.of(TransformType.DH, TransformType.MODP_2048)));
        KePayload ke = new KePayload(TransformType.MODP_2048, bigEndian(BigInteger.TWO, 256));
        for (List<SaPayload.Transform> t : unbuildable) {
            SaPayload.Proposal prop = new SaPayload.Proposal(1, ProtocolId.IKE, new byte[0], t);
            assertEquals(NotifyType.NO_PROPOSAL_CHOSEN,
                    initErrorNotify(p.toResponder(ikeSaInitRequest(SPI, 0, ke, List.of(prop)))));
        }
        assertEquals(unbuildable.size(), g.b.stats().get("no-proposal-chosen"));
        assertNoState(g);

        // behind an unbuildable first proposal, a good second one is chosen and its number echoed
        SaPayload.Proposal bad = new SaPayload.Proposal(1, ProtocolId.IKE, new byte[0], unbuildable.getFirst());
        List<byte[]> sent = p.toResponder(ikeSaInitRequest(SPI, 0, ke,
                List.of(bad, IkeExchangeTest.CBC_MODP.toProposal(2, new byte[0]))));
        IkeMessage m = HostilePeer.decode(sent.getFirst());
        assertEquals(2, m.first(SaPayload.class).orElseThrow().proposals().getFirst().number());
        assertEquals(1, g.b.halfOpenCount());
    }

    @Test
    void ikev1AndFutureMajorVersionsAreDroppedUnanswered() {
        HostilePeer p = HostilePeer.established();
        TwoGateways g = p.g;
        long before = g.b.stats().get("decode-errors");
        IkeSa sa = p.responderSa();
        // an IKEv1 Main Mode message (RFC 2408 header: version 1.0, exchange 2) on the live SA's SPIs
        for (int version : new int[] {0x10, 0x30, 0xf0}) {
            byte[] m = new byte[28 + 4];
            putLong(m, 0, sa.spiI);
            putLong(m, 8, version == 0x10 ? 0 : sa.spiR);
            m[16] = 0;
            m[17] = (byte) version;
            m[18] = 2;
            m[27] = (byte) m.length;
            m[28] = 0;
            m[31] = 4;
            assertTrue(p.toResponder(m).isEmpty(), "RFC 7296 1.5: a version we do not speak is not answered");
        }
        assertEquals(before + 3, g.b.stats().get("decode-errors"));
        IkeExchangeTest.assertUp(g);
        // the SA still works
        assertTrue(g.a.createChild("to-b", "vpn1"));
        g.run();
        assertEquals(2, g.installedB.size(), g.logB.toString());
    }

    /**
     * A flood of IKE_SA_INIT from a source that never returns a cookie: with the default session
     * settings the half-open SAs stop at the send-cookie threshold (half of max-count), every
     * request past it is answered with a COOKIE and costs no key exchange, the half-open timeout
     * clears the rest, and a real initiator gets through. {@code -Djiked.test.flood=10000} sends
     * the 10,000 of the hardening brief.
     */
    @Test
    void ikeSaInitFloodIsHeldAtTheCookieThresholdAndClearedByTheHalfOpenTimeout() {
        TwoGateways g = IkeExchangeTest.standardPair();
        KePayload ke = x25519(validX25519());
        int flood = Integer.getInteger("jiked.test.flood", 2_000);
        int threshold = SessionSettings.DEFAULT.sendCookieThreshold();
        List<byte[]> answers = new ArrayList<>();
        for (int i = 1; i <= flood; i++) {
            g.b.receive(B_500, A_500, ikeSaInitRequest(0x5100_0000_0000_0000L + i, ke));
            if (!g.inFlight.isEmpty()) {
                answers.add(g.inFlight.poll().data());
            }
            g.inFlight.clear();
        }
        assertEquals(flood, answers.size(), "each request is answered: by a response or by a COOKIE");
        assertEquals(flood, g.b.stats().get("in-ike-sa-init-requests"));
        assertEquals(threshold, g.b.ikeSaCount());
        assertEquals(threshold, g.b.halfOpenCount());
        assertEquals(threshold, g.b.stats().get("key-exchanges"));
        assertEquals(flood - threshold, g.b.stats().get("cookies-sent"));
        g.advance(SessionSettings.DEFAULT.halfOpenTimeoutMillis() / 2);
        assertEquals(threshold, g.b.ikeSaCount());
        g.advance(SessionSettings.DEFAULT.halfOpenTimeoutMillis());
        assertEquals(0, g.b.ikeSaCount());
        assertEquals(0, g.b.halfOpenCount());
        assertEquals(threshold, g.b.stats().get("timeouts"));

        // and the real initiator still gets through
        g.a.start();
        g.run();
        IkeExchangeTest.assertUp(g);
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    static byte[] bigEndian(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int n = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - n, out, len - n, n);
        return out;
    }

    static byte[] littleEndian(BigInteger v, int len) {
        byte[] be = bigEndian(v, len);
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = be[len - 1 - i];
        }
        return out;
    }
}
