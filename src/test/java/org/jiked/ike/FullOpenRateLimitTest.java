package org.jiked.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@code security ike session full-open incoming-exchange-max-rates}: each limit with the
 * injected clock; requests past it are refused (rekeys, TEMPORARY_FAILURE) or dropped
 * (liveness checks), and served again in the next minute.
 */
class FullOpenRateLimitTest {
    static TwoGateways upWithRates(int ikeRekey, int ipsecRekey, int keepalive) {
        TwoGateways g = IkeExchangeTest.standardPair();
        g.responderSession(new SessionSettings(60_000, 300, 150, 0, 0, false, 0, 0,
                new SessionSettings.ExchangeRates(ikeRekey, ipsecRekey, keepalive)));
        g.a.start();
        g.run();
        IkeExchangeTest.assertUp(g);
        return g;
    }

    @Test
    void ikeRekeysPastTheRateAreRefusedWithTemporaryFailure() {
        TwoGateways g = upWithRates(1, 0, 0);
        g.a.rekeyIkeSas();
        g.run();
        assertEquals(1, g.b.stats().get("ike-sa-rekeyed"));
        g.a.rekeyIkeSas();
        g.run();
        assertEquals(1, g.b.stats().get("ike-sa-rekeyed"));
        assertEquals(1, g.b.stats().get("rate-limited-refusals"));
        IkeExchangeTest.assertUp(g);
    }

    @Test
    void childRekeysPastTheRateAreRefusedPerTunnel() {
        TwoGateways g = upWithRates(0, 1, 0);
        g.a.rekeyChildSas();
        g.run();
        g.a.rekeyChildSas();
        g.run();
        assertEquals(1, g.b.stats().get("rate-limited-refusals"), String.join("\n", g.logB));
        long established = g.b.stats().get("child-sa-established");
        long start = g.now;
        // the initiator retries after TEMPORARY_FAILURE: refused within the minute, served after it
        for (int i = 0; i < 40 && g.b.stats().get("child-sa-established") == established; i++) {
            g.advance(2_000);
            g.run();
        }
        assertEquals(established + 1, g.b.stats().get("child-sa-established"), "a new minute, a new allowance");
        org.junit.jupiter.api.Assertions.assertTrue(g.now - start >= IncomingRateLimiter.WINDOW_MILLIS - 4_000);
        IkeExchangeTest.assertUp(g);
    }

    @Test
    void keepalivesPastTheRateAreDroppedAndAnsweredWhenTheMinuteTurns() {
        TwoGateways g = upWithRates(0, 0, 2);
        IkeSa a = new HostilePeer(g).initiatorSa();
        for (int i = 0; i < 3; i++) {
            g.a.channel.queue(a, Informational.liveness(DpdSettings.OFF));
            g.run();
        }
        assertEquals(1, g.b.stats().get("rate-limited-drops"));
        assertEquals(a.nextRequestId - 1, a.outstanding.messageId, "the third is still waiting");
        g.advance(IncomingRateLimiter.WINDOW_MILLIS);
        g.run();
        for (int i = 0; i < 10 && a.outstanding != null; i++) {
            g.advance(2_000);
            g.run();
        }
        assertEquals(null, a.outstanding, "answered after the window turned: " + String.join("\n", g.logB));
        IkeExchangeTest.assertUp(g);
    }
}
