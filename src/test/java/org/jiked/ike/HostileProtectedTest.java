package org.jiked.ike;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jiked.wire.AuthMethod;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.NotifyType;
import org.jiked.wire.PayloadType;
import org.jiked.wire.payload.AuthPayload;
import org.jiked.wire.payload.ConfigPayload;
import org.jiked.wire.payload.IdPayload;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.UnknownPayload;
import org.jiked.wire.payload.VendorIdPayload;
import org.junit.jupiter.api.Test;

/**
 * Hostile protected messages (PITFALLS.md, "Payload parsing" and "Resources"): malformed content
 * behind a valid ICV, junk on a valid SPI, streams of message IDs, replays and stray responses.
 * RFC 7296 section 2.21.2 draws the line: only what passed the ICV with the expected message ID
 * may be answered; everything else is dropped and counted, and the SA goes on working.
 */
class HostileProtectedTest {

    /** A TS payload body: count, three reserved octets, then one selector of the given type and length. */
    static UnknownPayload rawTs(boolean responder, int count, int tsType, int selectorLength) {
        byte[] body = new byte[4 + (count == 0 ? 0 : Math.max(selectorLength, 4))];
        body[0] = (byte) count;
        if (count > 0) {
            body[4] = (byte) tsType;
            body[6] = (byte) (selectorLength >>> 8);
            body[7] = (byte) selectorLength;
        }
        if (count > 0 && selectorLength >= 8) {
            body[10] = (byte) 0xff; // end port 65535
            body[11] = (byte) 0xff;
        }
        return new UnknownPayload(responder ? PayloadType.TSR : PayloadType.TSI, false, body);
    }

    /** An IKE_AUTH request the initiator could send, but with the given traffic selector payloads. */
    static List<Payload> ikeAuthWith(HostilePeer p, Payload tsi, Payload tsr) {
        IkeSa a = p.initiatorSa();
        Identity me = IkeAuth.localIdentity(a);
        IdPayload idi = new IdPayload(false, me.idType(), me.data());
        byte[] octets = PskAuthentication.signedOctets(a.prf, a.initRequest, a.nr, a.keys.skPi(), idi);
        List<Payload> out = new ArrayList<>();
        out.add(idi);
        out.add(new AuthPayload(AuthMethod.SHARED_KEY_MIC, PskAuthentication.compute(a.prf, a.peer.preSharedKey(),
                octets)));
        out.add(ChildNegotiation.offer(a.peer.children().getFirst(), 0x4000, false));
        out.add(tsi);
        out.add(tsr);
        return out;
    }

    @Test
    void unknownTrafficSelectorTypeOrZeroSelectorsInIkeAuthIsInvalidSyntax() {
        List<UnknownPayload[]> cases = List.of(
                new UnknownPayload[] {rawTs(false, 1, 9, 16), rawTs(true, 1, 7, 16)}, // TS_FC_ADDR_RANGE (RFC 4595)
                new UnknownPayload[] {rawTs(false, 1, 200, 16), rawTs(true, 1, 7, 16)},
                new UnknownPayload[] {rawTs(false, 0, 0, 0), rawTs(true, 1, 7, 16)},
                new UnknownPayload[] {rawTs(false, 1, 7, 16), rawTs(true, 1, 7, 3)}); // below the selector header
        for (UnknownPayload[] ts : cases) {
            HostilePeer p = HostilePeer.halfOpen();
            TwoGateways g = p.g;
            long ikeAuthId = p.initiatorSa().outstanding.messageId;
            List<byte[]> sent = p.toResponder(p.requestFromInitiator(ExchangeType.IKE_AUTH, ikeAuthId,
                    ikeAuthWith(p, ts[0], ts[1])));
            assertEquals(1, sent.size(), g.logB.toString());
            assertEquals(NotifyType.INVALID_SYNTAX, HostilePeer.onlyNotify(p.openFromResponder(sent.getFirst())));
            assertEquals(1, g.b.stats().get("decode-errors"));
            assertEquals(0, g.b.stats().get("ike-sa-established"));
            // the IKE_AUTH failed, so the half-open SA is gone (RFC 7296 2.21.2)
            assertEquals(0, g.b.ikeSaCount(), g.logB.toString());
            assertEquals(0, g.b.halfOpenCount());
            assertTrue(g.installedB.isEmpty());
        }
    }

