package org.jiked.wire;

import java.util.Arrays;

/**
 * A stand-in for the crypto package: a keystream XOR and a 64-bit FNV checksum as the ICV. It
 * keeps the contract of {@link EncryptedPayloadCipher} (the ICV covers aad || iv || ciphertext)
 * so that the codec's layout, padding and associated data can be tested without real cryptography.
 */
class XorTestCipher implements EncryptedPayloadCipher {
    private final int ivLength;
    private final int icvLength;
    private final int blockSize;
    private long ivCounter = 1;
    byte[] lastEncryptAad;
    byte[] lastDecryptAad;
    byte[] lastPadded;

    XorTestCipher(int ivLength, int icvLength, int blockSize) {
        this.ivLength = ivLength;
        this.icvLength = icvLength;
        this.blockSize = blockSize;
    }

    /** Like AES-CBC with HMAC-SHA2-256-128. */
    static XorTestCipher cbcLike() {
        return new XorTestCipher(16, 16, 16);
    }

    /** Like AES-GCM-16: 8-octet IV, 16-octet ICV, no block alignment (RFC 5282). */
    static XorTestCipher aeadLike() {
        return new XorTestCipher(8, 16, 1);
    }

    @Override
    public int ivLength() {
        return ivLength;
    }

    @Override
    public int icvLength() {
        return icvLength;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public byte[] encrypt(byte[] aad, byte[] paddedPlaintext) {
        if (paddedPlaintext.length % blockSize != 0) {
            throw new IllegalArgumentException("plaintext not aligned to the block size");
        }
        lastEncryptAad = aad.clone();
        lastPadded = paddedPlaintext.clone();
        byte[] out = new byte[ivLength + paddedPlaintext.length + icvLength];
        for (int i = 0; i < ivLength; i++) {
            out[i] = (byte) (ivCounter >>> (8 * (i % 8)));
        }
        ivCounter++;
        for (int i = 0; i < paddedPlaintext.length; i++) {
            out[ivLength + i] = (byte) (paddedPlaintext[i] ^ keystream(out, i));
        }
        byte[] icv = icv(aad, out, ivLength + paddedPlaintext.length);
        System.arraycopy(icv, 0, out, out.length - icvLength, icvLength);
        return out;
    }

    @Override
    public byte[] decrypt(byte[] aad, byte[] body) throws IntegrityException {
        lastDecryptAad = aad.clone();
        int macEnd = body.length - icvLength;
        byte[] expected = icv(aad, body, macEnd);
        if (!Arrays.equals(expected, 0, icvLength, body, macEnd, body.length)) {
            throw new IntegrityException("ICV mismatch");
        }
        byte[] plain = new byte[macEnd - ivLength];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (body[ivLength + i] ^ keystream(body, i));
        }
        return plain;
    }

    private int keystream(byte[] ivHolder, int i) {
        int ivByte = ivLength == 0 ? 0 : ivHolder[i % ivLength];
        return 0x5a + 31 * i + ivByte;
    }

    private byte[] icv(byte[] aad, byte[] body, int bodyEnd) {
        long h = 0xcbf29ce484222325L;
        for (byte b : aad) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        for (int i = 0; i < bodyEnd; i++) {
            h = (h ^ (body[i] & 0xff)) * 0x100000001b3L;
        }
        byte[] out = new byte[icvLength];
        for (int i = 0; i < icvLength; i++) {
            out[i] = (byte) (h >>> (8 * (i % 8)));
            if (i % 8 == 7) {
                h = h * 0x100000001b3L + i;
            }
        }
        return out;
    }
}
