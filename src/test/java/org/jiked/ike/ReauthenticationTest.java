package org.jiked.ike;

import static org.jiked.ike.IkeExchangeTest.A;
import static org.jiked.ike.IkeExchangeTest.B;
import static org.jiked.ike.IkeExchangeTest.ESP_GCM;
import static org.jiked.ike.IkeExchangeTest.GCM_X25519;
import static org.jiked.ike.IkeExchangeTest.SITE_A;
import static org.jiked.ike.IkeExchangeTest.SITE_B;
import static org.jiked.ike.IkeExchangeTest.assertChildPairsMatch;
import static org.jiked.ike.IkeExchangeTest.assertUp;
import static org.jiked.ike.IkeExchangeTest.child;
import static org.jiked.ike.IkeExchangeTest.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jiked.child.ChildSa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code reauth-frequency} (the Junos IKE policy statement; RFC 7296 section 2.8.3): after that
 * many IKE rekeys, the next one is a reauthentication, a new IKE SA with fresh IKE_SA_INIT and
 * IKE_AUTH and the same CHILD_SAs, after which the old IKE SA is deleted. Not negotiated: only
 * the side with the setting does it. {@code responder-only-no-rekey} never starts a rekey.
 */
class ReauthenticationTest {
    static final long LIFETIME = 1000;

    static TwoGateways pair(int reauthFrequency, ChildConfig.StartAction responderStart, long responderLifetime) {
        PeerConfig a = IkeExchangeTest.withIkeLifetime(peer("to-b", A, B, List.of(GCM_X25519), "k",
                List.of(child("vpn1", SITE_A, SITE_B, List.of(ESP_GCM), ChildConfig.StartAction.IMMEDIATELY))), LIFETIME);
        a = a.withOptions(a.options().withReauthFrequency(reauthFrequency));
        PeerConfig b = IkeExchangeTest.withIkeLifetime(peer("to-a", B, A, List.of(GCM_X25519), "k",
                List.of(new ChildConfig("vpn1", List.of(ESP_GCM), List.of(SITE_B), List.of(SITE_A), 100_000, 0,
                        responderStart))), responderLifetime);
        return new TwoGateways(List.of(a), List.of(b), A, B);
    }

    /** Advances one soft lifetime at a time; returns how many of the steps were reauthentications. */
    static void advanceLifetimes(TwoGateways g, int n) {
        for (int i = 0; i < n; i++) {
            g.advance(LIFETIME * 900);
            g.run();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void everyNthRekeyIsAReauthentication(int frequency) {
        TwoGateways g = pair(frequency, ChildConfig.StartAction.RESPONDER_ONLY, 100_000);
        g.a.start();
        g.run();
        for (int round = 1; round <= frequency + 1; round++) {
            advanceLifetimes(g, 1);
            assertUp(g);
            assertEquals(1, g.a.ikeSaCount(), "round " + round + ": " + g.logA);
            assertEquals(1, g.b.ikeSaCount(), "round " + round + ": " + g.logB);
            assertEquals(1, g.installedA.size());
            assertChildPairsMatch(g.installedA.getFirst(), g.installedB.getFirst());
        }
        assertEquals(frequency, g.a.stats().get("ike-sa-rekeyed"), g.logA.toString());
        assertEquals(1, g.a.stats().get("ike-sa-reauthentications"));
        assertEquals(2, g.b.stats().get("in-ike-sa-init-requests"), "the reauthentication ran IKE_SA_INIT again");
        assertEquals(2, g.b.stats().get("ike-sa-established"));
        assertTrue(g.logA.stream().anyMatch(l -> l.contains("reauthenticated, deleting the old IKE SA")));
    }

    @Test
    void reauthenticationKeepsTheTunnelMakeBeforeBreak() {
        TwoGateways g = pair(1, ChildConfig.StartAction.RESPONDER_ONLY, 100_000);
        g.a.start();
        g.run();
        advanceLifetimes(g, 1);
        ChildSa before = g.installedA.getFirst();
        // from now on, check after every datagram that a CHILD_SA is always installed
        g.advance(LIFETIME * 900);
        int steps = 0;
        while (!g.inFlight.isEmpty() && steps++ < 100) {
            g.run(1);
            assertFalse(g.installedA.isEmpty(), "a moment without a CHILD_SA on A");
            assertFalse(g.installedB.isEmpty(), "a moment without a CHILD_SA on B");
        }
        assertEquals(1, g.installedA.size());
        assertFalse(g.installedA.contains(before));
    }

    @Test
    void responderOnlyNoRekeyNeverStartsARekeySoTheSaEndsUnlessThePeerRekeys() {
        // B's lifetimes are the short ones, but B is responder-only-no-rekey: nobody rekeys in time
        PeerConfig a = IkeExchangeTest.withIkeLifetime(peer("to-b", A, B, List.of(GCM_X25519), "k",
                List.of(child("vpn1", SITE_A, SITE_B, List.of(ESP_GCM), ChildConfig.StartAction.ON_TRAFFIC))), 100_000);
        PeerConfig b = IkeExchangeTest.withIkeLifetime(peer("to-a", B, A, List.of(GCM_X25519), "k",
                List.of(new ChildConfig("vpn1", List.of(ESP_GCM), List.of(SITE_B), List.of(SITE_A), 1000, 0,
                        ChildConfig.StartAction.RESPONDER_ONLY_NO_REKEY))), LIFETIME);
        TwoGateways g = new TwoGateways(List.of(a), List.of(b), A, B);
        g.a.initiate("to-b");
        g.run();
        g.advance(950_000);
        g.run();
        assertEquals(0, g.b.stats().get("ike-sa-rekeyed"));
        assertEquals(1, g.installedB.size(), "past the soft lifetime nothing happened");
        g.advance(100_000);
        g.run();
        assertTrue(g.installedB.isEmpty(), "at the hard lifetime the CHILD_SA is gone");
        assertTrue(g.logB.stream().anyMatch(l -> l.contains("hard lifetime")), g.logB.toString());
    }
}
