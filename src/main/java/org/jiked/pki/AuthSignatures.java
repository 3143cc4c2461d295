package org.jiked.pki;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The AUTH payload data of the signature methods: RSA Digital Signature (RFC 7296 section 3.8,
 * method 1), ECDSA with SHA-256/384/512 on P-256/384/521 (RFC 4754 section 7, methods 9 to 11, the
 * signature as r||s) and Digital Signature (RFC 7427 section 3, method 14: a one-octet length,
 * the ASN.1 AlgorithmIdentifier, then the signature). The signed octets are those of RFC 7296
 * section 2.15, the same as for a pre-shared key.
 */
public final class AuthSignatures {
    public static final int RSA_DIGITAL_SIGNATURE = 1;
    public static final int ECDSA_SHA256_P256 = 9;
    public static final int ECDSA_SHA384_P384 = 10;
    public static final int ECDSA_SHA512_P521 = 11;
    public static final int DIGITAL_SIGNATURE = 14;
    /** The hash algorithms jiked announces in SIGNATURE_HASH_ALGORITHMS and accepts in method 14. */
    public static final List<Integer> SUPPORTED_HASHES =
            List.of(SignatureScheme.HASH_SHA256, SignatureScheme.HASH_SHA384, SignatureScheme.HASH_SHA512);
    /** RSA-PSS salts longer than the longest hash are refused (PITFALLS.md: a salt length of 2^31-1). */
    static final int MAX_PSS_SALT = 64;

    private static final String RSA_PSS = "1.2.840.113549.1.1.10";

    private AuthSignatures() {}

    /** The AUTH method and data. */
    public record AuthData(int method, byte[] data) {}

    /**
     * Signs {@code octets}: with RFC 7427 when the peer announced hash algorithms we share, else
     * with the classic method of the key (1, or 9/10/11 by curve).
     *
     * @param rsaPss use RSASSA-PSS rather than PKCS#1 v1.5 for RSA keys in method 14
     */
    public static AuthData sign(PublicKeyOps ops, PrivateKey key, PublicKey publicKey, Set<Integer> peerHashes,
                                boolean rsaPss, byte[] octets) throws GeneralSecurityException {
        int ecBits = KeyChecks.ecBits(publicKey);
        int hash = chooseHash(ecBits, peerHashes);
        if (hash == 0) {
            SignatureScheme classic = classicScheme(publicKey);
            return new AuthData(classicMethod(publicKey), ops.sign(classic, key, octets));
        }
        SignatureScheme scheme = ecBits != 0 ? SignatureScheme.ecdsaDer(hash)
                : rsaPss ? SignatureScheme.rsaPss(hash) : SignatureScheme.rsaPkcs1(hash);
        byte[] algId = algorithmIdentifier(scheme);
        byte[] sig = ops.sign(scheme, key, octets);
        byte[] out = new byte[1 + algId.length + sig.length];
        out[0] = (byte) algId.length;
        System.arraycopy(algId, 0, out, 1, algId.length);
        System.arraycopy(sig, 0, out, 1 + algId.length, sig.length);
        return new AuthData(DIGITAL_SIGNATURE, out);
    }

    /** SHA-2 matching the curve for ECDSA, SHA-256 first for RSA; 0 when nothing is shared. */
    static int chooseHash(int ecBits, Set<Integer> peerHashes) {
        int preferred = switch (ecBits) {
            case 384 -> SignatureScheme.HASH_SHA384;
            case 521 -> SignatureScheme.HASH_SHA512;
            default -> SignatureScheme.HASH_SHA256;
        };
        if (peerHashes.contains(preferred)) {
            return preferred;
        }
        for (int h : SUPPORTED_HASHES) {
            if (peerHashes.contains(h)) {
                return h;
            }
        }
        return 0;
    }

    /** The classic AUTH method for a key: 1 for RSA, 9/10/11 by curve, 0 for another curve. */
    public static int classicMethod(PublicKey key) {
        return switch (KeyChecks.ecBits(key)) {
            case 0 -> RSA_DIGITAL_SIGNATURE;
            case 256 -> ECDSA_SHA256_P256;
            case 384 -> ECDSA_SHA384_P384;
            case 521 -> ECDSA_SHA512_P521;
            default -> 0;
        };
    }

