package org.jiked.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jiked.wire.EncryptedPayloadCipher;

/**
 * SK payload protection with a combined-mode cipher: AES-GCM with a 16-octet ICV (RFC 5282,
 * nonce construction of RFC 4106 section 4) or ChaCha20-Poly1305 (RFC 7634, the AEAD of
 * RFC 8439).
 *
 * <p>The key is the cipher key followed by a 4-octet salt; the 12-octet nonce is salt | IV
 * with an 8-octet explicit IV carried in the payload. Both algorithms only need the IV to be
 * unique per key (RFC 5282, RFC 7634), so it is a per-instance counter whose starting value is
 * random: an instance never repeats one, and two instances with the same key would need to
 * overlap their 64-bit ranges by chance. The associated data is the {@code aad} argument, the
 * IKE header through the SK payload header (RFC 5282).
 *
 * <p>{@link #blockSize} is 1, not 4: neither cipher needs aligned plaintext and the SK payload
 * has no alignment rule, so the encoder adds no padding beyond the pad length octet. Whatever
 * padding a peer sends is accepted.
 *
 * <p>The Cipher and key are created once per instance; it serves one thread at a time.
 */
final class AeadSkCipher implements EncryptedPayloadCipher {
    enum Kind {
        AES_GCM_16("AES/GCM/NoPadding", "AES"),
        CHACHA20_POLY1305("ChaCha20-Poly1305", "ChaCha20");

        final String transformation;
        final String keyAlgorithm;

        Kind(String transformation, String keyAlgorithm) {
            this.transformation = transformation;
            this.keyAlgorithm = keyAlgorithm;
        }
    }

    static final int IV_LENGTH = 8;
    static final int TAG_LENGTH = 16;
    private static final int NONCE_LENGTH = SkCiphers.SALT_LENGTH + IV_LENGTH;

    private final Kind kind;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] salt;
    private final long firstIv;
    private long nextIv;
    private boolean ivsExhausted;

    AeadSkCipher(Kind kind, byte[] keyAndSalt, SecureRandom random) {
        int keyLength = keyAndSalt.length - SkCiphers.SALT_LENGTH;
        this.kind = kind;
        try {
            this.cipher = Cipher.getInstance(kind.transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(kind.transformation + " unavailable", e);
        }
        this.key = new SecretKeySpec(keyAndSalt, 0, keyLength, kind.keyAlgorithm);
        this.salt = Arrays.copyOfRange(keyAndSalt, keyLength, keyAndSalt.length);
        this.firstIv = random.nextLong();
        this.nextIv = firstIv;
    }

    @Override
    public int ivLength() {
        return IV_LENGTH;
    }

    @Override
    public int icvLength() {
        return TAG_LENGTH;
    }

    @Override
    public int blockSize() {
        return 1;
    }

    @Override
    public byte[] encrypt(byte[] aad, byte[] paddedPlaintext) {
        if (ivsExhausted) {
            // 2^64 messages under one key: unreachable in practice, but never wrap around.
            throw new IllegalStateException("IV space exhausted; rekey the IKE SA");
        }
        int n = paddedPlaintext.length;
        if (n == 0) {
            throw new IllegalArgumentException("padded plaintext lacks the pad length octet");
        }
        long iv = nextIv++;
        ivsExhausted = nextIv == firstIv;
        byte[] out = new byte[IV_LENGTH + n + TAG_LENGTH];
        for (int i = IV_LENGTH - 1; i >= 0; i--) {
            out[i] = (byte) iv;
            iv >>>= 8;
        }
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(out, 0));
            cipher.updateAAD(aad);
            cipher.doFinal(paddedPlaintext, 0, n, out, IV_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(kind + " encryption failed", e);
        }
        return out;
    }

    @Override
    public byte[] decrypt(byte[] aad, byte[] ivCiphertextIcv) throws IntegrityException {
        // At least the pad length octet must be there between IV and ICV.
        if (ivCiphertextIcv.length < IV_LENGTH + 1 + TAG_LENGTH) {
            throw new IntegrityException("SK payload too short for IV, pad length and ICV");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(ivCiphertextIcv, 0));
            cipher.updateAAD(aad);
            return cipher.doFinal(ivCiphertextIcv, IV_LENGTH, ivCiphertextIcv.length - IV_LENGTH);
        } catch (AEADBadTagException e) {
            throw new IntegrityException("ICV does not verify");
        } catch (GeneralSecurityException e) {
            throw new IntegrityException(kind + " decryption failed: " + e.getMessage());
        }
    }

    /** The nonce salt | iv for the 8-octet IV at {@code in[offset...]}. */
    private AlgorithmParameterSpec parameters(byte[] in, int offset) {
        byte[] nonce = new byte[NONCE_LENGTH];
        System.arraycopy(salt, 0, nonce, 0, SkCiphers.SALT_LENGTH);
        System.arraycopy(in, offset, nonce, SkCiphers.SALT_LENGTH, IV_LENGTH);
        return kind == Kind.AES_GCM_16
                ? new GCMParameterSpec(TAG_LENGTH * 8, nonce)
                : new IvParameterSpec(nonce);
    }

    @Override
    public String toString() {
        return "AeadSkCipher[" + kind + "]";
    }
}
