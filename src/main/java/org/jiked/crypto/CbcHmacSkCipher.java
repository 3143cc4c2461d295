package org.jiked.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jiked.wire.EncryptedPayloadCipher;

/**
 * SK payload protection with AES-CBC and a truncated HMAC (RFC 7296 section 3.14): a random
 * 16-octet IV (RFC 3602 section 2.1 requires it unpredictable), the padded plaintext encrypted
 * in CBC mode, and an ICV computed over the message from the IKE header through the end of the
 * ciphertext, i.e. aad | IV | ciphertext. On receipt the ICV is checked before anything is
 * decrypted.
 *
 * <p>The Cipher, key and keyed Mac are created once; neither they nor this class are
 * thread-safe, so an instance serves one thread at a time.
 */
final class CbcHmacSkCipher implements EncryptedPayloadCipher {
    private static final int BLOCK = 16;

    private final Cipher cipher;
    private final SecretKeySpec key;
    private final int keyBits;
    private final Integrity.Keyed mac;
    private final int icvLength;
    private final SecureRandom random;
    private final byte[] iv = new byte[BLOCK];

    CbcHmacSkCipher(byte[] encrKey, Integrity integrity, byte[] integKey, SecureRandom random) {
        try {
            this.cipher = Cipher.getInstance("AES/CBC/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC unavailable", e);
        }
        this.key = new SecretKeySpec(encrKey, "AES");
        this.keyBits = encrKey.length * 8;
        this.mac = integrity.keyed(integKey);
        this.icvLength = integrity.outputLength();
        this.random = random;
    }

    @Override
    public int ivLength() {
        return BLOCK;
    }

    @Override
    public int icvLength() {
        return icvLength;
    }

    @Override
    public int blockSize() {
        return BLOCK;
    }

    @Override
    public byte[] encrypt(byte[] aad, byte[] paddedPlaintext) {
        int n = paddedPlaintext.length;
        if (n == 0 || n % BLOCK != 0) {
            throw new IllegalArgumentException("AES-CBC plaintext of " + n
                    + " octets is not a positive multiple of " + BLOCK);
        }
        byte[] out = new byte[BLOCK + n + icvLength];
        random.nextBytes(iv);
        System.arraycopy(iv, 0, out, 0, BLOCK);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            cipher.doFinal(paddedPlaintext, 0, n, out, BLOCK);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC encryption failed", e);
        }
        mac.update(aad).update(out, 0, BLOCK + n).finish(out, BLOCK + n);
        return out;
    }

    @Override
    public byte[] decrypt(byte[] aad, byte[] ivCiphertextIcv) throws IntegrityException {
        int n = ivCiphertextIcv.length - BLOCK - icvLength;
        // At least one ciphertext block: the padded plaintext holds the pad length octet.
        if (n < BLOCK) {
            throw new IntegrityException("SK payload too short for IV, one block and ICV");
        }
        mac.update(aad).update(ivCiphertextIcv, 0, BLOCK + n);
        if (!mac.finishAndVerify(ivCiphertextIcv, BLOCK + n)) {
            throw new IntegrityException("ICV does not verify");
        }
        if (n % BLOCK != 0) {
            throw new IntegrityException("ciphertext is not a multiple of the AES block size");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(ivCiphertextIcv, 0, BLOCK));
            return cipher.doFinal(ivCiphertextIcv, BLOCK, n);
        } catch (GeneralSecurityException e) {
            throw new IntegrityException("AES-CBC decryption failed: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "CbcHmacSkCipher[AES-" + keyBits + ", " + mac.integrity() + "]";
    }
}
