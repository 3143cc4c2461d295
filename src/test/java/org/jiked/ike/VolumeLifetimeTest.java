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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jiked.child.ChildSa;
import org.junit.jupiter.api.Test;

/**
 * CHILD_SA rekey by volume ({@code lifetime-kilobytes}) with the injected clock, the data plane's
 * counters moved by hand as traffic at a steady rate would move them. Only A has a volume lifetime,
 * so A starts every rekey.
 */
class VolumeLifetimeTest {
    static final long KILOBYTES = 64;
    static final long VOLUME = KILOBYTES * 1024;

    static TwoGateways pair() {
        return new TwoGateways(
                List.of(peer("to-b", A, B, List.of(GCM_X25519), "k", List.of(new ChildConfig("vpn1", List.of(ESP_GCM),
                        List.of(SITE_A), List.of(SITE_B), 3600, KILOBYTES, ChildConfig.StartAction.IMMEDIATELY)))),
                List.of(peer("to-a", B, A, List.of(GCM_X25519), "k",
                        List.of(child("vpn1", SITE_B, SITE_A, List.of(ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY)))),
                A, B);
    }

    /**
     * Runs traffic of {@code bytesPerSecond} (half each way) through A's CHILD_SA in steps of
     * {@code stepMillis} until it is rekeyed or 200 s have passed; returns the old SA's octet count
     * when its rekey started, or -1.
     */
    static long trafficUntilRekey(TwoGateways g, long bytesPerSecond, long stepMillis) {
        ChildSa old = g.installedA.getFirst();
        long perStep = bytesPerSecond * stepMillis / 1000;
        for (long t = 0; t < 200_000; t += stepMillis) {
            old.outboundBytes.addAndGet(perStep / 2);
            old.inboundBytes.addAndGet(perStep - perStep / 2);
            g.advance(stepMillis);
            if (old.state() != ChildSa.State.INSTALLED) {
                long at = old.inboundBytes.get() + old.outboundBytes.get();
                g.run();
                return at;
            }
            g.run();
        }
        return -1;
    }

    static void assertRekeyedOnce(TwoGateways g, ChildSa old) {
        assertEquals(1, g.installedA.size(), g.logA.toString());
        assertNotEquals(old.inboundSpi(), g.installedA.getFirst().inboundSpi());
        assertChildPairsMatch(g.installedA.getFirst(), g.installedB.getFirst());
        assertEquals(1, g.a.stats().get("child-sa-rekeys-initiated"));
        assertTrue(g.logA.stream().anyMatch(l -> l.contains("reached its soft volume, rekeying")), g.logA.toString());
        assertFalse(g.logA.stream().anyMatch(l -> l.contains("hard volume")), g.logA.toString());
        assertUp(g);
    }

    @Test
    void slowTrafficIsRekeyedAtNinetyPercent() {
        TwoGateways g = pair();
        g.a.start();
        g.run();
        ChildSa old = g.installedA.getFirst();
        long at = trafficUntilRekey(g, 1_000, 1_000);
        assertTrue(at >= VOLUME * 9 / 10 && at < VOLUME * 9 / 10 + 1_000, "rekey started at " + at + " octets");
        assertRekeyedOnce(g, old);
    }

    /**
     * 28 KB/s, as large pings ten a second make, crosses the last tenth of 64 KB in less than a
     * quarter of a second, less than the engine's once-a-second look at idle counters: the rekey
     * starts a second's worth of traffic before the hard volume, the engine waking when the rate
     * says, and the old SA is never cut off.
     */
    @Test
    void fastTrafficIsRekeyedASecondAheadOfTheHardVolume() {
        TwoGateways g = pair();
        g.a.start();
        g.run();
        ChildSa old = g.installedA.getFirst();
        long rate = 28_000;
        long at = trafficUntilRekey(g, rate, 10);
        assertTrue(at > 0 && at <= VOLUME - rate + rate / 100 * 2, "rekey started at " + at + " octets");
        assertTrue(at >= VOLUME - rate - rate / 10, "not much earlier either: " + at + " octets");
        assertRekeyedOnce(g, old);
    }
}
