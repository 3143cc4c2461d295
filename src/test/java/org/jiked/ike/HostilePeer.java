package org.jiked.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jiked.child.TrafficSelector;
import org.jiked.wire.EncryptedPayloadCipher;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IkeDecodeException;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessage;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;
import org.jiked.wire.payload.TsPayload;

/**
 * Plays a misbehaving peer against the engines of a {@link TwoGateways}: it builds messages with
 * the wire encoder and, for protected ones, with the keys of the real IKE SA (read from the
 * engine in this package), hands them to one engine and collects what that engine sends back
 * without delivering it. Nothing here needs a hook in production code beyond the package-private
 * SA lookup.
 */
final class HostilePeer {
    static final InetSocketAddress A_500 = new InetSocketAddress(IkeExchangeTest.A, 500);
    static final InetSocketAddress B_500 = new InetSocketAddress(IkeExchangeTest.B, 500);

    final TwoGateways g;

    HostilePeer(TwoGateways g) {
        this.g = g;
    }

    /** The standard pair with the IKE SA and its first CHILD_SA up on both sides. */
    static HostilePeer established() {
        TwoGateways g = IkeExchangeTest.standardPair();
        g.a.start();
        g.run();
        IkeExchangeTest.assertUp(g);
        return new HostilePeer(g);
    }

    /** The standard pair after IKE_SA_INIT only: the responder's SA is half-open, the initiator's IKE_AUTH is held back. */
    static HostilePeer halfOpen() {
        TwoGateways g = IkeExchangeTest.standardPair();
        g.drop = d -> isExchange(d.data(), ExchangeType.IKE_AUTH);
        g.a.start();
        g.run();
        g.drop = d -> false;
        HostilePeer p = new HostilePeer(g);
        assertEquals(IkeSa.State.AUTH_SENT, p.initiatorSa().state);
        assertEquals(IkeSa.State.INIT_DONE, p.responderSa().state);
        return p;
    }

    IkeSa initiatorSa() {
        IkeSa sa = g.a.saByLocalSpi(onlySpi(g.a, true));
        assertTrue(sa != null, "no SA at the initiator");
        return sa;
    }

    IkeSa responderSa() {
        IkeSa sa = g.b.saByLocalSpi(onlySpi(g.b, false));
        assertTrue(sa != null, "no SA at the responder");
        return sa;
    }

    private static long onlySpi(IkeEngine e, boolean initiator) {
        var sas = e.ikeSas();
        if (sas.isEmpty()) {
            // ikeSas() lists every state but DEAD, so a half-open SA is listed too
            fail("engine has no IKE SA");
        }
        return initiator ? sas.getFirst().initiatorSpi() : sas.getFirst().responderSpi();
    }

    /**
     * A request as the initiator of the IKE SA would send it, protected with its real keys. The
     * message ID is taken from the initiator's SA and consumed there, so that the initiator's own
     * later requests do not collide with it.
     */
    byte[] requestFromInitiator(int exchangeType, List<Payload> payloads) {
        IkeSa sa = initiatorSa();
        long id = sa.nextRequestId++;
        return requestFromInitiator(exchangeType, id, payloads);
    }

    /** As {@link #requestFromInitiator(int, List)} with a message ID of the caller's choice (not consumed). */
    byte[] requestFromInitiator(int exchangeType, long messageId, List<Payload> payloads) {
        IkeSa sa = initiatorSa();
        IkeHeader h = IkeHeader.of(sa.spiI, sa.spiR, exchangeType, true, false, messageId);
        return IkeMessageCodec.encodeProtected(h, payloads, sa.sendCipher);
    }

    /** A request as the responder of the IKE SA would send it to the initiator, with the responder's keys. */
    byte[] requestFromResponder(int exchangeType, long messageId, List<Payload> payloads) {
        IkeSa sa = responderSa();
        IkeHeader h = IkeHeader.of(sa.spiI, sa.spiR, exchangeType, false, false, messageId);
        return IkeMessageCodec.encodeProtected(h, payloads, sa.sendCipher);
    }

    /** Hands a datagram to the responder engine and returns what it sent, undelivered. */
    List<byte[]> toResponder(byte[] datagram) {
        return deliver(g.b, B_500, A_500, datagram);
    }

    /** Hands a datagram to the initiator engine and returns what it sent, undelivered. */
    List<byte[]> toInitiator(byte[] datagram) {
        return deliver(g.a, A_500, B_500, datagram);
    }

