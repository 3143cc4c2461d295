package org.jiked.pki;

/**
 * Why a peer's certificate authentication failed. Each reason has the counter name that
 * {@code show security ike stats} shows, so an operator sees revoked, expired, untrusted and
 * mismatched peers apart without reading logs.
 */
public final class CertificateFailure extends Exception {
    /** The failure classes; {@link #counter()} is the stats name. */
    public enum Reason {
        NO_CERTIFICATE("cert-missing"),
        CERT_INVALID("cert-invalid"),
        CERT_EXPIRED("cert-expired"),
        CERT_UNTRUSTED("cert-untrusted"),
        CHAIN_TOO_LONG("cert-chain-too-long"),
        CERT_REVOKED("cert-revoked"),
        CRL_UNAVAILABLE("crl-unavailable"),
        ID_MISMATCH("id-mismatch"),
        SIGNATURE_INVALID("auth-signature-invalid"),
        AUTH_METHOD("auth-method-mismatch");

        private final String counter;

        Reason(String counter) {
            this.counter = counter;
        }

        public String counter() {
            return counter;
        }
    }

    private final Reason reason;

    public CertificateFailure(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