    @Test
    void unknownTrafficSelectorTypeInCreateChildSaKeepsTheIkeSa() {
        HostilePeer p = HostilePeer.established();
        TwoGateways g = p.g;
        List<Payload> payloads = new ArrayList<>(p.createChildPayloads(0x4100));
        payloads.removeIf(x -> x.type() == PayloadType.TSI);
        payloads.add(rawTs(false, 1, 200, 16));
        List<byte[]> sent = p.toResponder(p.requestFromInitiator(ExchangeType.CREATE_CHILD_SA, payloads));
        assertEquals(NotifyType.INVALID_SYNTAX, HostilePeer.onlyNotify(p.openFromResponder(sent.getFirst())));
        assertEquals(1, g.b.stats().get("decode-errors"));
        IkeExchangeTest.assertUp(g);
        assertEquals(1, g.installedB.size());
        assertTrue(g.a.createChild("to-b", "vpn1"));
        g.run();
        assertEquals(2, g.installedB.size(), g.logB.toString());
    }

    @Test
    void informationalWithUnexpectedPayloadsIsAnsweredEmptyAndChangesNothing() {
        HostilePeer p = HostilePeer.established();
        TwoGateways g = p.g;
        List<Payload> junk = new ArrayList<>(p.createChildPayloads(0x4200)); // SA, Ni, TSi, TSr
        junk.add(new KePayload(31, new byte[32]));
        junk.add(new IdPayload(false, 1, new byte[] {(byte) 192, 0, 2, 1}));
        junk.add(new AuthPayload(AuthMethod.SHARED_KEY_MIC, new byte[32]));
        junk.add(new ConfigPayload(1, List.of()));
        junk.add(new VendorIdPayload(new byte[16]));
        junk.add(new NoncePayload(new byte[16]));
        junk.add(NotifyPayload.of(NotifyType.COOKIE, new byte[8]));
        junk.add(NotifyPayload.of(NotifyType.INITIAL_CONTACT));
        junk.add(new NotifyPayload(3, ProposalSelector.spiBytes(p.initiatorSa().children.getFirst().inboundSpi()),
                NotifyType.REKEY_SA, new byte[0]));
        junk.add(new UnknownPayload(200, false, new byte[5]));
        List<byte[]> sent = p.toResponder(p.requestFromInitiator(ExchangeType.INFORMATIONAL, junk));
        assertEquals(1, sent.size());
        assertTrue(p.openFromResponder(sent.getFirst()).isEmpty());
        assertEquals(junk.size() - 1, g.b.stats().get("ignored-payloads"), "the unknown payload is skipped earlier");
        IkeExchangeTest.assertUp(g);
        assertEquals(1, g.installedB.size());
        assertEquals(1, p.responderSa().children.size());
        assertTrue(g.logB.stream().noneMatch(l -> l.startsWith("error")), g.logB.toString());
    }

