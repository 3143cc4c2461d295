package org.jiked.crypto;

import java.security.SecureRandom;
import org.jiked.wire.EncryptedPayloadCipher;
import org.jiked.wire.TransformType;

/**
 * The protection suites for the SK / SKF payload (RFC 7296 section 3.14) and their key sizes:
 *
 * <ul>
 *   <li>ENCR_AES_CBC with 128/192/256-bit keys (RFC 3602) plus an HMAC integrity algorithm
 *       ({@link Integrity});
 *   <li>ENCR_AES_GCM_16 with 128/192/256-bit keys (RFC 5282, RFC 4106), integrity NONE;
 *   <li>ENCR_CHACHA20_POLY1305 (RFC 7634), no key length attribute or 256, integrity NONE.
 * </ul>
 *
 * The combined-mode keys carry a 4-octet salt after the cipher key (for GCM the layout of
 * RFC 4106 section 8.1, which RFC 5282 reuses; likewise RFC 7634 for ChaCha20-Poly1305), so
 * their SK_e is 4 octets longer.
 */
public final class SkCiphers {
    static final int SALT_LENGTH = 4;

    private SkCiphers() {}

    public static boolean isSupported(int encrId, int keyLengthBits, int integId) {
        if (!isCipherSupported(encrId, keyLengthBits)) {
            return false;
        }
        if (encrId == TransformType.ENCR_AES_CBC) {
            return Integrity.isSupported(integId);
        }
        // An AEAD already authenticates: RFC 5282 and RFC 7634 pair it with no integrity
        // transform, which the proposal code passes as AUTH_NONE.
        return integId == TransformType.AUTH_NONE;
    }

    private static boolean isCipherSupported(int encrId, int keyLengthBits) {
        return switch (encrId) {
            case TransformType.ENCR_AES_CBC, TransformType.ENCR_AES_GCM_16 ->
                    keyLengthBits == 128 || keyLengthBits == 192 || keyLengthBits == 256;
            // RFC 7634 gives ChaCha20-Poly1305 no key length attribute; 0 means absent.
            case TransformType.ENCR_CHACHA20_POLY1305 -> keyLengthBits == 0 || keyLengthBits == 256;
            default -> false;
        };
    }

    /**
     * Octets of SK_ei / SK_er, including the salt of the combined modes.
     *
     * @throws IllegalArgumentException for an unsupported cipher or key length
     */
    public static int encryptionKeyLength(int encrId, int keyLengthBits) {
        if (!isCipherSupported(encrId, keyLengthBits)) {
            throw new IllegalArgumentException(
                    "unsupported cipher " + encrId + " with key length " + keyLengthBits);
        }
        return switch (encrId) {
            case TransformType.ENCR_AES_CBC -> keyLengthBits / 8;
            case TransformType.ENCR_AES_GCM_16 -> keyLengthBits / 8 + SALT_LENGTH;
            default -> 32 + SALT_LENGTH;
        };
    }

    /**
     * Octets of SK_ai / SK_ar; 0 for AUTH_NONE.
     *
     * @throws IllegalArgumentException for an unsupported integrity algorithm
     */
    public static int integrityKeyLength(int integId) {
        return integId == TransformType.AUTH_NONE ? 0 : Integrity.of(integId).keyLength();
    }

    /**
     * A cipher protecting one direction of one IKE SA with SK_e and SK_a of that direction.
     * Each instance pre-creates its JCA objects and is meant for one thread at a time.
     *
     * @param integKey the SK_a key, or null / empty for the combined modes
     * @param random source of CBC IVs and of the starting value of the AEAD IV counter
     * @throws IllegalArgumentException for an unsupported suite or a key of the wrong length
     */
    public static EncryptedPayloadCipher create(int encrId, int keyLengthBits, int integId,
                                                byte[] encrKey, byte[] integKey,
                                                SecureRandom random) {
        if (!isSupported(encrId, keyLengthBits, integId)) {
            throw new IllegalArgumentException("unsupported SK suite: encr " + encrId + " key "
                    + keyLengthBits + " integ " + integId);
        }
        int encrLength = encryptionKeyLength(encrId, keyLengthBits);
        if (encrKey.length != encrLength) {
            throw new IllegalArgumentException(
                    "encryption key is " + encrKey.length + " octets, expected " + encrLength);
        }
        int integLength = integrityKeyLength(integId);
        int givenIntegLength = integKey == null ? 0 : integKey.length;
        if (givenIntegLength != integLength) {
            throw new IllegalArgumentException(
                    "integrity key is " + givenIntegLength + " octets, expected " + integLength);
        }
        return switch (encrId) {
            case TransformType.ENCR_AES_CBC ->
                    new CbcHmacSkCipher(encrKey, Integrity.of(integId), integKey, random);
            case TransformType.ENCR_AES_GCM_16 ->
                    new AeadSkCipher(AeadSkCipher.Kind.AES_GCM_16, encrKey, random);
            default -> new AeadSkCipher(AeadSkCipher.Kind.CHACHA20_POLY1305, encrKey, random);
        };
    }
}
