package org.jiked.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A local certificate ({@code certificate local-certificate NAME} of an IKE policy) with its
 * private key and the CA certificates above it that jiked holds, nearest first, up to the root
 * when jiked holds it. {@link #certificatesFor} picks what goes into CERT payloads (RFC 7296
 * section 3.6).
 */
public record LocalCredential(String name, X509Certificate certificate, PrivateKey privateKey,
                              List<X509Certificate> issuers) {
    public LocalCredential {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        issuers = List.copyOf(issuers);
    }

    /**
     * The end entity, then each CA above it until one the peer named in its CERTREQ (it holds
     * that one and everything above it), never a self-signed root: the seed's "EE certificate
     * and any CA certificates that are not present in the local peer".
     */
    public List<X509Certificate> certificatesFor(java.util.Set<KeyHash> peerHas) {
        java.util.List<X509Certificate> out = new java.util.ArrayList<>(List.of(certificate));
        for (X509Certificate ca : issuers) {
            if (peerHas.contains(KeyHash.of(ca)) || ca.getSubjectX500Principal().equals(ca.getIssuerX500Principal())) {
                break;
            }
            out.add(ca);
        }
        return out;
    }

    /** Whether the peer's CERTREQ names a CA of this credential's chain. */
    public boolean answers(java.util.Set<KeyHash> peerHas) {
        return issuers.stream().anyMatch(ca -> peerHas.contains(KeyHash.of(ca)));
    }

    /**
     * Refuses a key that does not belong to its certificate: it would only show as the peer's
     * AUTHENTICATION_FAILED.
     */
    public static void checkPair(X509Certificate cert, PrivateKey key) throws java.io.IOException {
        byte[] probe = "jiked key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        SignatureScheme scheme = key.getAlgorithm().equals("EC") ? SignatureScheme.ecdsaDer(SignatureScheme.HASH_SHA256)
                : SignatureScheme.rsaPkcs1(SignatureScheme.HASH_SHA256);
        try {
            var ops = JdkPublicKeyOps.INSTANCE;
            if (!ops.verify(scheme, cert.getPublicKey(), probe, ops.sign(scheme, key, probe))) {
                throw new java.io.IOException("the private key does not belong to the certificate");
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new java.io.IOException("unusable private key: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "LocalCredential[" + name + ", " + certificate.getSubjectX500Principal().getName() + "]";
    }
}