    @Test
    void junkIkeAuthOnAValidSpiIsDroppedAndTheRealOneStillCompletes() {
        HostilePeer p = HostilePeer.halfOpen();
        TwoGateways g = p.g;
        byte[] real = p.initiatorSa().outstanding.datagrams.getFirst();

        byte[] badIcv = real.clone();
        badIcv[badIcv.length - 1] ^= 1;
        assertTrue(p.toResponder(badIcv).isEmpty());
        byte[] badCiphertext = real.clone();
        badCiphertext[IkeHeader.LENGTH + 20] ^= (byte) 0x80;
        assertTrue(p.toResponder(badCiphertext).isEmpty());
        assertEquals(2, g.b.stats().get("integrity-failures"));

        // malformed before the SK payload: nothing is authenticated yet, so nothing may be answered
        byte[] badSkLength = real.clone();
        badSkLength[IkeHeader.LENGTH + 2] = (byte) 0xff;
        assertTrue(p.toResponder(badSkLength).isEmpty(), "an unauthenticated INVALID_SYNTAX was answered");
        byte[] criticalOuter = withUnknownCriticalPayloadFirst(real);
        assertTrue(p.toResponder(criticalOuter).isEmpty(),
                "an unauthenticated UNSUPPORTED_CRITICAL_PAYLOAD was answered");
        assertEquals(2, g.b.stats().get("decode-errors"));

        IkeSa b = p.responderSa();
        assertEquals(IkeSa.State.INIT_DONE, b.state);
        assertEquals(1, b.expectedPeerRequestId);
        assertEquals(null, b.lastResponse, "no response may be cached for a message that was not authenticated");
        g.advance(RetransmitSettings.DEFAULT.timeout(0));
        g.run();
        IkeExchangeTest.assertUp(g);
        assertEquals(1, g.installedB.size());
    }

    @Test
    void junkOnAnEstablishedSasSpiIsDroppedAndTheSaKeepsWorking() {
        HostilePeer p = HostilePeer.established();
        TwoGateways g = p.g;
        byte[] info = p.requestFromInitiator(ExchangeType.INFORMATIONAL, p.initiatorSa().nextRequestId, List.of());
        byte[] badIcv = info.clone();
        badIcv[badIcv.length - 1] ^= 1;
        assertTrue(p.toResponder(badIcv).isEmpty());
        byte[] badSkLength = info.clone();
        badSkLength[IkeHeader.LENGTH + 2] = (byte) 0xff;
        assertTrue(p.toResponder(badSkLength).isEmpty());
        assertTrue(p.toResponder(withUnknownCriticalPayloadFirst(info)).isEmpty());
        byte[] truncated = Arrays.copyOf(info, info.length - 4);
        assertTrue(p.toResponder(truncated).isEmpty());
        assertEquals(1, g.b.stats().get("integrity-failures"));
        assertEquals(3, g.b.stats().get("decode-errors"));
        assertTrue(g.a.createChild("to-b", "vpn1"));
        g.run();
        assertEquals(2, g.installedB.size(), g.logB.toString());
    }

    @Test
    void streamOfDistinctMessageIdsAheadOfTheWindowIsDroppedWithoutState() {
        HostilePeer p = HostilePeer.established();
        TwoGateways g = p.g;
        IkeSa b = p.responderSa();
        long expected = b.expectedPeerRequestId;
        java.util.List<byte[]> cached = b.lastResponse;
        int n = 10_000;
        for (int i = 1; i <= n; i++) {
            long id = i == n ? 0xffffffffL : expected + i;
            assertTrue(p.toResponder(p.requestFromInitiator(ExchangeType.INFORMATIONAL, id, List.of())).isEmpty());
        }
        assertEquals(n, g.b.stats().get("invalid-message-id"));
        assertEquals(expected, b.expectedPeerRequestId);
        assertSame(cached, b.lastResponse);
        assertTrue(b.queued.isEmpty());
        assertEquals(2, g.b.stats().get("out-packets"), "only the two responses of the set-up were sent");
        assertTrue(g.a.createChild("to-b", "vpn1"));
        g.run();
        assertEquals(2, g.installedB.size());
    }

