package org.jiked.ike;

import static org.jiked.ike.IkeExchangeTest.A;
import static org.jiked.ike.IkeExchangeTest.B;
import static org.jiked.ike.IkeExchangeTest.assertUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NAT traversal (RFC 7296 section 2.23, RFC 3948) with A behind a NAT that maps it to
 * 198.51.100.254: NAT detection on both sides, the float to 4500, keepalives from the side
 * behind the NAT, and a NAT mapping that changes mid-SA.
 */
class NatTraversalTest {
    static final InetAddress PUBLIC = InetAddress.ofLiteral("198.51.100.254");

    /** A NAT in front of A: A's source becomes PUBLIC:(port + offset[0]); replies are mapped back. */
    static void natInFrontOfA(TwoGateways g, int[] offset) {
        g.rewrite = d -> {
            if (d.from().getAddress().equals(A)) {
                return new TwoGateways.Datagram(new InetSocketAddress(PUBLIC, d.from().getPort() + offset[0]), d.to(),
                        d.data());
            }
            if (d.to().getAddress().equals(PUBLIC)) {
                return new TwoGateways.Datagram(d.from(), new InetSocketAddress(A, d.to().getPort() - offset[0]),
                        d.data());
            }
            return d;
        };
    }

    /** B knows A by its public (NAT) address. */
    static TwoGateways natPair() {
        return new TwoGateways(
                List.of(IkeExchangeTest.peer("to-b", A, B, List.of(IkeExchangeTest.GCM_X25519), "k",
                        List.of(IkeExchangeTest.child("vpn1", IkeExchangeTest.SITE_A, IkeExchangeTest.SITE_B,
                                List.of(IkeExchangeTest.ESP_GCM), ChildConfig.StartAction.IMMEDIATELY)))),
                List.of(IkeExchangeTest.peer("to-a", B, PUBLIC, List.of(IkeExchangeTest.GCM_X25519), "k",
                        List.of(IkeExchangeTest.child("vpn1", IkeExchangeTest.SITE_B, IkeExchangeTest.SITE_A,
                                List.of(IkeExchangeTest.ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY)))),
                A, B);
    }

    @Test
    void natIsDetectedBothWaysAndIkeFloatsTo4500() {
        TwoGateways g = natPair();
        natInFrontOfA(g, new int[] {10000});
        g.a.start();
        g.run();
        assertUp(g);
        IkeSaInfo a = g.a.ikeSas().getFirst();
        IkeSaInfo b = g.b.ikeSas().getFirst();
        assertTrue(a.natDetected() && b.natDetected());
        assertEquals(4500, a.remote().getPort());
        assertEquals(new InetSocketAddress(PUBLIC, 14500), b.remote());
        assertTrue(g.installedA.getFirst().udpEncapsulated());
        assertTrue(g.installedB.getFirst().udpEncapsulated());
    }

    @Test
    void theSideBehindTheNatSendsKeepalives() {
        TwoGateways g = natPair();
        natInFrontOfA(g, new int[] {10000});
        g.a.start();
        g.run();
        g.advance(20_000);
        g.advance(20_000);
        assertEquals(2, g.a.stats().get("nat-keepalives-sent"));
        assertEquals(0, g.b.stats().get("nat-keepalives-sent"), "B is not behind a NAT");
    }

    @Test
    void aChangedNatMappingMovesTheSaAndItsChildSas() {
        TwoGateways g = natPair();
        int[] offset = {10000};
        natInFrontOfA(g, offset);
        g.a.start();
        g.run();
        offset[0] = 20000; // the NAT restarts and maps A to another port
        assertEquals(1, g.a.clearChildSas());
        g.run();
        assertEquals(new InetSocketAddress(PUBLIC, 24500), g.b.ikeSas().getFirst().remote());
        assertEquals(1, g.b.stats().get("peer-address-changes"));
        assertTrue(g.installedA.isEmpty() && g.installedB.isEmpty(), "the exchange went through on the new port");
        assertTrue(g.a.createChild("to-b", "vpn1"));
        g.run();
        assertEquals(new InetSocketAddress(PUBLIC, 24500), g.installedB.getFirst().remote());
    }

    @Test
    void noNatTraversalSendsNoDetectionAndStaysOn500() {
        PeerConfig pa = IkeExchangeTest.peer("to-b", A, B, List.of(IkeExchangeTest.GCM_X25519), "k",
                List.of(IkeExchangeTest.child("vpn1", IkeExchangeTest.SITE_A, IkeExchangeTest.SITE_B,
                        List.of(IkeExchangeTest.ESP_GCM), ChildConfig.StartAction.IMMEDIATELY)));
        pa = pa.withOptions(pa.options().withNatTraversal(false, 20));
        PeerConfig pb = IkeExchangeTest.peer("to-a", B, A, List.of(IkeExchangeTest.GCM_X25519), "k",
                List.of(IkeExchangeTest.child("vpn1", IkeExchangeTest.SITE_B, IkeExchangeTest.SITE_A,
                        List.of(IkeExchangeTest.ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY)));
        TwoGateways g = new TwoGateways(List.of(pa), List.of(pb), A, B);
        g.a.start();
        g.run();
        assertUp(g);
        assertEquals(500, g.a.ikeSas().getFirst().remote().getPort());
        assertTrue(!g.a.ikeSas().getFirst().natDetected() && !g.b.ikeSas().getFirst().natDetected());
    }
}
