package org.jiked.ike;

import static org.jiked.ike.IkeExchangeTest.assertChildPairsMatch;
import static org.jiked.ike.IkeExchangeTest.assertUp;
import static org.jiked.ike.IkeExchangeTest.standardPair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jiked.child.ChildSa;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IkeMessageCodec;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Rekey and delete collisions (RFC 7296 sections 2.8.1 and 2.25), each with both requests in
 * flight before either side answers. The seeds of the two engines differ per repetition, so the
 * nonce ordering that decides a simultaneous rekey falls both ways across the repetitions.
 *
 * <pre>
 *   A                         B
 *   |--- CREATE_CHILD_SA ---> |   REKEY_SA(x), Ni_a
 *   | <--- CREATE_CHILD_SA ---|   REKEY_SA(x), Ni_b
 *   |--- response Nr_a -----> |
 *   | <----- response Nr_b ---|
 *   lowest of {Ni_a, Nr_b, Ni_b, Nr_a} marks the redundant SA; its creator deletes it,
 *   the other side deletes the old SA
 * </pre>
 */
class CollisionTest {

    @RepeatedTest(8)
    void simultaneousChildRekeyLeavesExactlyOneNewChildSa(org.junit.jupiter.api.RepetitionInfo rep) {
        TwoGateways g = standardPair();
        g.reseed(rep.getCurrentRepetition());
        g.a.start();
        g.run();
        ChildSa old = g.installedA.getFirst();
        g.a.rekeyChildSas();
        g.b.rekeyChildSas();
        g.run();
        assertEquals(1, g.installedA.size(), g.logA.toString());
        assertEquals(1, g.installedB.size(), g.logB.toString());
        assertNotEquals(old.inboundSpi(), g.installedA.getFirst().inboundSpi());
        assertChildPairsMatch(g.installedA.getFirst(), g.installedB.getFirst());
        assertEquals(1, g.a.stats().get("child-rekey-collisions"));
        assertEquals(1, g.b.stats().get("child-rekey-collisions"));
        assertEquals(1, g.a.stats().get("child-sa-rekeys-initiated") + g.b.stats().get("child-sa-rekeys-initiated"),
                "the rekey whose new SA stays counts as initiated by its side, the redundant one does not");
        assertUp(g);
    }

    /** RFC 7296 section 2.8.2: both peers rekey the IKE SA at once; one new IKE SA survives with the CHILD_SA. */
    @RepeatedTest(8)
    void simultaneousIkeRekeyLeavesOneIkeSaByTheNonceRule(org.junit.jupiter.api.RepetitionInfo rep) {
        TwoGateways g = standardPair();
        g.reseed(rep.getCurrentRepetition());
        g.a.start();
        g.run();
        long oldSpi = g.a.ikeSas().getFirst().initiatorSpi();
        ChildSa child = g.installedA.getFirst();
        g.a.rekeyIkeSas();
        g.b.rekeyIkeSas();
        g.run();
        assertEquals(1, g.a.stats().get("ike-rekey-collisions"), g.logA.toString());
        assertEquals(1, g.b.stats().get("ike-rekey-collisions"), g.logB.toString());
        assertEquals(java.util.List.of(child), g.installedA, "the CHILD_SA is kept, not rebuilt");
        assertEquals(1, g.a.stats().get("ike-sa-rekeys-initiated") + g.b.stats().get("ike-sa-rekeys-initiated"));
        assertUp(g);
        assertEquals(1, g.a.ikeSaCount(), g.logA.toString());
        assertEquals(1, g.b.ikeSaCount(), g.logB.toString());
        assertNotEquals(oldSpi, g.a.ikeSas().getFirst().initiatorSpi());
        assertEquals(g.a.ikeSas().getFirst().initiatorSpi(), g.b.ikeSas().getFirst().initiatorSpi());
        assertEquals(1, g.installedA.size());
        assertChildPairsMatch(g.installedA.getFirst(), g.installedB.getFirst());
    }

    @Test
    void deleteCrossingDeleteRemovesTheChildSaOnBothSides() {
        TwoGateways g = standardPair();
        g.a.start();
        g.run();
        g.a.clearChildSas();
        g.b.clearChildSas();
        g.run();
        assertTrue(g.installedA.isEmpty() && g.installedB.isEmpty());
        assertUp(g);
        assertEquals(0, g.a.stats().get("decode-errors") + g.b.stats().get("decode-errors"));
    }

    @Test
    void rekeyCrossingDeleteEndsWithNoChildSaAndNoLeftover() {
        TwoGateways g = standardPair();
        g.a.start();
        g.run();
        g.a.rekeyChildSas();
        g.b.clearChildSas();
        g.run();
        g.advance(5_000);
        g.run();
        assertTrue(g.installedB.stream().allMatch(c -> g.installedA.stream()
                .anyMatch(x -> x.inboundSpi() == c.outboundSpi())), "no one-sided CHILD_SA may remain");
        assertEquals(g.installedA.size(), g.installedB.size());
        assertUp(g);
    }

    @Test
    void ikeDeleteCrossingIkeDeleteLeavesNothing() {
        TwoGateways g = standardPair();
        g.a.start();
        g.run();
        long oldSpi = g.a.ikeSas().getFirst().initiatorSpi();
        g.a.clearIkeSas(null);
        g.b.clearIkeSas(null);
        // both Deletes are in flight; neither side may wait forever for the other's answer
        g.run();
        assertEquals(0, g.b.ikeSaCount(), g.logB.toString());
        assertTrue(g.installedA.isEmpty() && g.installedB.isEmpty());
        // A's tunnel is 'establish-tunnels immediately': it comes back, once, with new SPIs
        for (int i = 0; i < 3; i++) {
            g.advance(RetransmitSettings.DEFAULT.maxTimeoutMillis());
            g.run();
        }
        assertUp(g);
        assertNotEquals(oldSpi, g.a.ikeSas().getFirst().initiatorSpi());
        assertEquals(1, g.installedA.size());
    }

    static boolean isCreateChild(byte[] datagram) {
        try {
            return IkeMessageCodec.decodeHeader(datagram).exchangeType() == ExchangeType.CREATE_CHILD_SA;
        } catch (org.jiked.wire.IkeDecodeException e) {
            return false;
        }
    }

    /** Across seeds, each side both wins and loses the tie, so both nonce orderings are exercised. */
    @Test
    void bothNonceOrderingsOccurForChildAndIkeSaCollisions() {
        int childLost = 0;
        int childWon = 0;
        int ikeLost = 0;
        int ikeWon = 0;
        for (int seed = 1; seed <= 12; seed++) {
            TwoGateways g = standardPair();
            g.reseed(seed);
            g.a.start();
            g.run();
            g.a.rekeyChildSas();
            g.b.rekeyChildSas();
            g.run();
            g.a.rekeyIkeSas();
            g.b.rekeyIkeSas();
            g.run();
            assertUp(g);
            assertEquals(1, g.installedA.size());
            for (String l : g.logA) {
                childLost += l.contains("closing our redundant CHILD_SA") ? 1 : 0;
                childWon += l.contains("the peer closes its redundant CHILD_SA") ? 1 : 0;
                ikeLost += l.contains("closing our redundant IKE SA") ? 1 : 0;
                ikeWon += l.contains("the peer closes its redundant IKE SA") ? 1 : 0;
            }
        }
        assertTrue(childLost > 0 && childWon > 0, "CHILD_SA ties lost " + childLost + ", won " + childWon);
        assertTrue(ikeLost > 0 && ikeWon > 0, "IKE SA ties lost " + ikeLost + ", won " + ikeWon);
    }
}
