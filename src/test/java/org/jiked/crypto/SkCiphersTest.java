package org.jiked.crypto;

import static org.jiked.crypto.Hex.ascii;
import static org.jiked.crypto.Hex.bytes;
import static org.jiked.crypto.Hex.hex;
import static org.jiked.crypto.Hex.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jiked.wire.EncryptedPayloadCipher;
import org.jiked.wire.EncryptedPayloadCipher.IntegrityException;
import org.jiked.wire.TransformType;
import org.junit.jupiter.api.Test;

class SkCiphersTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CBC = TransformType.ENCR_AES_CBC;
    private static final int GCM = TransformType.ENCR_AES_GCM_16;
    private static final int CHACHA = TransformType.ENCR_CHACHA20_POLY1305;
    private static final int NONE = TransformType.AUTH_NONE;

    private record Suite(int encr, int keyBits, int integ) {
        byte[] encrKey() {
            return range(0x30, 0x30 + SkCiphers.encryptionKeyLength(encr, keyBits) - 1);
        }

        byte[] integKey() {
            return integ == NONE
                    ? null
                    : range(0x90, 0x90 + SkCiphers.integrityKeyLength(integ) - 1);
        }

        EncryptedPayloadCipher create() {
            return SkCiphers.create(encr, keyBits, integ, encrKey(), integKey(), RANDOM);
        }
    }

    private static List<Suite> allSuites() {
        List<Suite> suites = new java.util.ArrayList<>();
        for (int bits : new int[] {128, 192, 256}) {
            for (int integ : new int[] {TransformType.AUTH_HMAC_SHA1_96,
                    TransformType.AUTH_HMAC_SHA2_256_128, TransformType.AUTH_HMAC_SHA2_384_192,
                    TransformType.AUTH_HMAC_SHA2_512_256}) {
                suites.add(new Suite(CBC, bits, integ));
            }
            suites.add(new Suite(GCM, bits, NONE));
        }
        suites.add(new Suite(CHACHA, 0, NONE));
        suites.add(new Suite(CHACHA, 256, NONE));
        return suites;
    }

    /** The plaintext padded as the SK payload encoder would, pad length in the last octet. */
    private static byte[] padded(byte[] content, int blockSize) {
        int total = content.length + 1;
        int pad = (blockSize - total % blockSize) % blockSize;
        byte[] out = Arrays.copyOf(content, total + pad);
        out[out.length - 1] = (byte) pad;
        return out;
    }

    @Test
    void supportMatrix() {
        assertTrue(SkCiphers.isSupported(CBC, 128, TransformType.AUTH_HMAC_SHA1_96));
        assertTrue(SkCiphers.isSupported(CBC, 256, TransformType.AUTH_HMAC_SHA2_512_256));
        assertFalse(SkCiphers.isSupported(CBC, 128, NONE));
        assertFalse(SkCiphers.isSupported(CBC, 0, TransformType.AUTH_HMAC_SHA2_256_128));
        assertFalse(SkCiphers.isSupported(CBC, 512, TransformType.AUTH_HMAC_SHA2_256_128));
        assertFalse(SkCiphers.isSupported(CBC, 128, 1)); // HMAC-MD5-96
        assertTrue(SkCiphers.isSupported(GCM, 192, NONE));
        assertFalse(SkCiphers.isSupported(GCM, 0, NONE));
        assertFalse(SkCiphers.isSupported(GCM, 128, TransformType.AUTH_HMAC_SHA2_256_128));
        assertTrue(SkCiphers.isSupported(CHACHA, 0, NONE));
        assertTrue(SkCiphers.isSupported(CHACHA, 256, NONE));
        assertFalse(SkCiphers.isSupported(CHACHA, 128, NONE));
        assertFalse(SkCiphers.isSupported(CHACHA, 0, TransformType.AUTH_HMAC_SHA2_256_128));
        assertFalse(SkCiphers.isSupported(3, 0, TransformType.AUTH_HMAC_SHA1_96)); // 3DES
        assertFalse(SkCiphers.isSupported(18, 128, NONE)); // AES-GCM-8
    }

    @Test
    void keyLengths() {
        assertEquals(16, SkCiphers.encryptionKeyLength(CBC, 128));
        assertEquals(24, SkCiphers.encryptionKeyLength(CBC, 192));
        assertEquals(32, SkCiphers.encryptionKeyLength(CBC, 256));
        assertEquals(20, SkCiphers.encryptionKeyLength(GCM, 128));
        assertEquals(28, SkCiphers.encryptionKeyLength(GCM, 192));
        assertEquals(36, SkCiphers.encryptionKeyLength(GCM, 256));
        assertEquals(36, SkCiphers.encryptionKeyLength(CHACHA, 0));
        assertEquals(36, SkCiphers.encryptionKeyLength(CHACHA, 256));
        assertThrows(IllegalArgumentException.class, () -> SkCiphers.encryptionKeyLength(CBC, 0));
        assertThrows(IllegalArgumentException.class, () -> SkCiphers.encryptionKeyLength(3, 0));
        assertEquals(0, SkCiphers.integrityKeyLength(NONE));
        assertEquals(20, SkCiphers.integrityKeyLength(TransformType.AUTH_HMAC_SHA1_96));
        assertEquals(32, SkCiphers.integrityKeyLength(TransformType.AUTH_HMAC_SHA2_256_128));
        assertEquals(48, SkCiphers.integrityKeyLength(TransformType.AUTH_HMAC_SHA2_384_192));
        assertEquals(64, SkCiphers.integrityKeyLength(TransformType.AUTH_HMAC_SHA2_512_256));
        assertThrows(IllegalArgumentException.class, () -> SkCiphers.integrityKeyLength(1));
    }

    @Test
    void createRefusesWrongKeysAndSuites() {
        byte[] k16 = new byte[16];
        byte[] k32 = new byte[32];
        int sha256 = TransformType.AUTH_HMAC_SHA2_256_128;
        assertThrows(IllegalArgumentException.class,
                () -> SkCiphers.create(CBC, 128, sha256, new byte[15], k32, RANDOM));
        assertThrows(IllegalArgumentException.class,
                () -> SkCiphers.create(CBC, 128, sha256, k16, k16, RANDOM));
        assertThrows(IllegalArgumentException.class,
                () -> SkCiphers.create(CBC, 128, sha256, k16, null, RANDOM));
        assertThrows(IllegalArgumentException.class,
                () -> SkCiphers.create(GCM, 128, NONE, k16, null, RANDOM)); // salt missing
        assertThrows(IllegalArgumentException.class,
                () -> SkCiphers.create(GCM, 128, NONE, new byte[20], k32, RANDOM));
        assertThrows(IllegalArgumentException.class,
                () -> SkCiphers.create(GCM, 128, sha256, new byte[20], k32, RANDOM));
        SkCiphers.create(GCM, 128, NONE, new byte[20], new byte[0], RANDOM);
    }

    @Test
    void shapeOfEachSuite() {
        for (Suite suite : allSuites()) {
            EncryptedPayloadCipher cipher = suite.create();
            if (suite.encr == CBC) {
                assertEquals(16, cipher.ivLength());
                assertEquals(16, cipher.blockSize());
                assertEquals(Integrity.of(suite.integ).outputLength(), cipher.icvLength());
            } else {
                assertEquals(8, cipher.ivLength());
                assertEquals(1, cipher.blockSize());
                assertEquals(16, cipher.icvLength());
            }
        }
    }

    @Test
    void roundTripAndTamperingInEverySuite() throws Exception {
        byte[] aad = range(0, 31);
        for (Suite suite : allSuites()) {
            EncryptedPayloadCipher sender = suite.create();
            EncryptedPayloadCipher receiver = suite.create();
            for (int length : new int[] {0, 1, 15, 16, 100}) {
                byte[] plaintext = padded(range(7, 7 + length - 1), sender.blockSize());
                byte[] body = sender.encrypt(aad, plaintext);
                assertEquals(sender.ivLength() + plaintext.length + sender.icvLength(),
                        body.length, suite.toString());
                assertArrayEquals(plaintext, receiver.decrypt(aad, body), suite.toString());

                // One flipped bit in the IV, the ciphertext, the ICV or the associated data.
                for (int index : new int[] {0, sender.ivLength(), body.length - 1}) {
                    byte[] bad = body.clone();
                    bad[index] ^= 0x01;
                    assertThrows(IntegrityException.class, () -> receiver.decrypt(aad, bad),
                            suite + " bit flip at " + index);
                }
                byte[] badAad = aad.clone();
                badAad[3] ^= (byte) 0x80;
                assertThrows(IntegrityException.class, () -> receiver.decrypt(badAad, body));
                assertThrows(IntegrityException.class,
                        () -> receiver.decrypt(aad, Arrays.copyOf(body, body.length - 1)));
            }
            // Bodies too short to hold an IV, the minimum ciphertext and an ICV.
            int minimum = sender.ivLength() + sender.blockSize() + sender.icvLength();
            for (int length : new int[] {0, 1, sender.ivLength() + sender.icvLength(),
                    minimum - 1}) {
                byte[] shortBody = new byte[length];
                assertThrows(IntegrityException.class, () -> receiver.decrypt(aad, shortBody),
                        suite + " body of " + length);
            }
        }
    }

    /** The CBC ICV covers aad | IV | ciphertext, and the ciphertext is plain AES-CBC. */
    @Test
    void cbcLayoutMatchesRfc7296() throws Exception {
        Suite suite = new Suite(CBC, 256, TransformType.AUTH_HMAC_SHA2_256_128);
        EncryptedPayloadCipher cipher = suite.create();
        byte[] aad = range(0x10, 0x2f);
        byte[] plaintext = padded(ascii("IDi AUTH SA TSi TSr"), 16);
        byte[] body = cipher.encrypt(aad, plaintext);
        int n = plaintext.length;

        byte[] icv = Integrity.of(suite.integ).compute(suite.integKey(),
                Bytes.concat(aad, Arrays.copyOf(body, 16 + n)));
        assertArrayEquals(icv, Arrays.copyOfRange(body, 16 + n, body.length));

        Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(suite.encrKey(), "AES"),
                new IvParameterSpec(body, 0, 16));
        assertArrayEquals(plaintext, aes.doFinal(body, 16, n));

        // Fresh random IVs.
        assertFalse(Arrays.equals(Arrays.copyOf(body, 16),
                Arrays.copyOf(cipher.encrypt(aad, plaintext), 16)));
    }

    /** A correctly authenticated ciphertext that is not whole blocks is refused, not thrown. */
    @Test
    void cbcRefusesAuthenticatedPartialBlock() {
        Suite suite = new Suite(CBC, 128, TransformType.AUTH_HMAC_SHA1_96);
        EncryptedPayloadCipher cipher = suite.create();
        byte[] aad = range(0, 27);
        byte[] ivAndCiphertext = range(0x40, 0x40 + 16 + 17 - 1);
        byte[] icv = Integrity.of(suite.integ).compute(suite.integKey(),
                Bytes.concat(aad, ivAndCiphertext));
        byte[] body = Bytes.concat(ivAndCiphertext, icv);
        IntegrityException e =
                assertThrows(IntegrityException.class, () -> cipher.decrypt(aad, body));
        assertTrue(e.getMessage().contains("block"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cipher.encrypt(aad, new byte[17]));
        assertThrows(IllegalArgumentException.class, () -> cipher.encrypt(aad, new byte[0]));
    }

    @Test
    void aeadRefusesPlaintextWithoutPadLength() {
        EncryptedPayloadCipher cipher = new Suite(GCM, 128, NONE).create();
        assertThrows(IllegalArgumentException.class,
                () -> cipher.encrypt(new byte[4], new byte[0]));
    }

    /** The AEAD nonce is salt | explicit IV, and the IV never repeats within an instance. */
    @Test
    void aeadLayoutAndIvUniqueness() throws Exception {
        byte[] aad = range(0, 31);
        for (Suite suite : List.of(new Suite(GCM, 128, NONE), new Suite(CHACHA, 0, NONE))) {
            EncryptedPayloadCipher cipher = suite.create();
            byte[] key = suite.encrKey();
            byte[] salt = Arrays.copyOfRange(key, key.length - 4, key.length);
            SecretKeySpec spec = suite.encr == GCM
                    ? new SecretKeySpec(key, 0, key.length - 4, "AES")
                    : new SecretKeySpec(key, 0, 32, "ChaCha20");
            Set<String> ivs = new HashSet<>();
            long previous = 0;
            for (int i = 0; i < 50; i++) {
                byte[] plaintext = padded(range(0, i), 1);
                byte[] body = cipher.encrypt(aad, plaintext);
                byte[] iv = Arrays.copyOf(body, 8);
                assertTrue(ivs.add(hex(iv)), "IV repeated");
                long value = new java.math.BigInteger(1, iv).longValue();
                if (i > 0) {
                    assertEquals(previous + 1, value, "IV counter");
                }
                previous = value;

                byte[] nonce = Bytes.concat(salt, iv);
                Cipher jca = Cipher.getInstance(suite.encr == GCM
                        ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305");
                jca.init(Cipher.DECRYPT_MODE, spec, suite.encr == GCM
                        ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce));
                jca.updateAAD(aad);
                assertArrayEquals(plaintext, jca.doFinal(body, 8, body.length - 8));
            }
        }
    }

    /**
     * The GCM specification's test cases 4 (AES-128) and 16 (AES-256), which have associated
     * data, in the RFC 4106 layout: salt = cafebabe, explicit IV = facedbaddecaf888.
     */
    @Test
    void aesGcmKnownAnswers() throws Exception {
        byte[] aad = bytes("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] plaintext = bytes("""
                d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
                1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39""");
        EncryptedPayloadCipher gcm128 = SkCiphers.create(GCM, 128, NONE,
                bytes("feffe9928665731c6d6a8f9467308308 cafebabe"), null, RANDOM);
        assertArrayEquals(plaintext, gcm128.decrypt(aad, bytes("""
                facedbaddecaf888
                42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e
                21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091
                5bc94fbc3221a5db94fae95ae7121a47""")));

        EncryptedPayloadCipher gcm256 = SkCiphers.create(GCM, 256, NONE, bytes("""
                feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308
                cafebabe"""), null, RANDOM);
        byte[] body = bytes("""
                facedbaddecaf888
                522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa
                8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662
                76fc6ece0f4e1768cddf8853bb2d551b""");
        assertArrayEquals(plaintext, gcm256.decrypt(aad, body));
        body[body.length - 16] ^= 0x04;
        assertThrows(IntegrityException.class, () -> gcm256.decrypt(aad, body));
    }

    /** RFC 8439 section 2.8.2, in the RFC 7634 layout: salt 07000000, IV 4041424344454647. */
    @Test
    void chacha20Poly1305Rfc8439() throws Exception {
        EncryptedPayloadCipher cipher = SkCiphers.create(CHACHA, 0, NONE,
                Bytes.concat(range(0x80, 0x9f), bytes("07000000")), null, RANDOM);
        byte[] aad = bytes("50515253c0c1c2c3c4c5c6c7");
        byte[] body = bytes("""
                4041424344454647
                d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6
                3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36
                92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc
                3ff4def08e4b7a9de576d26586cec64b6116
                1ae10b594f09e26a7e902ecbd0600691""");
        assertEquals("Ladies and Gentlemen of the class of '99: If I could offer you only one"
                        + " tip for the future, sunscreen would be it.",
                new String(cipher.decrypt(aad, body), java.nio.charset.StandardCharsets.US_ASCII));
        body[20] ^= 0x10;
        assertThrows(IntegrityException.class, () -> cipher.decrypt(aad, body));
    }

    /**
     * RFC 7634 appendix B: an INFORMATIONAL request's SK payload. The associated data is the
     * IKE header and the SK payload header; the plaintext holds one notification and a zero
     * pad length.
     */
    @Test
    void chacha20Poly1305Rfc7634IkeExample() throws Exception {
        EncryptedPayloadCipher cipher = SkCiphers.create(CHACHA, 0, NONE,
                Bytes.concat(range(0x80, 0x9f), bytes("a0a1a2a3")), null, RANDOM);
        byte[] aad = bytes("""
                c0c1c2c3c4c5c6c7 d0d1d2d3d4d5d6d7 2e202500 00000009 00000045
                29000029""");
        byte[] body = bytes("""
                1011121314151617
                610394701f8d017f7c12924889
                6b71bfe25236efd7cdc67066906315b2""");
        assertArrayEquals(bytes("0000000c000040010000000a00"), cipher.decrypt(aad, body));
        aad[19] ^= 0x01;
        assertThrows(IntegrityException.class, () -> cipher.decrypt(aad, body));
    }
}
