package org.jiked.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jiked.child.ChildSa;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.NotifyType;
import org.jiked.wire.ProtocolId;
import org.jiked.wire.payload.DeletePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.junit.jupiter.api.Test;

/**
 * Exchanges in the wrong state, and the state left after failures (PITFALLS.md, "State
 * machine"): requests on a half-open IKE SA, requests from a responder that has not yet proved
 * its identity, deletes that cross or repeat, REKEY_SA for protocols that have no CHILD_SA, and a
 * peer with the wrong key. The crafted messages carry the real SA keys, so the engine's checks,
 * not the ICV, are what is tested.
 */
class HostileStateTest {

    /** RFC 7296 1.2: nothing but IKE_AUTH may follow IKE_SA_INIT; a CHILD_SA here would bypass authentication. */
    @Test
    void createChildSaOrInformationalOnAHalfOpenSaEstablishesNothing() {
        HostilePeer p = HostilePeer.halfOpen();
        TwoGateways g = p.g;
        long ikeAuthId = p.initiatorSa().outstanding.messageId;
        List<byte[]> sent = p.toResponder(p.requestFromInitiator(ExchangeType.CREATE_CHILD_SA, ikeAuthId,
                p.createChildPayloads(0x1000)));
        assertTrue(sent.isEmpty());
        sent = p.toResponder(p.requestFromInitiator(ExchangeType.INFORMATIONAL, ikeAuthId,
                List.of(new DeletePayload(ProtocolId.IKE, 0, List.of()))));
        assertTrue(sent.isEmpty());
        assertEquals(2, g.b.stats().get("unexpected-messages"));
        IkeSa b = p.responderSa();
        assertEquals(IkeSa.State.INIT_DONE, b.state);
        assertTrue(b.children.isEmpty() && g.installedB.isEmpty());
        assertEquals(0, g.b.stats().get("child-sa-established"));
        assertEquals(1, b.expectedPeerRequestId, "a dropped request must not move the window");

        // the genuine IKE_AUTH, retransmitted, still completes
        g.advance(RetransmitSettings.DEFAULT.timeout(0));
        g.run();
        IkeExchangeTest.assertUp(g);
        assertEquals(1, g.installedB.size());
    }

    /**
     * The mirror image: until the IKE_AUTH response has authenticated the responder, the
     * initiator must not take requests from it. A CREATE_CHILD_SA or a Delete sent by the
     * responder with message ID 0 before its IKE_AUTH response is dropped.
     */
    @Test
    void requestsFromAResponderNotYetAuthenticatedAreDropped() {
        HostilePeer p = HostilePeer.halfOpen();
        TwoGateways g = p.g;
        List<Payload> child = new ArrayList<>();
        ChildConfig c = p.responderSa().peer.children().getFirst();
        child.add(ChildNegotiation.offer(c, 0x2000, true));
        child.add(new NoncePayload(new byte[32]));
        child.add(ChildNegotiation.tsPayload(false, c.localSelectors()));
        child.add(ChildNegotiation.tsPayload(true, c.remoteSelectors()));
        assertTrue(p.toInitiator(p.requestFromResponder(ExchangeType.CREATE_CHILD_SA, 0, child)).isEmpty());
        assertTrue(p.toInitiator(p.requestFromResponder(ExchangeType.INFORMATIONAL, 0,
                List.of(new DeletePayload(ProtocolId.IKE, 0, List.of())))).isEmpty());
        IkeSa a = p.initiatorSa();
        assertEquals(IkeSa.State.AUTH_SENT, a.state);
        assertTrue(a.children.isEmpty() && g.installedA.isEmpty(), g.logA.toString());
        assertEquals(0, a.expectedPeerRequestId);
        assertEquals(2, g.a.stats().get("unexpected-messages"));

        g.advance(RetransmitSettings.DEFAULT.timeout(0));
        g.run();
        IkeExchangeTest.assertUp(g);
        assertEquals(1, g.installedA.size());
    }

