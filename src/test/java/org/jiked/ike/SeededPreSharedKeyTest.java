package org.jiked.ike;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The derivation of {@code seeded-pre-shared-key}: HMAC-SHA-256(seed, ID) in hexadecimal text. */
class SeededPreSharedKeyTest {
    @Test
    void isHmacSha256OfTheIdUnderTheSeedAsHexText() {
        // RFC 4231 test case 2
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                SeededPreSharedKey.text("Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want for nothing?"));
    }

    @Test
    void theEngineAndTheRequestCommandAgreeOnEveryIdType() {
        byte[] seed = "seed".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(SeededPreSharedKey.text(seed, "cell-9.example.net").getBytes(StandardCharsets.US_ASCII),
                SeededPreSharedKey.derive(seed, Identity.fqdn("cell-9.example.net")));
        assertArrayEquals(SeededPreSharedKey.text(seed, "ops@example.net").getBytes(StandardCharsets.US_ASCII),
                SeededPreSharedKey.derive(seed, Identity.rfc822("ops@example.net")));
        assertArrayEquals(SeededPreSharedKey.text(seed, "192.0.2.7").getBytes(StandardCharsets.US_ASCII),
                SeededPreSharedKey.derive(seed, Identity.of(IkeExchangeTest.address("192.0.2.7"))));
        for (String spelling : new String[] {"2001:db8::7", "2001:DB8:0:0:0:0:0:7", "2001:db8:0::0:7"}) {
            assertArrayEquals(SeededPreSharedKey.text(seed, spelling).getBytes(StandardCharsets.US_ASCII),
                    SeededPreSharedKey.derive(seed, Identity.of(IkeExchangeTest.address("2001:db8::7"))), spelling);
        }
        assertEquals(SeededPreSharedKey.text(seed, "2001:db8::7"),
                SeededPreSharedKey.text(seed.clone(), "2001:db8::7"));
        assertNotEquals(SeededPreSharedKey.text(seed, "2001:db8::7"), SeededPreSharedKey.text(seed, "2001:db8::8"));
        assertNotEquals(SeededPreSharedKey.text(seed, "cell-9.example.net"),
                SeededPreSharedKey.text("Seed".getBytes(StandardCharsets.US_ASCII), "cell-9.example.net"));
    }

    static PeerConfig withSeed(PeerConfig p, String seed) {
        return p.withOptions(p.options().withPskSeed(seed.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aJikedInitiatorWithTheSeedDerivesTheKeyOfItsOwnId() {
        var childA = IkeExchangeTest.child("vpn1", IkeExchangeTest.SITE_A, IkeExchangeTest.SITE_B,
                java.util.List.of(IkeExchangeTest.ESP_GCM), ChildConfig.StartAction.ON_TRAFFIC);
        var childB = IkeExchangeTest.child("vpn1", IkeExchangeTest.SITE_B, IkeExchangeTest.SITE_A,
                java.util.List.of(IkeExchangeTest.ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY);
        PeerConfig a = new PeerConfig("to-b", java.util.List.of(IkeExchangeTest.B), IkeExchangeTest.A,
                java.util.List.of(IkeExchangeTest.GCM_X25519), null, Identity.fqdn("cell-4.example.net"), null, 28800,
                java.util.List.of(childA), RetransmitSettings.DEFAULT);
        PeerConfig b = new PeerConfig("to-a", java.util.List.of(IkeExchangeTest.A), IkeExchangeTest.B,
                java.util.List.of(IkeExchangeTest.GCM_X25519), null, null, null, 28800, java.util.List.of(childB),
                RetransmitSettings.DEFAULT);
        TwoGateways g = new TwoGateways(java.util.List.of(withSeed(a, "s1")), java.util.List.of(withSeed(b, "s1")),
                IkeExchangeTest.A, IkeExchangeTest.B);
        g.a.initiate("to-b");
        g.run();
        IkeExchangeTest.assertUp(g);

        TwoGateways other = new TwoGateways(java.util.List.of(withSeed(a, "s2")), java.util.List.of(withSeed(b, "s1")),
                IkeExchangeTest.A, IkeExchangeTest.B);
        other.a.initiate("to-b");
        other.run();
        assertEquals(0, other.b.ikeSaCount());
        assertEquals(1, other.b.stats().get("auth-failures"));
    }
}
