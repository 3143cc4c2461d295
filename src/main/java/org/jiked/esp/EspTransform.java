package org.jiked.esp;

import org.jiked.crypto.Integrity;
import org.jiked.crypto.SkCiphers;
import org.jiked.wire.TransformType;

/**
 * The transforms of one ESP SA and the sizes they imply: AES-GCM with a 16-octet ICV (RFC 4106),
 * ChaCha20-Poly1305 (RFC 7634), or AES-CBC (RFC 3602) with HMAC-SHA1-96 (RFC 2404) or
 * HMAC-SHA2 (RFC 4868).
 *
 * <p>The combined modes carry an 8-octet explicit IV and align the trailer to 4 octets
 * (RFC 4303 section 2.4); CBC carries a 16-octet IV and pads to the cipher's block.
 *
 * @param encryptionId IKEv2 transform ID of the cipher
 * @param keyBits key length attribute (0 when absent, ChaCha20-Poly1305)
 * @param integrityId IKEv2 integrity transform ID, {@link TransformType#AUTH_NONE} for the AEADs
 */
public record EspTransform(int encryptionId, int keyBits, int integrityId) {
    /** The ESP header: SPI and sequence number (RFC 4303 section 2). */
    public static final int HEADER_LENGTH = 8;
    static final int SALT_LENGTH = 4;

    /** How the payload is protected. */
    public enum Kind { AES_GCM_16, CHACHA20_POLY1305, AES_CBC_HMAC }

    public EspTransform {
        if (!SkCiphers.isSupported(encryptionId, keyBits, integrityId)) {
            throw new IllegalArgumentException("unsupported ESP transform: encr " + encryptionId + " key " + keyBits
                    + " integ " + integrityId);
        }
    }

    public Kind kind() {
        return switch (encryptionId) {
            case TransformType.ENCR_AES_GCM_16 -> Kind.AES_GCM_16;
            case TransformType.ENCR_CHACHA20_POLY1305 -> Kind.CHACHA20_POLY1305;
            default -> Kind.AES_CBC_HMAC;
        };
    }

    public boolean aead() {
        return kind() != Kind.AES_CBC_HMAC;
    }

    /** Octets of KEYMAT for the cipher, with the 4-octet salt of the combined modes. */
    public int encryptionKeyLength() {
        return SkCiphers.encryptionKeyLength(encryptionId, keyBits);
    }

    public int integrityKeyLength() {
        return SkCiphers.integrityKeyLength(integrityId);
    }

    public int ivLength() {
        return aead() ? 8 : 16;
    }

    public int icvLength() {
        return aead() ? 16 : Integrity.of(integrityId).outputLength();
    }

    /** The alignment of payload, padding, pad length and next header. */
    public int blockSize() {
        return aead() ? 4 : 16;
    }

    /** Octets of padding, pad length and next header after an inner packet of {@code length} octets. */
    public int trailerLength(int length) {
        int b = blockSize();
        return (b - (length + 2) % b) % b + 2;
    }

    /** The ESP packet length for an inner packet of {@code length} octets. */
    public int packetLength(int length) {
        return HEADER_LENGTH + ivLength() + length + trailerLength(length) + icvLength();
    }

    /**
     * The largest inner packet that fits an outer packet of {@code outerMtu} octets, with an outer
     * IPv4 (20) or IPv6 (40) header and, when encapsulated, the UDP header of RFC 3948 (8).
     */
    public int innerMtu(int outerMtu, boolean ipv6Outer, boolean udpEncapsulated) {
        int room = outerMtu - (ipv6Outer ? 40 : 20) - (udpEncapsulated ? 8 : 0) - HEADER_LENGTH - ivLength()
                - icvLength();
        return room / blockSize() * blockSize() - 2;
    }

    @Override
    public String toString() {
        return switch (kind()) {
            case AES_GCM_16 -> "aes-gcm-" + keyBits;
            case CHACHA20_POLY1305 -> "chacha20-poly1305";
            case AES_CBC_HMAC -> "aes-cbc-" + keyBits + "/" + Integrity.of(integrityId);
        };
    }
}
