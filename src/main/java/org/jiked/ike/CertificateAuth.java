package org.jiked.ike;

import java.util.List;
import java.util.Objects;
import org.jiked.pki.DnPattern;
import org.jiked.pki.LocalCredential;
import org.jiked.pki.PkiStore;
import org.jiked.pki.PublicKeyOps;

/**
 * How a peer authenticates with certificates (an IKE policy whose proposals use
 * {@code rsa-signatures} or {@code ecdsa-signatures-*}).
 *
 * @param pki the CA profiles, trusted-CA groups and CRL cache
 * @param localCertificates the policy's {@code certificate local-certificate}, or empty for every
 *     local certificate: the one answering the peer's CERTREQ is used. Names, looked up in
 *     {@code pki} at each IKE_AUTH, so a certificate loaded anew is used from then on
 * @param trustedCa the policy's {@code certificate trusted-ca}, or null for every CA profile
 * @param localIdentityDn {@code local-identity distinguished-name}: our ID is the subject DN of
 *     the certificate in use
 * @param remoteDn {@code remote-identity distinguished-name [container|wildcard]}, or null
 * @param rsaPss sign with RSASSA-PSS rather than PKCS#1 v1.5 under RFC 7427
 * @param ops the public-key operations (the JDK's, {@link org.jiked.pki.JdkPublicKeyOps})
 */
public record CertificateAuth(PkiStore pki, List<String> localCertificates, PkiStore.TrustedCa trustedCa,
                              boolean localIdentityDn, DnPattern remoteDn, boolean rsaPss, PublicKeyOps ops) {
    public CertificateAuth {
        Objects.requireNonNull(pki, "pki");
        Objects.requireNonNull(ops, "ops");
        localCertificates = List.copyOf(localCertificates);
        if (localCertificates.isEmpty() ? pki.localCertificates().isEmpty()
                : localCertificates.stream().anyMatch(n -> pki.localCertificate(n) == null)) {
            throw new IllegalArgumentException("certificate authentication needs a local certificate");
        }
    }

    /** The local certificates this peer may be shown, as the PKI holds them now. */
    public List<LocalCredential> credentials() {
        if (localCertificates.isEmpty()) {
            return List.copyOf(pki.localCertificates());
        }
        return localCertificates.stream().map(pki::localCertificate).filter(Objects::nonNull).toList();
    }
}