    @Test
    void crossingDeletesOfTheSameChildSaAndALateThirdOne() {
        HostilePeer p = HostilePeer.established();
        TwoGateways g = p.g;
        int childSpiAtB = p.responderSa().children.getFirst().inboundSpi();
        assertEquals(1, g.a.clearChildSas());
        assertEquals(1, g.b.clearChildSas());
        g.run();
        IkeExchangeTest.assertUp(g);
        assertTrue(g.installedA.isEmpty() && g.installedB.isEmpty());
        assertEquals(1, g.a.stats().get("deletes-received"));
        assertEquals(1, g.b.stats().get("deletes-received"));

        // a further Delete naming the SA that is gone: answered, empty, nothing else happens
        List<byte[]> sent = p.toResponder(p.requestFromInitiator(ExchangeType.INFORMATIONAL, List.of(
                new DeletePayload(ProtocolId.ESP, 4, List.of(ProposalSelector.spiBytes(childSpiAtB),
                        ProposalSelector.spiBytes(childSpiAtB))))));
        assertEquals(1, sent.size());
        assertTrue(p.openFromResponder(sent.getFirst()).isEmpty());
        assertEquals(2, g.b.stats().get("deletes-received"));
        IkeExchangeTest.assertUp(g);
        assertTrue(g.logA.stream().noneMatch(l -> l.startsWith("error")) && g.logB.stream()
                .noneMatch(l -> l.startsWith("error")));
    }

    @Test
    void crossingDeletesOfTheIkeSaAndALateRepeat() {
        HostilePeer p = HostilePeer.established();
        TwoGateways g = p.g;
        byte[] lateRepeat = p.requestFromInitiator(ExchangeType.INFORMATIONAL,
                List.of(new DeletePayload(ProtocolId.IKE, 0, List.of())));
        assertEquals(1, g.a.clearIkeSas(null));
        assertEquals(1, g.b.clearIkeSas(null));
        g.run();
        assertEquals(0, g.a.ikeSaCount(), g.logA.toString());
        assertEquals(0, g.b.ikeSaCount(), g.logB.toString());
        assertTrue(g.installedA.isEmpty() && g.installedB.isEmpty());
        long invalidSpi = g.b.stats().get("invalid-spi");
        assertTrue(p.toResponder(lateRepeat).isEmpty());
        assertEquals(invalidSpi + 1, g.b.stats().get("invalid-spi"));
        assertTrue(g.logA.stream().noneMatch(l -> l.startsWith("error")) && g.logB.stream()
                .noneMatch(l -> l.startsWith("error")));
    }

    /** REKEY_SA names an ESP or AH SA (RFC 7296 3.10.1); 0, IKE's own 1, 4 and 255 have no CHILD_SA to rekey. */
    @Test
    void rekeySaNamingAProtocolWithoutChildSasIsRefusedAndChangesNothing() {
        HostilePeer p = HostilePeer.established();
        TwoGateways g = p.g;
        int existing = p.initiatorSa().children.getFirst().inboundSpi();
        int refused = 0;
        for (int protocol : new int[] {0, 1, 4, 255}) {
            List<Payload> payloads = new ArrayList<>();
            payloads.add(new NotifyPayload(protocol, ProposalSelector.spiBytes(existing), NotifyType.REKEY_SA,
                    new byte[0]));
            payloads.addAll(p.createChildPayloads(0x3000 + protocol));
            List<byte[]> sent = p.toResponder(p.requestFromInitiator(ExchangeType.CREATE_CHILD_SA, payloads));
            assertEquals(1, sent.size());
            assertEquals(NotifyType.INVALID_SYNTAX, HostilePeer.onlyNotify(p.openFromResponder(sent.getFirst())),
                    "protocol " + protocol);
            assertEquals(++refused, g.b.stats().get("requests-refused"));
        }
        assertEquals(1, g.installedB.size());
        assertEquals(ChildSa.State.INSTALLED, p.responderSa().children.getFirst().state());
        IkeExchangeTest.assertUp(g);
        // a REKEY_SA for an SPI that is not there is CHILD_SA_NOT_FOUND
        List<Payload> payloads = new ArrayList<>();
        payloads.add(new NotifyPayload(ProtocolId.ESP, ProposalSelector.spiBytes(0x7777), NotifyType.REKEY_SA,
                new byte[0]));
        payloads.addAll(p.createChildPayloads(0x3100));
        List<byte[]> sent = p.toResponder(p.requestFromInitiator(ExchangeType.CREATE_CHILD_SA, payloads));
        assertEquals(NotifyType.CHILD_SA_NOT_FOUND, HostilePeer.onlyNotify(p.openFromResponder(sent.getFirst())));
        assertEquals(1, g.installedB.size());
    }