    private static SignatureScheme classicScheme(PublicKey key) throws InvalidKeyException {
        return switch (classicMethod(key)) {
            case RSA_DIGITAL_SIGNATURE -> SignatureScheme.RSA_PKCS1_SHA1;
            case ECDSA_SHA256_P256 -> SignatureScheme.ECDSA_P256_RAW;
            case ECDSA_SHA384_P384 -> SignatureScheme.ECDSA_P384_RAW;
            case ECDSA_SHA512_P521 -> SignatureScheme.ECDSA_P521_RAW;
            default -> throw new InvalidKeyException("no IKE signature method for an EC key on a "
                    + KeyChecks.ecBits(key) + "-bit curve");
        };
    }

    /**
     * Verifies AUTH data made with {@code key}.
     *
     * @return the scheme the signature was made with
     * @throws CertificateFailure SIGNATURE_INVALID with the reason
     */
    public static SignatureScheme verify(PublicKeyOps ops, PublicKey key, int method, byte[] data, byte[] octets)
            throws CertificateFailure {
        String keyProblem = KeyChecks.problem(key);
        if (keyProblem != null) {
            throw new CertificateFailure(CertificateFailure.Reason.CERT_INVALID, "peer key refused: " + keyProblem);
        }
        SignatureScheme scheme;
        byte[] signature;
        if (method == DIGITAL_SIGNATURE) {
            if (data.length < 2 || (data[0] & 0xff) + 1 > data.length) {
                throw invalid("malformed RFC 7427 AUTH data");
            }
            int len = data[0] & 0xff;
            scheme = schemeOf(Arrays.copyOfRange(data, 1, 1 + len));
            signature = Arrays.copyOfRange(data, 1 + len, data.length);
        } else if (method == RSA_DIGITAL_SIGNATURE || (method >= ECDSA_SHA256_P256 && method <= ECDSA_SHA512_P521)) {
            if (classicMethod(key) != method) {
                throw invalid("AUTH method " + method + " does not fit the certificate's "
                        + describe(key) + " key");
            }
            try {
                scheme = classicScheme(key);
            } catch (InvalidKeyException e) {
                throw invalid(e.getMessage());
            }
            signature = data;
        } else {
            throw new CertificateFailure(CertificateFailure.Reason.AUTH_METHOD,
                    "AUTH method " + method + " is not a signature method");
        }
        if (!scheme.keyAlgorithm().equals(keyAlgorithm(key))) {
            throw invalid(scheme + " does not fit the certificate's " + describe(key) + " key");
        }
        if (!ops.verify(scheme, key, octets, signature)) {
            throw invalid("AUTH signature (" + scheme + ") does not verify with the certificate's key");
        }
        return scheme;
    }

    private static String keyAlgorithm(PublicKey key) {
        return key instanceof ECKey ? "EC" : "RSA";
    }

    private static String describe(PublicKey key) {
        int bits = KeyChecks.ecBits(key);
        return bits == 0 ? key.getAlgorithm() : "EC P-" + bits;
    }

    private static CertificateFailure invalid(String message) {
        return new CertificateFailure(CertificateFailure.Reason.SIGNATURE_INVALID, message);
    }

    /** The DER AlgorithmIdentifier of RFC 7427 appendix A for a scheme. */
    static byte[] algorithmIdentifier(SignatureScheme s) throws GeneralSecurityException {
        if (s.params() instanceof PSSParameterSpec pss) {
            AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS");
            p.init(pss);
            try {
                return Der.sequence(Der.oid(RSA_PSS), p.getEncoded());
            } catch (java.io.IOException e) {
                throw new GeneralSecurityException(e);
            }
        }
        if (s.keyAlgorithm().equals("EC")) {
            return Der.sequence(Der.oid("1.2.840.10045.4.3." + (s.hash())));
        }
        int arc = switch (s.hash()) {
            case SignatureScheme.HASH_SHA1 -> 5;
            case SignatureScheme.HASH_SHA256 -> 11;
            case SignatureScheme.HASH_SHA384 -> 12;
            default -> 13;
        };
        return Der.sequence(Der.oid("1.2.840.113549.1.1." + arc), Der.encode(Der.NULL));
    }