    private List<byte[]> deliver(IkeEngine engine, InetSocketAddress local, InetSocketAddress remote, byte[] d) {
        List<TwoGateways.Datagram> before = new ArrayList<>(g.inFlight);
        g.inFlight.clear();
        engine.receive(local, remote, d);
        List<byte[]> sent = new ArrayList<>();
        g.inFlight.forEach(x -> sent.add(x.data()));
        g.inFlight.clear();
        g.inFlight.addAll(before);
        return sent;
    }

    /** Opens a protected message the responder sent, with the initiator's keys. */
    List<Payload> openFromResponder(byte[] datagram) {
        return open(datagram, initiatorSa().receiveCipher);
    }

    /** Opens a protected message the initiator sent, with the responder's keys. */
    List<Payload> openFromInitiator(byte[] datagram) {
        return open(datagram, responderSa().receiveCipher);
    }

    static List<Payload> open(byte[] datagram, EncryptedPayloadCipher cipher) {
        try {
            IkeMessage outer = IkeMessageCodec.decode(datagram);
            return IkeMessageCodec.decrypt(datagram, outer, cipher);
        } catch (IkeDecodeException | EncryptedPayloadCipher.IntegrityException e) {
            throw new AssertionError("cannot open the engine's own message: " + e, e);
        }
    }

    /** The single notify of an error answer, asserting it is the only payload. */
    static int onlyNotify(List<Payload> payloads) {
        assertEquals(1, payloads.size(), "expected one notify, got " + payloads);
        assertTrue(payloads.getFirst() instanceof NotifyPayload, payloads.toString());
        return ((NotifyPayload) payloads.getFirst()).notifyType();
    }

    static IkeMessage decode(byte[] datagram) {
        try {
            return IkeMessageCodec.decode(datagram);
        } catch (IkeDecodeException e) {
            throw new AssertionError("cannot decode the engine's own message: " + e, e);
        }
    }

    static boolean isExchange(byte[] datagram, int exchangeType) {
        try {
            return IkeMessageCodec.decodeHeader(datagram).exchangeType() == exchangeType;
        } catch (IkeDecodeException e) {
            return false;
        }
    }

    static boolean isExchange(byte[] datagram, int exchangeType, boolean response) {
        try {
            IkeHeader h = IkeMessageCodec.decodeHeader(datagram);
            return h.exchangeType() == exchangeType && h.isResponse() == response;
        } catch (IkeDecodeException e) {
            return false;
        }
    }

    /** The payloads of a CREATE_CHILD_SA request for a further CHILD_SA of the standard pair's VPN. */
    List<Payload> createChildPayloads(int ourSpi) {
        ChildConfig c = initiatorSa().peer.children().getFirst();
        List<Payload> out = new ArrayList<>();
        out.add(ChildNegotiation.offer(c, ourSpi, true));
        out.add(new NoncePayload(new byte[32]));
        out.add(ChildNegotiation.tsPayload(false, c.localSelectors()));
        out.add(ChildNegotiation.tsPayload(true, c.remoteSelectors()));
        return out;
    }

    /** An IKE_SA_INIT request for the standard pair's proposal with the given KE payload. */
    static byte[] ikeSaInitRequest(long spiI, long spiR, KePayload ke, List<SaPayload.Proposal> proposals) {
        List<Payload> payloads = new ArrayList<>();
        payloads.add(new SaPayload(proposals));
        payloads.add(ke);
        payloads.add(new NoncePayload(new byte[32]));
        return IkeMessageCodec.encode(IkeHeader.of(spiI, spiR, ExchangeType.IKE_SA_INIT, true, false, 0), payloads);
    }

    static byte[] ikeSaInitRequest(long spiI, KePayload ke) {
        return ikeSaInitRequest(spiI, 0, ke, List.of(IkeExchangeTest.GCM_X25519.toProposal(1, new byte[0])));
    }

    static TsPayload ts(boolean responder, TrafficSelector... selectors) {
        return ChildNegotiation.tsPayload(responder, List.of(selectors));
    }

    /** The notify type of an unprotected IKE_SA_INIT error answer. */
    static int initErrorNotify(List<byte[]> sent) {
        assertEquals(1, sent.size(), "expected one answer");
        IkeMessage m = decode(sent.getFirst());
        assertTrue(m.header().isResponse());
        assertEquals(0, m.header().responderSpi(), "an error answer to IKE_SA_INIT keeps no state");
        assertEquals(1, m.payloads().size(), m.payloads().toString());
        return ((NotifyPayload) m.payloads().getFirst()).notifyType();
    }

    static String name(int notifyType) {
        return NotifyType.name(notifyType);
    }
}
