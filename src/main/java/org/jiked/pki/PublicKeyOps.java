package org.jiked.pki;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The public-key operations of IKE authentication, behind one interface so the provider can be
 * chosen by measurement (INTEROP.md: Bouncy Castle is faster for ECDSA, equal for RSA). The JDK
 * implementation is {@link JdkPublicKeyOps}.
 */
public interface PublicKeyOps {
    byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] data) throws GeneralSecurityException;

    /** False for any signature that does not verify, including malformed ones; never throws. */
    boolean verify(SignatureScheme scheme, PublicKey key, byte[] data, byte[] signature);
}
