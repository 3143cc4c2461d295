package org.jiked.pki;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * Refuses public keys no signature should be checked against: RSA moduli that are even, short
 * or smaller than the exponent, exponents that are even or below 3 (PITFALLS.md; the forgeries
 * against e=3 need a lax PKCS#1 parser as well, which {@link JdkPublicKeyOps} is not), and EC keys
 * on curves other than the three of RFC 4754.
 */
public final class KeyChecks {
    /** NIST SP 800-131A: RSA below 2048 bits is disallowed for signatures. */
    public static final int MIN_RSA_BITS = 2048;
    public static final int MAX_RSA_BITS = 16384;

    private KeyChecks() {}

    /** Why the key is unusable, or null when it is fine. */
    public static String problem(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            BigInteger n = rsa.getModulus();
            BigInteger e = rsa.getPublicExponent();
            if (n.signum() <= 0 || !n.testBit(0)) {
                return "RSA modulus is even or not positive";
            }
            if (n.bitLength() < MIN_RSA_BITS || n.bitLength() > MAX_RSA_BITS) {
                return "RSA modulus of " + n.bitLength() + " bits (accepted: " + MIN_RSA_BITS + " to "
                        + MAX_RSA_BITS + ")";
            }
            if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0) || e.compareTo(n) >= 0) {
                return "RSA public exponent " + (e.bitLength() > 64 ? "of " + e.bitLength() + " bits" : e)
                        + " is unusable";
            }
            return null;
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits == 256 || bits == 384 || bits == 521 ? null : "EC key on a " + bits + "-bit curve";
        }
        return "unsupported public key algorithm " + key.getAlgorithm();
    }

    /** The field size of an EC key, 0 for others. */
    static int ecBits(PublicKey key) {
        return key instanceof ECPublicKey ec ? ec.getParams().getCurve().getField().getFieldSize() : 0;
    }
}
