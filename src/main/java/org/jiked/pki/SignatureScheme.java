package org.jiked.pki;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * One way of signing the AUTH octets: the JCA algorithm, its parameters, the key type it needs
 * and the RFC 7427 section 4 hash algorithm it uses.
 *
 * @param jcaName the java.security.Signature algorithm
 * @param params RSA-PSS parameters, or null
 * @param keyAlgorithm "RSA" or "EC"
 * @param hash the RFC 7427 hash algorithm number (1 SHA-1, 2 SHA2-256, 3 SHA2-384, 4 SHA2-512)
 */
public record SignatureScheme(String jcaName, AlgorithmParameterSpec params, String keyAlgorithm, int hash) {
    public static final int HASH_SHA1 = 1;
    public static final int HASH_SHA256 = 2;
    public static final int HASH_SHA384 = 3;
    public static final int HASH_SHA512 = 4;

    /** RFC 7296 method 1: RSASSA-PKCS1-v1_5 with SHA-1, as RFC 7296 section 3.8 and strongSwan use it. */
    public static final SignatureScheme RSA_PKCS1_SHA1 = new SignatureScheme("SHA1withRSA", null, "RSA", HASH_SHA1);
    /** RFC 4754 method 9, 10, 11: the raw r||s form. */
    public static final SignatureScheme ECDSA_P256_RAW =
            new SignatureScheme("SHA256withECDSAinP1363Format", null, "EC", HASH_SHA256);
    public static final SignatureScheme ECDSA_P384_RAW =
            new SignatureScheme("SHA384withECDSAinP1363Format", null, "EC", HASH_SHA384);
    public static final SignatureScheme ECDSA_P521_RAW =
            new SignatureScheme("SHA512withECDSAinP1363Format", null, "EC", HASH_SHA512);

    public static SignatureScheme rsaPkcs1(int hash) {
        return new SignatureScheme(hashName(hash).replace("-", "") + "withRSA", null, "RSA", hash);
    }

    /** RFC 7427 ECDSA: the DER Ecdsa-Sig-Value of RFC 3279. */
    public static SignatureScheme ecdsaDer(int hash) {
        return new SignatureScheme(hashName(hash).replace("-", "") + "withECDSA", null, "EC", hash);
    }

    /** RSASSA-PSS with MGF1 of the same hash and a salt as long as the hash (RFC 8017, RFC 7427 appendix A). */
    public static SignatureScheme rsaPss(int hash) {
        String h = hashName(hash);
        return new SignatureScheme("RSASSA-PSS",
                new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), hashLength(hash), 1), "RSA", hash);
    }

    static String hashName(int hash) {
        return switch (hash) {
            case HASH_SHA1 -> "SHA-1";
            case HASH_SHA256 -> "SHA-256";
            case HASH_SHA384 -> "SHA-384";
            case HASH_SHA512 -> "SHA-512";
            default -> throw new IllegalArgumentException("hash algorithm " + hash);
        };
    }

    static int hashLength(int hash) {
        return switch (hash) {
            case HASH_SHA1 -> 20;
            case HASH_SHA256 -> 32;
            case HASH_SHA384 -> 48;
            case HASH_SHA512 -> 64;
            default -> throw new IllegalArgumentException("hash algorithm " + hash);
        };
    }

    @Override
    public String toString() {
        return params instanceof PSSParameterSpec p ? "RSASSA-PSS/" + p.getDigestAlgorithm() : jcaName;
    }
}