    @Test
    void replayedRequestsAreAnsweredFromTheCacheOrDroppedNeverProcessedTwice() {
        TwoGateways g = IkeExchangeTest.standardPair();
        List<byte[]> requests = new ArrayList<>();
        List<byte[]> responses = new ArrayList<>();
        g.drop = d -> {
            try {
                var h = IkeMessageCodec.decodeHeader(d.data());
                (h.isResponse() ? responses : requests).add(d.data());
            } catch (org.jiked.wire.IkeDecodeException e) {
                throw new AssertionError(e);
            }
            return false;
        };
        g.a.start();
        g.run();
        assertTrue(g.a.createChild("to-b", "vpn1"));
        g.run();
        assertEquals(2, g.installedB.size());
        HostilePeer p = new HostilePeer(g);
        byte[] ikeAuth = requests.get(1);
        byte[] createChild = requests.get(2);

        // the latest request again: the cached response, byte for byte, and no third CHILD_SA
        List<byte[]> sent = p.toResponder(createChild);
        assertEquals(1, sent.size());
        assertArrayEquals(responses.get(2), sent.getFirst());
        assertEquals(1, g.b.stats().get("retransmits-answered"));
        assertEquals(2, g.installedB.size());

        // one more exchange, then the older requests are outside the window and dropped
        assertEquals(1, g.a.clearChildSas() > 0 ? 1 : 0);
        g.run();
        long invalid = g.b.stats().get("invalid-message-id");
        assertTrue(p.toResponder(createChild).isEmpty());
        assertTrue(p.toResponder(ikeAuth).isEmpty());
        assertEquals(invalid + 2, g.b.stats().get("invalid-message-id"));
        assertTrue(g.installedB.size() < 2);
        assertEquals(1, g.b.stats().get("ike-sa-established"));
        IkeExchangeTest.assertUp(g);
    }

