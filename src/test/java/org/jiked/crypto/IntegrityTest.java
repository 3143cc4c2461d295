package org.jiked.crypto;

import static org.jiked.crypto.Hex.ascii;
import static org.jiked.crypto.Hex.bytes;
import static org.jiked.crypto.Hex.hex;
import static org.jiked.crypto.Hex.repeat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.jiked.wire.TransformType;
import org.junit.jupiter.api.Test;

class IntegrityTest {
    private static final Integrity SHA1_96 = Integrity.of(TransformType.AUTH_HMAC_SHA1_96);
    private static final Integrity SHA256_128 = Integrity.of(TransformType.AUTH_HMAC_SHA2_256_128);
    private static final Integrity SHA384_192 = Integrity.of(TransformType.AUTH_HMAC_SHA2_384_192);
    private static final Integrity SHA512_256 = Integrity.of(TransformType.AUTH_HMAC_SHA2_512_256);

    @Test
    void lengths() {
        assertEquals(20, SHA1_96.keyLength());
        assertEquals(12, SHA1_96.outputLength());
        assertEquals(32, SHA256_128.keyLength());
        assertEquals(16, SHA256_128.outputLength());
        assertEquals(48, SHA384_192.keyLength());
        assertEquals(24, SHA384_192.outputLength());
        assertEquals(64, SHA512_256.keyLength());
        assertEquals(32, SHA512_256.outputLength());
        assertFalse(Integrity.isSupported(TransformType.AUTH_NONE));
        assertFalse(Integrity.isSupported(1)); // HMAC-MD5-96
        assertThrows(IllegalArgumentException.class, () -> Integrity.of(0));
    }

    /**
     * RFC 4231 test case 5 ("Test With Truncation", output truncated to 128 bits): exact for
     * SHA2-256-128, and a prefix of the longer truncations.
     */
    @Test
    void rfc4231TruncationCase() {
        byte[] key = repeat(0x0c, 20);
        byte[] data = ascii("Test With Truncation");
        assertEquals("a3b6167473100ee06e0c796c2955552b", hex(SHA256_128.compute(key, data)));
        assertEquals("3abf34c3503b2a23a46efc619baef897",
                hex(Arrays.copyOf(SHA384_192.compute(key, data), 16)));
        assertEquals("415fad6271580a531d4179bc891d87a6",
                hex(Arrays.copyOf(SHA512_256.compute(key, data), 16)));
        // RFC 2202 test case 5, HMAC-SHA-1-96.
        assertEquals("4c1a03424b55e07fe7f27be1", hex(SHA1_96.compute(key, data)));
    }

    /** RFC 4868 section 2.7.2: the authenticator test vectors with full-length keys. */
    @Test
    void rfc4868Authenticators() {
        byte[] hiThere = ascii("Hi There");
        assertEquals("198a607eb44bfbc69903a0f1cf2bbdc5",
                hex(SHA256_128.compute(repeat(0x0b, 32), hiThere)));
        assertEquals("b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973",
                hex(SHA384_192.compute(repeat(0x0b, 48), hiThere)));
        assertEquals("637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8",
                hex(SHA512_256.compute(repeat(0x0b, 64), hiThere)));

        byte[] what = ascii("what do ya want for nothing?");
        assertEquals("167f928588c5cc2eef8e3093caa0e87c",
                hex(SHA256_128.compute(ascii("Jefe".repeat(8)), what)));
        assertEquals("2c7353974f1842fd66d53c452ca42122b28c0b594cfb184d",
                hex(SHA384_192.compute(ascii("Jefe".repeat(12)), what)));
        assertEquals("cb370917ae8a7ce28cfd1d8f4705d6141c173b2a9362c15df235dfb251b15454",
                hex(SHA512_256.compute(ascii("Jefe".repeat(16)), what)));

        byte[] dd = repeat(0xdd, 50);
        assertEquals("cdcb1220d1ecccea91e53aba3092f962",
                hex(SHA256_128.compute(repeat(0xaa, 32), dd)));
        assertEquals("809f439be00274321d4a538652164b53554a508184a0c316",
                hex(SHA384_192.compute(repeat(0xaa, 48), dd)));
        assertEquals("2ee7acd783624ca9398710f3ee05ae41b9f9b0510c87e49e586cc9bf961733d8",
                hex(SHA512_256.compute(repeat(0xaa, 64), dd)));
    }

    @Test
    void verifyAcceptsOnlyTheRightIcv() {
        byte[] key = repeat(0x0b, 32);
        byte[] data = ascii("Hi There");
        byte[] icv = bytes("198a607eb44bfbc69903a0f1cf2bbdc5");
        assertTrue(SHA256_128.verify(key, data, icv));
        for (int bit = 0; bit < icv.length * 8; bit += 13) {
            byte[] bad = icv.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(SHA256_128.verify(key, data, bad));
        }
        assertFalse(SHA256_128.verify(key, data, Arrays.copyOf(icv, 15)));
        assertFalse(SHA256_128.verify(key, ascii("Hi there"), icv));
    }

    @Test
    void keyedInstanceMatchesOneShotAndIsReusable() {
        for (Integrity integrity : new Integrity[] {SHA1_96, SHA256_128, SHA384_192, SHA512_256}) {
            byte[] key = repeat(0x42, integrity.keyLength());
            Integrity.Keyed keyed = integrity.keyed(key);
            for (int round = 0; round < 3; round++) {
                byte[] data = repeat(round, 100 + round);
                byte[] expected = integrity.compute(key, data);
                assertArrayEquals(expected,
                        keyed.update(data, 0, 40).update(data, 40, data.length - 40).finish());
                byte[] framed = new byte[expected.length + 3];
                System.arraycopy(expected, 0, framed, 3, expected.length);
                assertTrue(keyed.update(data).finishAndVerify(framed, 3));
                framed[3] ^= 1;
                assertFalse(keyed.update(data).finishAndVerify(framed, 3));
                assertFalse(keyed.update(data).finishAndVerify(expected, 1)); // too short
            }
        }
    }
}
