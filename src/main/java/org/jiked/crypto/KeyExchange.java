package org.jiked.crypto;

/**
 * One ephemeral Diffie-Hellman key pair for the KE payload (RFC 7296 sections 2.7 and 3.4),
 * created by {@link KeyExchanges}.
 *
 * <p>Encodings: MODP (RFC 3526) public values and shared secrets are big-endian and
 * left-padded with zeros to the length of the prime (RFC 7296 3.4 / 2.14). ECP (RFC 5903
 * sections 7 and 9): the public value is x | y, each coordinate padded to the field size, and
 * the shared secret is the x coordinate only. Curve25519 / Curve448 (RFC 8031 section 2):
 * the raw little-endian u-coordinate and raw X25519 / X448 output of RFC 7748.
 */
public interface KeyExchange {
    /** The Diffie-Hellman group transform ID. */
    int group();

    /** Our key exchange data for the KE payload (a copy). */
    byte[] publicValue();

    /**
     * Computes g^ir from the peer's key exchange data after validating it (RFC 6989 for MODP
     * and ECP, RFC 7748 for the Montgomery curves).
     *
     * @throws InvalidPeerKeyException when the peer value has the wrong length, is out of range,
     *     is not a point on the curve, or yields an all-zero secret
     */
    byte[] sharedSecret(byte[] peerPublicValue) throws InvalidPeerKeyException;
}
