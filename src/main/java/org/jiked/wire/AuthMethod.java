package org.jiked.wire;

/** Authentication methods of the AUTH payload (RFC 7296 section 3.8, RFC 4754, RFC 7427). */
public final class AuthMethod {
    private AuthMethod() {}

    public static final int RSA_DIGITAL_SIGNATURE = 1;
    public static final int SHARED_KEY_MIC = 2;
    public static final int DSS_DIGITAL_SIGNATURE = 3;
    public static final int ECDSA_SHA256_P256 = 9;
    public static final int ECDSA_SHA384_P384 = 10;
    public static final int ECDSA_SHA512_P521 = 11;
    public static final int DIGITAL_SIGNATURE = 14;
}
