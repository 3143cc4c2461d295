package org.jiked.wire;

/** Transform types and the transform IDs jiked knows (RFC 7296 section 3.3.2, IANA IKEv2 registry). */
public final class TransformType {
    private TransformType() {}

    public static final int ENCR = 1;
    public static final int PRF = 2;
    public static final int INTEG = 3;
    public static final int DH = 4;
    public static final int ESN = 5;

    public static final int ENCR_AES_CBC = 12;
    public static final int ENCR_AES_GCM_16 = 20;
    public static final int ENCR_CHACHA20_POLY1305 = 28;

    public static final int PRF_HMAC_SHA1 = 2;
    public static final int PRF_HMAC_SHA2_256 = 5;
    public static final int PRF_HMAC_SHA2_384 = 6;
    public static final int PRF_HMAC_SHA2_512 = 7;

    public static final int AUTH_NONE = 0;
    public static final int AUTH_HMAC_SHA1_96 = 2;
    public static final int AUTH_HMAC_SHA2_256_128 = 12;
    public static final int AUTH_HMAC_SHA2_384_192 = 13;
    public static final int AUTH_HMAC_SHA2_512_256 = 14;

    public static final int DH_NONE = 0;
    public static final int MODP_2048 = 14;
    public static final int MODP_3072 = 15;
    public static final int MODP_4096 = 16;
    public static final int ECP_256 = 19;
    public static final int ECP_384 = 20;
    public static final int ECP_521 = 21;
    public static final int CURVE25519 = 31;
    public static final int CURVE448 = 32;

    public static final int ESN_NO = 0;
    public static final int ESN_YES = 1;

    /** Transform attribute type carrying the key length in bits (TV format). */
    public static final int ATTR_KEY_LENGTH = 14;

    public static String typeName(int type) {
        return switch (type) {
            case ENCR -> "ENCR";
            case PRF -> "PRF";
            case INTEG -> "INTEG";
            case DH -> "DH";
            case ESN -> "ESN";
            default -> "TRANSFORM_" + type;
        };
    }
}
