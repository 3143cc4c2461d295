package org.jiked.config.model;

import org.jiked.wire.TransformType;

/**
 * Values of {@code authentication-algorithm} at {@code [edit security ike proposal NAME]}.
 *
 * <p>In IKEv2 one Junos keyword selects two transforms: the PRF and, with a non-AEAD cipher, the
 * integrity algorithm. With an AEAD cipher only the PRF is used. {@code md5} is not implemented.
 */
public enum IkeAuthenticationAlgorithm implements Keyword {
    SHA1("sha1", TransformType.PRF_HMAC_SHA1, TransformType.AUTH_HMAC_SHA1_96),
    SHA_256("sha-256", TransformType.PRF_HMAC_SHA2_256, TransformType.AUTH_HMAC_SHA2_256_128),
    SHA_384("sha-384", TransformType.PRF_HMAC_SHA2_384, TransformType.AUTH_HMAC_SHA2_384_192),
    SHA_512("sha-512", TransformType.PRF_HMAC_SHA2_512, TransformType.AUTH_HMAC_SHA2_512_256);

    private final String keyword;
    private final int prf;
    private final int integ;

    IkeAuthenticationAlgorithm(String keyword, int prf, int integ) {
        this.keyword = keyword;
        this.prf = prf;
        this.integ = integ;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** IKEv2 PRF transform ID (IANA). */
    public int prf() {
        return prf;
    }

    /** IKEv2 INTEG transform ID (IANA) used with non-AEAD ciphers. */
    public int integ() {
        return integ;
    }
}
