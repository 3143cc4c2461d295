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
    void addressesAreWrittenAsRfc5952Does() {
        assertEquals("2001:db8::1:0:0:1", SeededPreSharedKey.canonical(IkeExchangeTest.address("2001:db8:0:0:1:0:0:1")));
        assertEquals("2001:db8:0:1:1:1:1:1", SeededPreSharedKey.canonical(IkeExchangeTest.address("2001:db8:0:1:1:1:1:1")));
        assertEquals("::", SeededPreSharedKey.canonical(IkeExchangeTest.address("::")));
        assertEquals("::1", SeededPreSharedKey.canonical(IkeExchangeTest.address("::1")));
        assertEquals("fe80::", SeededPreSharedKey.canonical(IkeExchangeTest.address("fe80::")));
        assertEquals("192.0.2.7", SeededPreSharedKey.canonical(IkeExchangeTest.address("192.0.2.7")));
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
}
