package org.jiked.config.model;

import org.jiked.wire.TransformType;

/**
 * Values of {@code authentication-algorithm} at {@code [edit security ipsec proposal NAME]}, with
 * the IKEv2 INTEG transform ID each one is negotiated as. Junos also offers {@code hmac-md5-96}
 * and {@code hmac-sha-256-96}; jiked does not implement them.
 */
public enum IpsecAuthenticationAlgorithm implements Keyword {
    HMAC_SHA1_96("hmac-sha1-96", TransformType.AUTH_HMAC_SHA1_96),
    HMAC_SHA_256_128("hmac-sha-256-128", TransformType.AUTH_HMAC_SHA2_256_128),
    HMAC_SHA_384("hmac-sha-384", TransformType.AUTH_HMAC_SHA2_384_192),
    HMAC_SHA_512("hmac-sha-512", TransformType.AUTH_HMAC_SHA2_512_256);

    private final String keyword;
    private final int integ;

    IpsecAuthenticationAlgorithm(String keyword, int integ) {
        this.keyword = keyword;
        this.integ = integ;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** IKEv2 INTEG transform ID (IANA). */
    public int integ() {
        return integ;
    }
}
