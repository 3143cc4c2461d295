package org.jiked.config.model;

import org.jiked.wire.AuthMethod;

/**
 * Values of {@code authentication-method} at {@code [edit security ike proposal NAME]}, with the
 * IKEv2 AUTH payload method number.
 *
 * <p>The signature methods authenticate with the certificate of the IKE policy's {@code
 * certificate local-certificate}; the AUTH payload then carries the method of the key (or RFC
 * 7427's Digital Signature when both peers announce it), whatever the keyword says.
 */
public enum AuthenticationMethod implements Keyword {
    PRE_SHARED_KEYS("pre-shared-keys", AuthMethod.SHARED_KEY_MIC),
    RSA_SIGNATURES("rsa-signatures", AuthMethod.RSA_DIGITAL_SIGNATURE),
    ECDSA_SIGNATURES_256("ecdsa-signatures-256", AuthMethod.ECDSA_SHA256_P256),
    ECDSA_SIGNATURES_384("ecdsa-signatures-384", AuthMethod.ECDSA_SHA384_P384),
    ECDSA_SIGNATURES_521("ecdsa-signatures-521", AuthMethod.ECDSA_SHA512_P521);

    private final String keyword;
    private final int authMethod;

    AuthenticationMethod(String keyword, int authMethod) {
        this.keyword = keyword;
        this.authMethod = authMethod;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** IKEv2 AUTH payload Auth Method number (IANA). */
    public int authMethod() {
        return authMethod;
    }
}
