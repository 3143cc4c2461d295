package org.jiked.ike;

import static org.jiked.ike.IkeExchangeTest.assertChildPairsMatch;
import static org.jiked.ike.IkeExchangeTest.standardPair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jiked.child.ChildSa;
import org.jiked.wire.ExchangeType;
import org.junit.jupiter.api.Test;

/**
 * Make-before-break on the side that answers a CHILD_SA rekey: the new SA takes inbound traffic
 * at once but carries none outbound until the rekey's initiator deletes the old SA. Sending on it
 * earlier races the initiator, which installs the new SA only when the response arrives.
 *
 * <pre>
 *   A (responder)                 B (initiator)
 *   | <--- CREATE_CHILD_SA ------ |   REKEY_SA(old)
 *   |  new SA: inbound only       |
 *   | --- response -------------> |   B installs the new SA, sends on it
 *   | <--- INFORMATIONAL -------- |   Delete(old)
 *   |  old gone: new SA outbound  |
 * </pre>
 */
class PeerRekeyOutboundTest {
    @Test
    void theResponderSendsOnTheNewSaOnlyOnceTheOldOneIsDeleted() {
        TwoGateways g = standardPair();
        g.a.start();
        g.run();
        ChildSa old = g.installedA.getFirst();
        // hold B's Delete of the old SA back once, to look at the state between the two exchanges
        int[] deletes = {0};
        g.drop = d -> HostilePeer.isExchange(d.data(), ExchangeType.INFORMATIONAL, false) && deletes[0]++ == 0;
        g.b.rekeyChildSas();
        g.run();
        assertEquals(2, g.installedA.size(), g.logA.toString());
        ChildSa fresh = g.installedA.get(1);
        assertSame(old, fresh.outboundAfter(), "inbound only while the old SA is there");
        assertTrue(g.outboundReadyA.isEmpty());
        assertNull(g.installedB.getLast().outboundAfter(), "the initiator sends on its new SA at once");

        g.advance(RetransmitSettings.DEFAULT.timeout(0));
        g.run();
        assertEquals(List.of(fresh), g.installedA, g.logA.toString());
        assertNull(fresh.outboundAfter());
        assertEquals(List.of(fresh), g.outboundReadyA);
        assertTrue(g.outboundReadyB.isEmpty());
        assertChildPairsMatch(fresh, g.installedB.getFirst());
    }

    /** A simultaneous rekey: the redundant SA is deleted without ever carrying outbound traffic. */
    @org.junit.jupiter.api.RepeatedTest(8)
    void theRedundantSaOfASimultaneousRekeyNeverSends(org.junit.jupiter.api.RepetitionInfo rep) {
        TwoGateways g = standardPair();
        g.reseed(rep.getCurrentRepetition());
        g.a.start();
        g.run();
        g.a.rekeyChildSas();
        g.b.rekeyChildSas();
        g.run();
        assertEquals(1, g.installedA.size(), g.logA.toString());
        assertEquals(1, g.installedB.size(), g.logB.toString());
        // the survivor was created by one side's request: on the other side it was inbound only until released
        ChildSa survivorA = g.installedA.getFirst();
        ChildSa survivorB = g.installedB.getFirst();
        assertNull(survivorA.outboundAfter());
        assertNull(survivorB.outboundAfter());
        for (ChildSa ready : g.outboundReadyA) {
            assertSame(survivorA, ready, "only the survivor is released: " + g.logA);
        }
        for (ChildSa ready : g.outboundReadyB) {
            assertSame(survivorB, ready, "only the survivor is released: " + g.logB);
        }
        assertEquals(1, g.outboundReadyA.size() + g.outboundReadyB.size(), g.logA + "\n" + g.logB);
    }
}
