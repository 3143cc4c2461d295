package org.jiked.config.model;

import java.util.Arrays;
import org.jiked.wire.TransformType;

/**
 * Values of {@code encryption-algorithm} at {@code [edit security ike proposal NAME]} and
 * {@code [edit security ipsec proposal NAME]}, with the IKEv2 transform ID (type 1, ENCR) each one
 * is negotiated as.
 *
 * <p>Junos offers a slightly different list at each level: {@code aes-192-gcm} exists for IPsec
 * only, {@code chacha20-poly1305} for IKE only. The flags {@link #ike()} and {@link #ipsec()} carry
 * that difference. DES and 3DES are not implemented and so not accepted.
 */
public enum EncryptionAlgorithm implements Keyword {
    AES_128_CBC("aes-128-cbc", TransformType.ENCR_AES_CBC, 128, false, true, true),
    AES_192_CBC("aes-192-cbc", TransformType.ENCR_AES_CBC, 192, false, true, true),
    AES_256_CBC("aes-256-cbc", TransformType.ENCR_AES_CBC, 256, false, true, true),
    AES_128_GCM("aes-128-gcm", TransformType.ENCR_AES_GCM_16, 128, true, true, true),
    AES_192_GCM("aes-192-gcm", TransformType.ENCR_AES_GCM_16, 192, true, false, true),
    AES_256_GCM("aes-256-gcm", TransformType.ENCR_AES_GCM_16, 256, true, true, true),
    CHACHA20_POLY1305("chacha20-poly1305", TransformType.ENCR_CHACHA20_POLY1305, 256, true, true, false);

    private final String keyword;
    private final int transformId;
    private final int keyBits;
    private final boolean aead;
    private final boolean ike;
    private final boolean ipsec;

    EncryptionAlgorithm(String keyword, int transformId, int keyBits, boolean aead, boolean ike, boolean ipsec) {
        this.keyword = keyword;
        this.transformId = transformId;
        this.keyBits = keyBits;
        this.aead = aead;
        this.ike = ike;
        this.ipsec = ipsec;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** IKEv2 ENCR transform ID (IANA). */
    public int transformId() {
        return transformId;
    }

    /** Key size in bits (for ChaCha20-Poly1305 the fixed 256-bit key). */
    public int keyBits() {
        return keyBits;
    }

    /**
     * Value of the Key Length transform attribute, or 0 when the attribute must not be sent:
     * RFC 7634 forbids it for ChaCha20-Poly1305, whose key size is fixed.
     */
    public int keyLengthAttribute() {
        return this == CHACHA20_POLY1305 ? 0 : keyBits;
    }

    /** True for combined-mode ciphers that carry their own integrity check (no INTEG transform). */
    public boolean aead() {
        return aead;
    }

    /** Accepted in an IKE proposal. */
    public boolean ike() {
        return ike;
    }

    /** Accepted in an IPsec proposal. */
    public boolean ipsec() {
        return ipsec;
    }

    /** The algorithms accepted at {@code security ike proposal}. */
    public static EncryptionAlgorithm[] forIke() {
        return Arrays.stream(values()).filter(EncryptionAlgorithm::ike).toArray(EncryptionAlgorithm[]::new);
    }

    /** The algorithms accepted at {@code security ipsec proposal}. */
    public static EncryptionAlgorithm[] forIpsec() {
        return Arrays.stream(values()).filter(EncryptionAlgorithm::ipsec).toArray(EncryptionAlgorithm[]::new);
    }
}
