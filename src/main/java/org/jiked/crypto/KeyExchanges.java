package org.jiked.crypto;

import java.security.SecureRandom;
import org.jiked.wire.TransformType;

/**
 * The Diffie-Hellman groups jiked offers and the factory for their ephemeral key pairs:
 * MODP 14/15/16 (RFC 3526), ECP 19/20/21 (RFC 5903), Curve25519 31 and Curve448 32 (RFC 8031).
 */
public final class KeyExchanges {
    private KeyExchanges() {}

    public static boolean isSupported(int group) {
        return switch (group) {
            case TransformType.MODP_2048, TransformType.MODP_3072, TransformType.MODP_4096,
                 TransformType.ECP_256, TransformType.ECP_384, TransformType.ECP_521,
                 TransformType.CURVE25519, TransformType.CURVE448 -> true;
            default -> false;
        };
    }

    /**
     * Length in octets of the group's key exchange data in the KE payload.
     *
     * @throws IllegalArgumentException for an unsupported group
     */
    public static int publicValueLength(int group) {
        return switch (group) {
            case TransformType.MODP_2048 -> 256;
            case TransformType.MODP_3072 -> 384;
            case TransformType.MODP_4096 -> 512;
            case TransformType.ECP_256 -> 64;
            case TransformType.ECP_384 -> 96;
            case TransformType.ECP_521 -> 132;
            case TransformType.CURVE25519 -> 32;
            case TransformType.CURVE448 -> 56;
            default -> throw new IllegalArgumentException("unsupported DH group " + group);
        };
    }

    /**
     * A fresh ephemeral key pair. Its private part never leaves the returned object.
     *
     * @throws IllegalArgumentException for an unsupported group
     */
    public static KeyExchange generate(int group, SecureRandom random) {
        return switch (group) {
            case TransformType.MODP_2048, TransformType.MODP_3072, TransformType.MODP_4096 ->
                    ModpKeyExchange.generate(group, random);
            case TransformType.ECP_256, TransformType.ECP_384, TransformType.ECP_521 ->
                    EcpKeyExchange.generate(group, random);
            case TransformType.CURVE25519 -> X25519Provider.CHOSEN.generate(group, random);
            case TransformType.CURVE448 -> XdhKeyExchange.generate(group, random);
            default -> throw new IllegalArgumentException("unsupported DH group " + group);
        };
    }

    /** Which implementation computes group 31 (see {@link X25519Provider}), for logs and benchmarks. */
    public static String x25519Provider() {
        return X25519Provider.CHOSEN.name().toLowerCase();
    }

    /**
     * A key pair with a known private value, for known-answer and interoperability tests only:
     * a production exchange must use {@link #generate}. The private value is the big-endian
     * exponent (MODP) or scalar (ECP, as printed in RFC 5903), or the raw 32 / 56-octet scalar
     * of RFC 7748 (Curve25519 / Curve448).
     *
     * @throws IllegalArgumentException for an unsupported group or an unusable private value
     */
    public static KeyExchange fromPrivate(int group, byte[] privateValue) {
        return switch (group) {
            case TransformType.MODP_2048, TransformType.MODP_3072, TransformType.MODP_4096 ->
                    ModpKeyExchange.fromPrivate(group, privateValue);
            case TransformType.ECP_256, TransformType.ECP_384, TransformType.ECP_521 ->
                    EcpKeyExchange.fromPrivate(group, privateValue);
            case TransformType.CURVE25519, TransformType.CURVE448 ->
                    XdhKeyExchange.fromPrivate(group, privateValue);
            default -> throw new IllegalArgumentException("unsupported DH group " + group);
        };
    }
}
