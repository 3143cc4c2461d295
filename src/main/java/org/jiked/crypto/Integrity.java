package org.jiked.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.jiked.wire.TransformType;

/**
 * An IKEv2 / ESP integrity algorithm: HMAC truncated to the leftmost bits, AUTH_HMAC_SHA1_96
 * (RFC 2404) and AUTH_HMAC_SHA2_256_128 / 384_192 / 512_256 (RFC 4868 section 2).
 *
 * <p>The key length is the hash output length (RFC 4868, RFC 2404); the
 * one-shot {@link #compute} does not enforce it so that published HMAC vectors with other key
 * sizes can be checked, but {@link SkCiphers} does. For per-packet use, {@link #keyed} keeps a
 * {@link Mac} keyed once instead of re-running the HMAC key schedule for every message.
 */
public final class Integrity {
    private static final Integrity HMAC_SHA1_96 =
            new Integrity(TransformType.AUTH_HMAC_SHA1_96, "HmacSHA1", 20, 12);
    private static final Integrity HMAC_SHA2_256_128 =
            new Integrity(TransformType.AUTH_HMAC_SHA2_256_128, "HmacSHA256", 32, 16);
    private static final Integrity HMAC_SHA2_384_192 =
            new Integrity(TransformType.AUTH_HMAC_SHA2_384_192, "HmacSHA384", 48, 24);
    private static final Integrity HMAC_SHA2_512_256 =
            new Integrity(TransformType.AUTH_HMAC_SHA2_512_256, "HmacSHA512", 64, 32);

    private final int id;
    private final String algorithm;
    private final int keyLength;
    private final int outputLength;

    private Integrity(int id, String algorithm, int keyLength, int outputLength) {
        this.id = id;
        this.algorithm = algorithm;
        this.keyLength = keyLength;
        this.outputLength = outputLength;
    }

    /** Whether {@code integId} is a supported algorithm; AUTH_NONE is not an algorithm here. */
    public static boolean isSupported(int integId) {
        return lookup(integId) != null;
    }

    /** @throws IllegalArgumentException when the transform ID is not supported */
    public static Integrity of(int integId) {
        Integrity integrity = lookup(integId);
        if (integrity == null) {
            throw new IllegalArgumentException("unsupported integrity transform " + integId);
        }
        return integrity;
    }

    private static Integrity lookup(int id) {
        return switch (id) {
            case TransformType.AUTH_HMAC_SHA1_96 -> HMAC_SHA1_96;
            case TransformType.AUTH_HMAC_SHA2_256_128 -> HMAC_SHA2_256_128;
            case TransformType.AUTH_HMAC_SHA2_384_192 -> HMAC_SHA2_384_192;
            case TransformType.AUTH_HMAC_SHA2_512_256 -> HMAC_SHA2_512_256;
            default -> null;
        };
    }

    public int id() {
        return id;
    }

    /** Key length in octets. */
    public int keyLength() {
        return keyLength;
    }

    /** ICV length in octets (the truncated HMAC). */
    public int outputLength() {
        return outputLength;
    }

    public byte[] compute(byte[] key, byte[] data) {
        byte[] full = Prf.hmac(algorithm, key).doFinal(data);
        byte[] icv = Arrays.copyOf(full, outputLength);
        Arrays.fill(full, (byte) 0);
        return icv;
    }

    /** Checks {@code icv} in time independent of where it differs. */
    public boolean verify(byte[] key, byte[] data, byte[] icv) {
        return MessageDigest.isEqual(compute(key, data), icv);
    }

    /** A reusable keyed instance; like {@link Mac} it is for one thread at a time. */
    public Keyed keyed(byte[] key) {
        return new Keyed(this, Prf.hmac(algorithm, key));
    }

    @Override
    public String toString() {
        return switch (id) {
            case TransformType.AUTH_HMAC_SHA1_96 -> "AUTH_HMAC_SHA1_96";
            case TransformType.AUTH_HMAC_SHA2_256_128 -> "AUTH_HMAC_SHA2_256_128";
            case TransformType.AUTH_HMAC_SHA2_384_192 -> "AUTH_HMAC_SHA2_384_192";
            default -> "AUTH_HMAC_SHA2_512_256";
        };
    }

    /**
     * An integrity algorithm bound to one key, fed incrementally: {@code update} the covered
     * octets, then {@link #finish} (to produce an ICV) or {@link #finishAndVerify}. Either ends
     * the computation and leaves the instance ready for the next message with the same key.
     */
    public static final class Keyed {
        private final Integrity integrity;
        private final Mac mac;
        private final byte[] full;

        private Keyed(Integrity integrity, Mac mac) {
            this.integrity = integrity;
            this.mac = mac;
            this.full = new byte[mac.getMacLength()];
        }

        public Integrity integrity() {
            return integrity;
        }

        public Keyed update(byte[] data, int offset, int length) {
            mac.update(data, offset, length);
            return this;
        }

        public Keyed update(byte[] data) {
            mac.update(data);
            return this;
        }

        /** Feeds {@code data} from its position to its limit (the ESP data path uses direct buffers). */
        public Keyed update(java.nio.ByteBuffer data) {
            mac.update(data);
            return this;
        }

        /** Writes the {@code outputLength()}-octet ICV to {@code out[offset...]}. */
        public void finish(byte[] out, int offset) {
            doFinal();
            System.arraycopy(full, 0, out, offset, integrity.outputLength);
        }

        public byte[] finish() {
            byte[] icv = new byte[integrity.outputLength];
            finish(icv, 0);
            return icv;
        }

        /**
         * Compares the ICV at {@code icv[offset...]} in constant time; false, not an exception,
         * when fewer than {@code outputLength()} octets are there.
         */
        public boolean finishAndVerify(byte[] icv, int offset) {
            doFinal();
            if (offset < 0 || icv.length - offset < integrity.outputLength) {
                return false;
            }
            int diff = 0;
            for (int i = 0; i < integrity.outputLength; i++) {
                diff |= full[i] ^ icv[offset + i];
            }
            return diff == 0;
        }

        private void doFinal() {
            try {
                mac.doFinal(full, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
