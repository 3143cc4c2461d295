package org.jiked.pki;

import java.net.URI;

/**
 * {@code revocation-check} of a CA profile: whether the certificates this CA issues are checked
 * against its CRL (RFC 5280 section 6.3), where the CRL comes from, how often it is refreshed and
 * what happens when it cannot be had.
 *
 * @param crl false for {@code revocation-check disable} (and when nothing is configured)
 * @param acceptOnDownloadFailure {@code crl disable on-download-failure}: a certificate is
 *     accepted when no CRL can be fetched; by default it is refused, as in Junos
 * @param refreshSeconds {@code crl refresh-interval} in seconds; 0 means "at the CRL's nextUpdate"
 * @param url {@code crl url}; null means the certificate's CRL distribution point
 */
public record RevocationCheck(boolean crl, boolean acceptOnDownloadFailure, long refreshSeconds, URI url) {
    public static final RevocationCheck DISABLED = new RevocationCheck(false, false, 0, null);
    public static final RevocationCheck CRL = new RevocationCheck(true, false, 0, null);
}
