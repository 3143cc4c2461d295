package org.jiked.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AUTH signatures of RFC 7296, RFC 4754 and RFC 7427, and the bad keys and parameters of PITFALLS.md. */
class AuthSignaturesTest {
    static final byte[] OCTETS = "the signed octets of RFC 7296 section 2.15".getBytes(StandardCharsets.US_ASCII);
    static final Set<Integer> ALL = Set.of(2, 3, 4);
    static KeyPair rsa;
    static KeyPair rsaE3;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
        g.initialize(new RSAKeyGenParameterSpec(2048, BigInteger.valueOf(3)));
        rsaE3 = g.generateKeyPair();
    }

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    static void roundTrip(KeyPair kp, Set<Integer> peerHashes, boolean pss, int expectedMethod) throws Exception {
        var auth = AuthSignatures.sign(JdkPublicKeyOps.INSTANCE, kp.getPrivate(), kp.getPublic(), peerHashes, pss, OCTETS);
        assertEquals(expectedMethod, auth.method());
        AuthSignatures.verify(JdkPublicKeyOps.INSTANCE, kp.getPublic(), auth.method(), auth.data(), OCTETS);
        byte[] other = OCTETS.clone();
        other[0] ^= 1;
        var e = assertThrows(CertificateFailure.class, () -> AuthSignatures.verify(JdkPublicKeyOps.INSTANCE,
                kp.getPublic(), auth.method(), auth.data(), other));
        assertEquals(CertificateFailure.Reason.SIGNATURE_INVALID, e.reason());
    }

    @Test
    void classicMethodsWithoutSignatureHashAlgorithms() throws Exception {
        roundTrip(rsa, Set.of(), false, 1);
        roundTrip(ec("secp256r1"), Set.of(), false, 9);
        roundTrip(ec("secp384r1"), Set.of(), false, 10);
        roundTrip(ec("secp521r1"), Set.of(), false, 11);
    }

    @Test
    void ecdsaClassicSignaturesAreRawRAndS() throws Exception {
        KeyPair p384 = ec("secp384r1");
        var auth = AuthSignatures.sign(JdkPublicKeyOps.INSTANCE, p384.getPrivate(), p384.getPublic(), Set.of(), false, OCTETS);
        assertEquals(96, auth.data().length, "RFC 4754: r and s of 48 octets each");
    }

    @Test
    void digitalSignatureMethodWithRsaPkcs1RsaPssAndEcdsa() throws Exception {
        roundTrip(rsa, ALL, false, 14);
        roundTrip(rsa, ALL, true, 14);
        roundTrip(rsa, Set.of(4), true, 14);
        roundTrip(ec("secp256r1"), ALL, false, 14);
        roundTrip(ec("secp521r1"), Set.of(2), false, 14);
    }

    @Test
    void algorithmIdentifiersAreThoseOfRfc7427AppendixA() throws Exception {
        assertEquals("300d06092a864886f70d01010b0500",
                HexFormat.of().formatHex(AuthSignatures.algorithmIdentifier(SignatureScheme.rsaPkcs1(2))));
        assertEquals("300a06082a8648ce3d040303",
                HexFormat.of().formatHex(AuthSignatures.algorithmIdentifier(SignatureScheme.ecdsaDer(3))));
        // RFC 7427 A.4.3 (RSASSA-PSS, SHA-256, MGF1 SHA-256, salt 32) less its trailerField, which
        // DER leaves out because it is the DEFAULT
        assertEquals("3041" + "06092a864886f70d01010a" + "3034a00f300d06096086480165030402010500"
                        + "a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120",
                HexFormat.of().formatHex(AuthSignatures.algorithmIdentifier(SignatureScheme.rsaPss(2))));
    }

    @Test
    void rsaPkcs1WithGarbageAfterTheDigestInfoIsRefusedEvenWithExponent3() throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(OCTETS);
        byte[] digestInfo = HexFormat.of().parseHex("3031300d060960864801650304020105000420");
        int k = 256;
        byte[] em = new byte[k];
        em[1] = 1;
        int garbage = 20;
        int psEnd = k - digestInfo.length - hash.length - garbage - 1;
        for (int i = 2; i < psEnd; i++) {
            em[i] = (byte) 0xff;
        }
        System.arraycopy(digestInfo, 0, em, psEnd + 1, digestInfo.length);
        System.arraycopy(hash, 0, em, psEnd + 1 + digestInfo.length, hash.length);
        for (int i = k - garbage; i < k; i++) {
            em[i] = (byte) 0xa5;
        }
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
        raw.init(Cipher.ENCRYPT_MODE, rsaE3.getPrivate());
        byte[] sig = raw.doFinal(em);
        byte[] data = method14(SignatureScheme.rsaPkcs1(2), sig);
        var e = assertThrows(CertificateFailure.class,
                () -> AuthSignatures.verify(JdkPublicKeyOps.INSTANCE, rsaE3.getPublic(), 14, data, OCTETS));
        assertEquals(CertificateFailure.Reason.SIGNATURE_INVALID, e.reason());
        // the same key with a well-formed signature verifies: the refusal above is the garbage
        roundTrip(rsaE3, ALL, false, 14);
    }

    @Test
    void aSignatureEqualToTheModulusIsRefused() throws Exception {
        byte[] n = toOctets(((RSAPublicKey) rsa.getPublic()).getModulus(), 256);
        var e = assertThrows(CertificateFailure.class,
                () -> AuthSignatures.verify(JdkPublicKeyOps.INSTANCE, rsa.getPublic(), 1, n, OCTETS));
        assertEquals(CertificateFailure.Reason.SIGNATURE_INVALID, e.reason());
    }

    @Test
    void evenTinyAndBadExponentRsaKeysAreRefusedBeforeAnyArithmetic() throws Exception {
        BigInteger n = ((RSAPublicKey) rsa.getPublic()).getModulus();
        KeyFactory f = KeyFactory.getInstance("RSA");
        for (PublicKey bad : new PublicKey[] {
                f.generatePublic(new RSAPublicKeySpec(n.clearBit(0), BigInteger.valueOf(65537))),
                rawRsa(new BigInteger(1, HexFormat.of().parseHex("c5a1f0e3b2d49f8710aa55cc33ee7791")),
                        BigInteger.valueOf(3)),
                rawRsa(n, BigInteger.ONE),
                rawRsa(n, BigInteger.valueOf(65536))}) {
            var e = assertThrows(CertificateFailure.class,
                    () -> AuthSignatures.verify(JdkPublicKeyOps.INSTANCE, bad, 1, new byte[256], OCTETS));
            assertEquals(CertificateFailure.Reason.CERT_INVALID, e.reason(), bad.toString());
        }
    }

    @Test
    void rsaPssWithoutMgf1OrWithAHugeSaltIsRefused() throws Exception {
        byte[] sha256 = Der.sequence(Der.oid("2.16.840.1.101.3.4.2.1"), Der.encode(Der.NULL));
        byte[] notMgf1 = Der.encode(0xa1, Der.sequence(Der.oid("1.2.840.113549.1.1.9"), sha256));
        byte[] mgf1 = Der.encode(0xa1, Der.sequence(Der.oid("1.2.840.113549.1.1.8"), sha256));
        byte[] salt32 = Der.encode(0xa2, Der.encode(Der.INTEGER, new byte[] {32}));
        byte[] hugeSalt = Der.encode(0xa2, Der.encode(Der.INTEGER, new byte[] {0x7f, -1, -1, -1}));
        byte[] hash = Der.encode(0xa0, sha256);
        for (byte[] params : new byte[][] {
                Der.sequence(hash, notMgf1, salt32),
                Der.sequence(hash, mgf1, hugeSalt),
                null}) {
            byte[] algId = params == null ? Der.sequence(Der.oid("1.2.840.113549.1.1.10"))
                    : Der.sequence(Der.oid("1.2.840.113549.1.1.10"), params);
            byte[] data = new byte[1 + algId.length + 256];
            data[0] = (byte) algId.length;
            System.arraycopy(algId, 0, data, 1, algId.length);
            var e = assertThrows(CertificateFailure.class,
                    () -> AuthSignatures.verify(JdkPublicKeyOps.INSTANCE, rsa.getPublic(), 14, data, OCTETS));
            assertEquals(CertificateFailure.Reason.SIGNATURE_INVALID, e.reason());
            assertTrue(e.getMessage().contains("PSS"), e.getMessage());
        }
    }

    @Test
    void malformedAuthDataAndMismatchedMethodsAreRefusedCleanly() throws Exception {
        KeyPair p256 = ec("secp256r1");
        for (byte[] data : new byte[][] {new byte[0], new byte[] {5}, new byte[] {(byte) 200, 0x30, 0},
                HexFormat.of().parseHex("0b300906052b0e03021a0500aa")}) {
            assertThrows(CertificateFailure.class,
                    () -> AuthSignatures.verify(JdkPublicKeyOps.INSTANCE, rsa.getPublic(), 14, data, OCTETS));
        }
        // method 9 with an RSA key, method 1 with an EC key, and an RSA AlgorithmIdentifier with an EC key
        assertThrows(CertificateFailure.class,
                () -> AuthSignatures.verify(JdkPublicKeyOps.INSTANCE, rsa.getPublic(), 9, new byte[64], OCTETS));
        assertThrows(CertificateFailure.class,
                () -> AuthSignatures.verify(JdkPublicKeyOps.INSTANCE, p256.getPublic(), 1, new byte[64], OCTETS));
        byte[] rsaSig = method14(SignatureScheme.rsaPkcs1(2), new byte[64]);
        assertThrows(CertificateFailure.class,
                () -> AuthSignatures.verify(JdkPublicKeyOps.INSTANCE, p256.getPublic(), 14, rsaSig, OCTETS));
        var e = assertThrows(CertificateFailure.class,
                () -> AuthSignatures.verify(JdkPublicKeyOps.INSTANCE, p256.getPublic(), 2, new byte[32], OCTETS));
        assertEquals(CertificateFailure.Reason.AUTH_METHOD, e.reason());
    }

    /** A key the JDK's KeyFactory would not build (it refuses moduli under 512 bits), as a certificate could carry. */
    static RSAPublicKey rawRsa(BigInteger n, BigInteger e) {
        return new RSAPublicKey() {
            @Override
            public BigInteger getPublicExponent() {
                return e;
            }

            @Override
            public BigInteger getModulus() {
                return n;
            }

            @Override
            public String getAlgorithm() {
                return "RSA";
            }

            @Override
            public String getFormat() {
                return null;
            }

            @Override
            public byte[] getEncoded() {
                return null;
            }
        };
    }

    static byte[] method14(SignatureScheme s, byte[] sig) throws Exception {
        byte[] algId = AuthSignatures.algorithmIdentifier(s);
        byte[] data = new byte[1 + algId.length + sig.length];
        data[0] = (byte) algId.length;
        System.arraycopy(algId, 0, data, 1, algId.length);
        System.arraycopy(sig, 0, data, 1 + algId.length, sig.length);
        return data;
    }

    static byte[] toOctets(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[len];
        System.arraycopy(b, Math.max(0, b.length - len), out, Math.max(0, len - b.length), Math.min(len, b.length));
        return out;
    }

    @Test
    void keyHashesRoundTrip() {
        byte[] twoAndAHalf = new byte[50];
        twoAndAHalf[20] = 1;
        var hashes = KeyHash.parse(twoAndAHalf);
        assertEquals(2, hashes.size());
        assertArrayEquals(new byte[20], hashes.iterator().next().sha1());
    }
}
