package org.jiked.config.model;

import org.jiked.wire.AuthMethod;

/**
 * Values of {@code authentication-method} at {@code [edit security ike proposal NAME]}, with the
 * IKEv2 AUTH payload method number.
 *
 * <p>The signature methods are parsed so that Junos configurations read naturally, but jiked has
 * no certificate support yet and refuses them when the configuration is checked
 * ({@link #supported()}).
 */
public enum AuthenticationMethod implements Keyword {
    PRE_SHARED_KEYS("pre-shared-keys", AuthMethod.SHARED_KEY_MIC, true),
    RSA_SIGNATURES("rsa-signatures", AuthMethod.RSA_DIGITAL_SIGNATURE, false),
    ECDSA_SIGNATURES_256("ecdsa-signatures-256", AuthMethod.ECDSA_SHA256_P256, false),
    ECDSA_SIGNATURES_384("ecdsa-signatures-384", AuthMethod.ECDSA_SHA384_P384, false),
    ECDSA_SIGNATURES_521("ecdsa-signatures-521", AuthMethod.ECDSA_SHA512_P521, false);

    private final String keyword;
    private final int authMethod;
    private final boolean supported;

    AuthenticationMethod(String keyword, int authMethod, boolean supported) {
        this.keyword = keyword;
        this.authMethod = authMethod;
        this.supported = supported;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** IKEv2 AUTH payload Auth Method number (IANA). */
    public int authMethod() {
        return authMethod;
    }

    /** False for methods jiked parses but cannot use yet. */
    public boolean supported() {
        return supported;
    }
}
