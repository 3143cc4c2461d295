package org.jiked.pki;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * {@code security pki ca-profile NAME}: one CA jiked knows, with its certificate and how the
 * certificates it issues are checked for revocation.
 *
 * @param caIdentity the Junos {@code ca-identity}, shown by {@code show security pki ca-certificate}
 * @param dynamic true for the profiles jiked makes itself for a peer's CA it has no profile
 *     for (the seed's "dynamic CA profile"), whose CRL comes from the distribution point
 */
public record CaProfile(String name, String caIdentity, X509Certificate certificate,
                        RevocationCheck revocation, boolean dynamic) {
    public CaProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(revocation, "revocation");
    }

    public CaProfile(String name, String caIdentity, X509Certificate certificate, RevocationCheck revocation) {
        this(name, caIdentity, certificate, revocation, false);
    }
}
