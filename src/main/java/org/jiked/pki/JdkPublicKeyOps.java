package org.jiked.pki;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * {@link PublicKeyOps} on the JDK's providers. The JDK's RSASSA-PKCS1-v1_5 verification encodes
 * the expected DigestInfo and compares whole blocks (RFC 8017 section 8.2.2 step 4), so the
 * Bleichenbacher e=3 forgeries with trailing garbage fail; tests hold it to that.
 */
public final class JdkPublicKeyOps implements PublicKeyOps {
    public static final JdkPublicKeyOps INSTANCE = new JdkPublicKeyOps();

    private JdkPublicKeyOps() {}

    @Override
    public byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance(scheme.jcaName());
        if (scheme.params() != null) {
            s.setParameter(scheme.params());
        }
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    @Override
    public boolean verify(SignatureScheme scheme, PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(scheme.jcaName());
            if (scheme.params() != null) {
                s.setParameter(scheme.params());
            }
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