    /** The failed SA is gone from every table, so neither its IKE_AUTH nor a later message can reach it. */
    @Test
    void wrongPreSharedKeyLeavesNoStateBehind() {
        TwoGateways g = IkeExchangeTest.pair(List.of(IkeExchangeTest.GCM_X25519), List.of(IkeExchangeTest.GCM_X25519),
                "right", "wrong", List.of(IkeExchangeTest.ESP_GCM), List.of(IkeExchangeTest.ESP_GCM));
        List<byte[]> initRequests = new ArrayList<>();
        List<byte[]> authRequests = new ArrayList<>();
        g.drop = d -> {
            if (HostilePeer.isExchange(d.data(), ExchangeType.IKE_SA_INIT, false)) {
                initRequests.add(d.data());
            } else if (HostilePeer.isExchange(d.data(), ExchangeType.IKE_AUTH, false)) {
                authRequests.add(d.data());
            }
            return false;
        };
        g.a.start();
        g.run();
        assertEquals(0, g.a.ikeSaCount());
        assertEquals(0, g.b.ikeSaCount());
        assertEquals(0, g.b.halfOpenCount());
        assertEquals(0, g.a.halfOpenCount());
        assertEquals(1, g.b.stats().get("auth-failures"));

        HostilePeer p = new HostilePeer(g);
        long invalidSpi = g.b.stats().get("invalid-spi");
        assertTrue(p.toResponder(authRequests.getFirst()).isEmpty(), "the IKE_AUTH must find no SA");
        assertEquals(invalidSpi + 1, g.b.stats().get("invalid-spi"));
        // a replayed IKE_SA_INIT is a new half-open SA (the responder cannot tell), and it times out
        assertEquals(1, p.toResponder(initRequests.getFirst()).size());
        assertEquals(1, g.b.halfOpenCount());
        g.advance(SessionSettings.DEFAULT.halfOpenTimeoutMillis() + 1);
        assertEquals(0, g.b.ikeSaCount());
        assertEquals(0, g.b.halfOpenCount());
    }

    @Test
    void informationalDeleteAfterTheIkeSaIsDeletingIsAnsweredOnce() {
        HostilePeer p = HostilePeer.established();
        TwoGateways g = p.g;
        IkeSa b = p.responderSa();
        assertEquals(1, g.b.clearIkeSas(null));
        assertEquals(IkeSa.State.DELETING, b.state);
        g.inFlight.clear(); // B's own Delete is lost
        // the peer deletes the same IKE SA at the same moment
        List<byte[]> sent = p.toResponder(p.requestFromInitiator(ExchangeType.INFORMATIONAL,
                List.of(new DeletePayload(ProtocolId.IKE, 0, List.of()))));
        assertEquals(1, sent.size());
        assertTrue(p.openFromResponder(sent.getFirst()).isEmpty());
        assertEquals(0, g.b.ikeSaCount());
        assertNull(g.b.saByLocalSpi(b.spiR));
        // nothing is retransmitted for the dead SA
        g.advance(RetransmitSettings.DEFAULT.maxTimeoutMillis());
        assertTrue(g.inFlight.stream().noneMatch(d -> d.from().equals(HostilePeer.B_500)));
    }
}