    /** The scheme an AlgorithmIdentifier names; only the SHA-2 schemes jiked announces are accepted. */
    static SignatureScheme schemeOf(byte[] algorithmIdentifier) throws CertificateFailure {
        try {
            List<Der.Element> parts = Der.readWhole(algorithmIdentifier).children();
            if (parts.isEmpty() || parts.size() > 2 || parts.getFirst().tag() != Der.OID) {
                throw invalid("malformed AlgorithmIdentifier");
            }
            String oid = Der.oidToString(parts.getFirst().contents());
            byte[] params = parts.size() == 2 ? Der.encoded(parts.get(1)) : null;
            boolean nullOrAbsent = params == null || parts.get(1).tag() == Der.NULL;
            return switch (oid) {
                case "1.2.840.113549.1.1.11" -> rsa(SignatureScheme.HASH_SHA256, nullOrAbsent);
                case "1.2.840.113549.1.1.12" -> rsa(SignatureScheme.HASH_SHA384, nullOrAbsent);
                case "1.2.840.113549.1.1.13" -> rsa(SignatureScheme.HASH_SHA512, nullOrAbsent);
                case "1.2.840.10045.4.3.2" -> ecdsa(SignatureScheme.HASH_SHA256, params);
                case "1.2.840.10045.4.3.3" -> ecdsa(SignatureScheme.HASH_SHA384, params);
                case "1.2.840.10045.4.3.4" -> ecdsa(SignatureScheme.HASH_SHA512, params);
                case RSA_PSS -> pss(params);
                default -> throw invalid("signature algorithm " + oid + " is not accepted");
            };
        } catch (Der.DerException e) {
            throw invalid("malformed AlgorithmIdentifier: " + e.getMessage());
        }
    }

    private static SignatureScheme rsa(int hash, boolean nullOrAbsent) throws CertificateFailure {
        if (!nullOrAbsent) {
            throw invalid("RSA PKCS#1 v1.5 AlgorithmIdentifier with parameters");
        }
        return SignatureScheme.rsaPkcs1(hash);
    }

    private static SignatureScheme ecdsa(int hash, byte[] params) throws CertificateFailure {
        if (params != null) {
            throw invalid("ECDSA AlgorithmIdentifier with parameters");
        }
        return SignatureScheme.ecdsaDer(hash);
    }

    /** RSASSA-PSS-params (RFC 8017 appendix A.2.3), held to MGF1 with the same SHA-2 and a sane salt. */
    private static SignatureScheme pss(byte[] params) throws CertificateFailure {
        if (params == null) {
            throw invalid("RSASSA-PSS without parameters (its SHA-1 defaults are not accepted)");
        }
        PSSParameterSpec spec;
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS");
            p.init(params);
            spec = p.getParameterSpec(PSSParameterSpec.class);
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            throw invalid("unusable RSASSA-PSS parameters: " + e.getMessage());
        }
        int hash = switch (spec.getDigestAlgorithm()) {
            case "SHA-256" -> SignatureScheme.HASH_SHA256;
            case "SHA-384" -> SignatureScheme.HASH_SHA384;
            case "SHA-512" -> SignatureScheme.HASH_SHA512;
            default -> throw invalid("RSASSA-PSS with hash " + spec.getDigestAlgorithm() + " is not accepted");
        };
        if (!"MGF1".equalsIgnoreCase(spec.getMGFAlgorithm())
                || !(spec.getMGFParameters() instanceof MGF1ParameterSpec mgf)
                || !mgf.getDigestAlgorithm().equals(spec.getDigestAlgorithm())) {
            throw invalid("RSASSA-PSS must use MGF1 with " + spec.getDigestAlgorithm());
        }
        if (spec.getSaltLength() < 0 || spec.getSaltLength() > MAX_PSS_SALT || spec.getTrailerField() != 1) {
            throw invalid("RSASSA-PSS salt length " + spec.getSaltLength() + " or trailer field "
                    + spec.getTrailerField() + " is not accepted");
        }
        return new SignatureScheme("RSASSA-PSS", spec, "RSA", hash);
    }
}
