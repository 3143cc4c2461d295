package org.jiked.ike;

import org.jiked.wire.TransformType;

/** Printable algorithm names, in the words Junos uses in its show output. */
public final class AlgorithmNames {
    private AlgorithmNames() {}

    public static String encryption(int id, int keyBits) {
        return switch (id) {
            case TransformType.ENCR_AES_CBC -> "aes-cbc (" + keyBits + " bits)";
            case TransformType.ENCR_AES_GCM_16 -> "aes-gcm (" + keyBits + " bits)";
            case TransformType.ENCR_CHACHA20_POLY1305 -> "chacha20-poly1305";
            default -> "encr-" + id;
        };
    }

    public static String prf(int id) {
        return switch (id) {
            case TransformType.PRF_HMAC_SHA1 -> "hmac-sha1";
            case TransformType.PRF_HMAC_SHA2_256 -> "hmac-sha256";
            case TransformType.PRF_HMAC_SHA2_384 -> "hmac-sha384";
            case TransformType.PRF_HMAC_SHA2_512 -> "hmac-sha512";
            default -> "prf-" + id;
        };
    }

    public static String integrity(int id) {
        return switch (id) {
            case TransformType.AUTH_NONE -> "none";
            case TransformType.AUTH_HMAC_SHA1_96 -> "hmac-sha1-96";
            case TransformType.AUTH_HMAC_SHA2_256_128 -> "hmac-sha256-128";
            case TransformType.AUTH_HMAC_SHA2_384_192 -> "hmac-sha384-192";
            case TransformType.AUTH_HMAC_SHA2_512_256 -> "hmac-sha512-256";
            default -> "integ-" + id;
        };
    }

    public static String dhGroup(int group) {
        return group == 0 ? "none" : "group" + group;
    }
}
