package org.jiked.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.jiked.wire.TransformType;

/**
 * An IKEv2 pseudorandom function and the prf+ construction of RFC 7296 section 2.13.
 *
 * <p>Only the HMAC PRFs are supported (PRF_HMAC_SHA1 from RFC 2104 and the SHA-2 PRFs of
 * RFC 4868). HMAC accepts a key of any length, so none of them has a fixed key size; the
 * preferred key length is the output length. Instances are immutable and thread-safe: each
 * call obtains its own {@link Mac}.
 */
public final class Prf {
    private static final Prf HMAC_SHA1 = new Prf(TransformType.PRF_HMAC_SHA1, "HmacSHA1", 20);
    private static final Prf HMAC_SHA2_256 =
            new Prf(TransformType.PRF_HMAC_SHA2_256, "HmacSHA256", 32);
    private static final Prf HMAC_SHA2_384 =
            new Prf(TransformType.PRF_HMAC_SHA2_384, "HmacSHA384", 48);
    private static final Prf HMAC_SHA2_512 =
            new Prf(TransformType.PRF_HMAC_SHA2_512, "HmacSHA512", 64);

    /** prf+ stops at 255 blocks because its counter is a single octet (RFC 7296 2.13). */
    public static final int MAX_PRF_PLUS_BLOCKS = 255;

    private final int id;
    private final String algorithm;
    private final int outputLength;

    private Prf(int id, String algorithm, int outputLength) {
        this.id = id;
        this.algorithm = algorithm;
        this.outputLength = outputLength;
    }

    public static boolean isSupported(int prfTransformId) {
        return lookup(prfTransformId) != null;
    }

    /** @throws IllegalArgumentException when the transform ID is not supported */
    public static Prf of(int prfTransformId) {
        Prf prf = lookup(prfTransformId);
        if (prf == null) {
            throw new IllegalArgumentException("unsupported PRF transform " + prfTransformId);
        }
        return prf;
    }

    private static Prf lookup(int id) {
        return switch (id) {
            case TransformType.PRF_HMAC_SHA1 -> HMAC_SHA1;
            case TransformType.PRF_HMAC_SHA2_256 -> HMAC_SHA2_256;
            case TransformType.PRF_HMAC_SHA2_384 -> HMAC_SHA2_384;
            case TransformType.PRF_HMAC_SHA2_512 -> HMAC_SHA2_512;
            default -> null;
        };
    }

    public int id() {
        return id;
    }

    /** Output length in octets; also the preferred key length (RFC 7296 2.13). */
    public int outputLength() {
        return outputLength;
    }

    /** The JCA name of the underlying HMAC. */
    public String algorithm() {
        return algorithm;
    }

    public byte[] compute(byte[] key, byte[] data) {
        return newMac(key).doFinal(data);
    }

    /** prf(key, parts[0] | parts[1] | ...) without building the concatenation. */
    public byte[] compute(byte[] key, byte[]... parts) {
        Mac mac = newMac(key);
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    /**
     * prf+(K, S) = T1 | T2 | T3 | ... truncated to {@code length} octets, where
     * T1 = prf(K, S | 0x01) and Tn = prf(K, Tn-1 | S | n).
     *
     * @throws IllegalArgumentException when more than 255 blocks would be needed
     */
    public byte[] prfPlus(byte[] key, byte[] seed, int length) {
        if (length < 0 || length > MAX_PRF_PLUS_BLOCKS * outputLength) {
            throw new IllegalArgumentException(
                    "prf+ length " + length + " outside 0.." + MAX_PRF_PLUS_BLOCKS * outputLength);
        }
        byte[] out = new byte[length];
        if (length == 0) {
            return out;
        }
        Mac mac = newMac(key);
        byte[] block = new byte[outputLength];
        int produced = 0;
        try {
            for (int n = 1; produced < length; n++) {
                if (n > 1) {
                    mac.update(block);
                }
                mac.update(seed);
                mac.update((byte) n);
                mac.doFinal(block, 0);
                int take = Math.min(outputLength, length - produced);
                System.arraycopy(block, 0, out, produced, take);
                produced += take;
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(block, (byte) 0);
        }
        return out;
    }

    /** A Mac keyed with {@code key}; package-private so the key derivations can stream input. */
    Mac newMac(byte[] key) {
        return hmac(algorithm, key);
    }

    static Mac hmac(String algorithm, byte[] key) {
        // SecretKeySpec refuses an empty key, but HMAC zero-pads the key to the block size, so
        // an empty key and a single zero octet give the same MAC (RFC 2104 section 2).
        byte[] k = key.length == 0 ? new byte[1] : key;
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(k, algorithm));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    @Override
    public String toString() {
        return switch (id) {
            case TransformType.PRF_HMAC_SHA1 -> "PRF_HMAC_SHA1";
            case TransformType.PRF_HMAC_SHA2_256 -> "PRF_HMAC_SHA2_256";
            case TransformType.PRF_HMAC_SHA2_384 -> "PRF_HMAC_SHA2_384";
            default -> "PRF_HMAC_SHA2_512";
        };
    }
}
