package org.jiked.crypto;

import static org.jiked.crypto.Hex.ascii;
import static org.jiked.crypto.Hex.bytes;
import static org.jiked.crypto.Hex.hex;
import static org.jiked.crypto.Hex.range;
import static org.jiked.crypto.Hex.repeat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jiked.wire.TransformType;
import org.junit.jupiter.api.Test;

class PrfTest {
    private static final Prf SHA1 = Prf.of(TransformType.PRF_HMAC_SHA1);
    private static final Prf SHA256 = Prf.of(TransformType.PRF_HMAC_SHA2_256);
    private static final Prf SHA384 = Prf.of(TransformType.PRF_HMAC_SHA2_384);
    private static final Prf SHA512 = Prf.of(TransformType.PRF_HMAC_SHA2_512);

    private static final byte[] CASE7_DATA = ascii("This is a test using a larger than block-size"
            + " key and a larger than block-size data. The key needs to be hashed before being"
            + " used by the HMAC algorithm.");

    private static void check(Prf prf, byte[] key, byte[] data, String expected) {
        assertEquals(expected.replaceAll("\\s+", ""), hex(prf.compute(key, data)));
    }

    @Test
    void supportedIdsAndLengths() {
        assertTrue(Prf.isSupported(2));
        assertTrue(Prf.isSupported(5));
        assertTrue(Prf.isSupported(6));
        assertTrue(Prf.isSupported(7));
        assertFalse(Prf.isSupported(1)); // HMAC-MD5
        assertFalse(Prf.isSupported(4)); // AES128-XCBC
        assertThrows(IllegalArgumentException.class, () -> Prf.of(8));
        assertEquals(20, SHA1.outputLength());
        assertEquals(32, SHA256.outputLength());
        assertEquals(48, SHA384.outputLength());
        assertEquals(64, SHA512.outputLength());
        assertEquals(TransformType.PRF_HMAC_SHA2_384, SHA384.id());
    }

    /** RFC 4231 section 4, test cases 1-4, 6 and 7 (case 5 is in IntegrityTest). */
    @Test
    void rfc4231HmacSha2() {
        byte[] k1 = repeat(0x0b, 20);
        byte[] d1 = ascii("Hi There");
        check(SHA256, k1, d1, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        check(SHA384, k1, d1, "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
                + "faea9ea9076ede7f4af152e8b2fa9cb6");
        check(SHA512, k1, d1, "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");

        byte[] k2 = ascii("Jefe");
        byte[] d2 = ascii("what do ya want for nothing?");
        check(SHA256, k2, d2, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        check(SHA384, k2, d2, "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
                + "8e2240ca5e69e2c78b3239ecfab21649");
        check(SHA512, k2, d2, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");

        byte[] k3 = repeat(0xaa, 20);
        byte[] d3 = repeat(0xdd, 50);
        check(SHA256, k3, d3, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
        check(SHA384, k3, d3, "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
                + "2a5ab39dc13814b94e3ab6e101a34f27");
        check(SHA512, k3, d3, "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
                + "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb");

        byte[] k4 = range(0x01, 0x19);
        byte[] d4 = repeat(0xcd, 50);
        check(SHA256, k4, d4, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
        check(SHA384, k4, d4, "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
                + "6801dd23c4a7d679ccf8a386c674cffb");
        check(SHA512, k4, d4, "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
                + "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd");

        byte[] k6 = repeat(0xaa, 131);
        byte[] d6 = ascii("Test Using Larger Than Block-Size Key - Hash Key First");
        check(SHA256, k6, d6, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        check(SHA384, k6, d6, "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
                + "0c2ef6ab4030fe8296248df163f44952");
        check(SHA512, k6, d6, "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
                + "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");

        check(SHA256, k6, CASE7_DATA,
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
        check(SHA384, k6, CASE7_DATA, "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82"
                + "461e99c5a678cc31e799176d3860e6110c46523e");
        check(SHA512, k6, CASE7_DATA, "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d"
                + "20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58");
    }

    /** RFC 2202 section 3, HMAC-SHA-1 test cases 1-7. */
    @Test
    void rfc2202HmacSha1() {
        check(SHA1, repeat(0x0b, 20), ascii("Hi There"),
                "b617318655057264e28bc0b6fb378c8ef146be00");
        check(SHA1, ascii("Jefe"), ascii("what do ya want for nothing?"),
                "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
        check(SHA1, repeat(0xaa, 20), repeat(0xdd, 50),
                "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
        check(SHA1, range(0x01, 0x19), repeat(0xcd, 50),
                "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
        check(SHA1, repeat(0x0c, 20), ascii("Test With Truncation"),
                "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
        check(SHA1, repeat(0xaa, 80),
                ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
                "aa4ae5e15272d00e95705637ce8a3b55ed402112");
        check(SHA1, repeat(0xaa, 80), ascii("Test Using Larger Than Block-Size Key and Larger"
                + " Than One Block-Size Data"), "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
    }

    @Test
    void multiPartComputeEqualsConcatenation() {
        byte[] key = range(1, 40);
        byte[] a = range(10, 30);
        byte[] b = range(50, 51);
        byte[] c = new byte[0];
        assertArrayEquals(SHA256.compute(key, Bytes.concat(a, b, c)), SHA256.compute(key, a, b, c));
    }

    @Test
    void emptyKeyIsHmacWithZeroKey() {
        assertArrayEquals(SHA256.compute(new byte[32], ascii("x")),
                SHA256.compute(new byte[0], ascii("x")));
    }

    /** prf+ recomputed block by block with a bare Mac, for lengths inside and across blocks. */
    @Test
    void prfPlusMatchesDefinition() throws Exception {
        byte[] key = range(0x20, 0x5f);
        byte[] seed = range(0x80, 0xbf);
        for (Prf prf : new Prf[] {SHA1, SHA256, SHA384, SHA512}) {
            Mac mac = Mac.getInstance(prf.algorithm());
            mac.init(new SecretKeySpec(key, prf.algorithm()));
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            byte[] t = new byte[0];
            for (int n = 1; n <= 7; n++) {
                mac.update(t);
                mac.update(seed);
                mac.update((byte) n);
                t = mac.doFinal();
                stream.write(t);
            }
            byte[] expected = stream.toByteArray();
            for (int length : new int[] {0, 1, prf.outputLength() - 1, prf.outputLength(),
                    prf.outputLength() + 1, 3 * prf.outputLength() + 5, 7 * prf.outputLength()}) {
                assertArrayEquals(java.util.Arrays.copyOf(expected, length),
                        prf.prfPlus(key, seed, length), prf + " length " + length);
            }
        }
    }

    @Test
    void prfPlusStopsAt255Blocks() {
        assertEquals(255 * 20, SHA1.prfPlus(new byte[] {1}, new byte[] {2}, 255 * 20).length);
        assertThrows(IllegalArgumentException.class,
                () -> SHA1.prfPlus(new byte[] {1}, new byte[] {2}, 255 * 20 + 1));
        assertThrows(IllegalArgumentException.class,
                () -> SHA1.prfPlus(new byte[] {1}, new byte[] {2}, -1));
    }

    @Test
    void prfPlusFirstBlockIsPrfOfSeedAndOne() {
        byte[] key = bytes("000102030405060708090a0b0c0d0e0f");
        byte[] seed = ascii("seed");
        assertArrayEquals(SHA256.compute(key, Bytes.concat(seed, new byte[] {1})),
                SHA256.prfPlus(key, seed, 32));
    }
}
