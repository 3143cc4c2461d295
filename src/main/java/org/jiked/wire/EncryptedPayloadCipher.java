package org.jiked.wire;

/**
 * The protection of an SK / SKF payload (RFC 7296 section 3.14, RFC 5282, RFC 7634), implemented
 * by the crypto package. One instance protects one direction of one IKE SA.
 *
 * <p>{@code aad} is the message from the first octet of the IKE header through the end of the SK
 * (or SKF) payload's own header, with the final lengths already in place. For AEAD ciphers it is
 * the associated data; for CBC + HMAC the ICV is computed over {@code aad || iv || ciphertext}.
 */
public interface EncryptedPayloadCipher {
    int ivLength();

    int icvLength();

    /** Block size the plaintext (including the pad length octet) must be padded to; 1 for none. */
    int blockSize();

    /** Seals {@code paddedPlaintext} (whose last octet is the pad length) and returns iv || ciphertext || icv. */
    byte[] encrypt(byte[] aad, byte[] paddedPlaintext);

    /**
     * Verifies and opens iv || ciphertext || icv and returns the padded plaintext.
     *
     * @throws IntegrityException when the ICV does not verify
     */
    byte[] decrypt(byte[] aad, byte[] ivCiphertextIcv) throws IntegrityException;

    /** An ICV that did not verify. */
    final class IntegrityException extends Exception {
        public IntegrityException(String reason) {
            super(reason);
        }
    }
}