    @Test
    void responsesWithUnknownMessageIdsAreDropped() {
        HostilePeer p = HostilePeer.established();
        TwoGateways g = p.g;
        IkeSa b = p.responderSa();
        IkeSa a = p.initiatorSa();
        // nothing outstanding: any response is stray
        for (long id : new long[] {0, 1, a.nextRequestId, a.nextRequestId + 5, 0xffffffffL}) {
            IkeHeader h = IkeHeader.of(b.spiI, b.spiR, ExchangeType.INFORMATIONAL, false, true, id);
            assertTrue(p.toInitiator(IkeMessageCodec.encodeProtected(h, List.of(), b.sendCipher)).isEmpty());
        }
        assertEquals(5, g.a.stats().get("invalid-message-id"));

        // a request outstanding: a response with another ID, or with a bad ICV, leaves it outstanding
        assertTrue(g.a.createChild("to-b", "vpn1"));
        IkeSa.OutstandingRequest out = a.outstanding;
        assertNotNull(out);
        IkeHeader wrongId = IkeHeader.of(b.spiI, b.spiR, ExchangeType.CREATE_CHILD_SA, false, true, out.messageId + 1);
        assertTrue(p.toInitiator(IkeMessageCodec.encodeProtected(wrongId, List.of(
                NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN)), b.sendCipher)).isEmpty());
        IkeHeader rightId = IkeHeader.of(b.spiI, b.spiR, ExchangeType.CREATE_CHILD_SA, false, true, out.messageId);
        byte[] forged = IkeMessageCodec.encodeProtected(rightId, List.of(
                NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN)), b.sendCipher);
        forged[forged.length - 1] ^= 1;
        assertTrue(p.toInitiator(forged).isEmpty());
        assertSame(out, a.outstanding);
        assertEquals(0, g.a.stats().get("child-sa-failed"));
        g.run();
        assertEquals(2, g.installedA.size(), g.logA.toString());
    }

    /**
     * CREATE_CHILD_SA with PFS: the same rules as IKE_SA_INIT. A KE of another group (reserved,
     * private use) is INVALID_KE_PAYLOAD naming ours; KE data of our group that is the wrong
     * size or not a point on the curve is INVALID_SYNTAX. Neither costs the IKE SA.
     */
    @Test
    void createChildSaWithABadPfsKeyExchangeInstallsNothing() {
        ChildProposalSpec pfs = new ChildProposalSpec(org.jiked.wire.TransformType.ENCR_AES_GCM_16, 128, 0,
                org.jiked.wire.TransformType.ECP_256, false);
        TwoGateways g = new TwoGateways(
                List.of(IkeExchangeTest.peer("to-b", IkeExchangeTest.A, IkeExchangeTest.B,
                        List.of(IkeExchangeTest.GCM_X25519), "k", List.of(IkeExchangeTest.child("vpn1",
                                IkeExchangeTest.SITE_A, IkeExchangeTest.SITE_B, List.of(pfs),
                                ChildConfig.StartAction.IMMEDIATELY)))),
                List.of(IkeExchangeTest.peer("to-a", IkeExchangeTest.B, IkeExchangeTest.A,
                        List.of(IkeExchangeTest.GCM_X25519), "k", List.of(IkeExchangeTest.child("vpn1",
                                IkeExchangeTest.SITE_B, IkeExchangeTest.SITE_A, List.of(pfs),
                                ChildConfig.StartAction.RESPONDER_ONLY)))),
                IkeExchangeTest.A, IkeExchangeTest.B);
        g.a.start();
        g.run();
        IkeExchangeTest.assertUp(g);
        HostilePeer p = new HostilePeer(g);
        record Case(KePayload ke, int expected) {}
        byte[] offCurve = new byte[64];
        offCurve[31] = 1;
        offCurve[63] = 1;
        List<Case> cases = List.of(
                new Case(new KePayload(0, new byte[64]), NotifyType.INVALID_KE_PAYLOAD),
                new Case(new KePayload(1024, new byte[64]), NotifyType.INVALID_KE_PAYLOAD),
                new Case(new KePayload(65535, new byte[64]), NotifyType.INVALID_KE_PAYLOAD),
                new Case(new KePayload(org.jiked.wire.TransformType.ECP_256, new byte[64]), NotifyType.INVALID_SYNTAX),
                new Case(new KePayload(org.jiked.wire.TransformType.ECP_256, offCurve), NotifyType.INVALID_SYNTAX),
                new Case(new KePayload(org.jiked.wire.TransformType.ECP_256, new byte[63]), NotifyType.INVALID_SYNTAX));
        int n = 0;
        for (Case c : cases) {
            List<Payload> payloads = new ArrayList<>(p.createChildPayloads(0x4300 + n));
            payloads.add(2, c.ke());
            List<byte[]> sent = p.toResponder(p.requestFromInitiator(ExchangeType.CREATE_CHILD_SA, payloads));
            assertEquals(1, sent.size());
            List<Payload> answer = p.openFromResponder(sent.getFirst());
            assertEquals(c.expected(), HostilePeer.onlyNotify(answer), c.ke().dhGroup() + "/" + c.ke().keyData().length);
            if (c.expected() == NotifyType.INVALID_KE_PAYLOAD) {
                assertArrayEquals(new byte[] {0, (byte) org.jiked.wire.TransformType.ECP_256},
                        ((NotifyPayload) answer.getFirst()).data());
            }
            assertEquals(++n, g.b.stats().get("requests-refused"));
        }
        assertEquals(1, g.installedB.size());
        IkeExchangeTest.assertUp(g);
    }

    /** The same message with an unknown payload (type 200, critical) first in the outer chain. */
    static byte[] withUnknownCriticalPayloadFirst(byte[] datagram) {
        byte[] out = new byte[datagram.length + 4];
        System.arraycopy(datagram, 0, out, 0, IkeHeader.LENGTH);
        int next = datagram[16] & 0xff;
        out[16] = (byte) 200;
        out[IkeHeader.LENGTH] = (byte) next;
        out[IkeHeader.LENGTH + 1] = (byte) 0x80;
        out[IkeHeader.LENGTH + 3] = 4;
        System.arraycopy(datagram, IkeHeader.LENGTH, out, IkeHeader.LENGTH + 4, datagram.length - IkeHeader.LENGTH);
        int len = out.length;
        out[24] = (byte) (len >>> 24);
        out[25] = (byte) (len >>> 16);
        out[26] = (byte) (len >>> 8);
        out[27] = (byte) len;
        return out;
    }
}
