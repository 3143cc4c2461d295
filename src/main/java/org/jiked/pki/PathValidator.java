package org.jiked.pki;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Builds and checks a certification path (RFC 5280 section 6) from the peer's end-entity
 * certificate through the CA certificates it sent and those jiked holds, up to a trusted CA
 * profile.
 *
 * <p>Why not {@code CertPathBuilder("PKIX")}: IKE needs less and different things. The trust
 * anchor need not be a root (the seed: "the common trusted CA does not have to be the root CA"),
 * the path may be at most 10 certificates counting the end entity and the anchor, each failure
 * must come out as one of a few reasons an operator can count, and revocation must be checked
 * only after the AUTH signature verified, with jiked's own bounded CRL fetcher. PKIX's builder
 * does the first three awkwardly and the last one not at all; the checks needed here (signature,
 * validity, basicConstraints with pathLen, keyUsage, unknown critical extensions) fit in this
 * class. Name constraints are not implemented, so a path through a CA that has them is refused
 * whether or not the extension is marked critical (strongSwan's pki writes it non-critical):
 * ignoring them would accept exactly the certificates they exclude.
 */
public final class PathValidator {
    /** The seed: "the number of certificates in the chain ... cannot exceed 10". */
    public static final int MAX_PATH = 10;
    private static final Set<String> KNOWN_CRITICAL = Set.of(
            "2.5.29.15", // keyUsage
            "2.5.29.19", // basicConstraints
            "2.5.29.17", // subjectAltName
            "2.5.29.37", // extKeyUsage
            "2.5.29.32"); // certificatePolicies (any policy accepted)
    private static final String NAME_CONSTRAINTS = "2.5.29.30";
    private static final int KU_DIGITAL_SIGNATURE = 0;
    private static final int KU_NON_REPUDIATION = 1;
    private static final int KU_KEY_CERT_SIGN = 5;

    private PathValidator() {}

    /** A path from the end entity (first) to the trust anchor (last). */
    public record ValidatedPath(List<X509Certificate> certificates, CaProfile anchor) {
        public X509Certificate endEntity() {
            return certificates.getFirst();
        }
    }

    /**
     * @param peerCertificates the peer's CERT payloads, end entity first
     * @param known every CA jiked holds (intermediates may come from here too)
     * @param anchors the CA profiles this peer's path may end at
     * @param now the time validity is checked at
     */
    public static ValidatedPath validate(List<X509Certificate> peerCertificates, Collection<CaProfile> known,
                                         Collection<CaProfile> anchors, Date now) throws CertificateFailure {
        if (peerCertificates.isEmpty()) {
            throw new CertificateFailure(CertificateFailure.Reason.NO_CERTIFICATE, "the peer sent no certificate");
        }
        if (peerCertificates.size() > MAX_PATH) {
            throw new CertificateFailure(CertificateFailure.Reason.CHAIN_TOO_LONG,
                    "the peer sent " + peerCertificates.size() + " certificates (at most " + MAX_PATH + ")");
        }
        List<X509Certificate> pool = new ArrayList<>(peerCertificates.subList(1, peerCertificates.size()));
        known.forEach(p -> pool.add(p.certificate()));
        Search s = new Search(pool, anchors);
        List<X509Certificate> path = new ArrayList<>(List.of(peerCertificates.getFirst()));
        CaProfile anchor = s.extend(path);
        if (anchor == null) {
            X509Certificate ee = peerCertificates.getFirst();
            if (s.tooLong) {
                throw new CertificateFailure(CertificateFailure.Reason.CHAIN_TOO_LONG, "no path of at most "
                        + MAX_PATH + " certificates from " + subject(ee) + " to a trusted CA");
            }
            throw new CertificateFailure(CertificateFailure.Reason.CERT_UNTRUSTED,
                    "no path from " + subject(ee) + " (issuer " + ee.getIssuerX500Principal().getName()
                            + ") to a trusted CA profile (" + String.join(", ",
                            anchors.stream().map(CaProfile::name).toList()) + ")");
        }
        anchor = extendToRoot(path, known, anchors, anchor);
        check(path, now);
        return new ValidatedPath(List.copyOf(path), anchor);
    }

    /**
     * A trusted CA need not be a root, but when jiked holds the CAs above it the path goes on up
     * to the root, so that their validity and CRLs are checked too. The topmost trusted CA on the
     * longer path is the anchor.
     */
    private static CaProfile extendToRoot(List<X509Certificate> path, Collection<CaProfile> known,
                                          Collection<CaProfile> anchors, CaProfile anchor) {
        while (path.size() < MAX_PATH) {
            X509Certificate last = path.getLast();
            if (last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                break;
            }
            CaProfile next = known.stream().filter(p -> issued(p.certificate(), last)
                    && path.stream().noneMatch(c -> sameCertificate(c, p.certificate()))).findFirst().orElse(null);
            if (next == null) {
                break;
            }
            path.add(next.certificate());
            for (CaProfile a : anchors) {
                if (sameCertificate(a.certificate(), next.certificate())) {
                    anchor = a;
                }
            }
        }
        return anchor;
    }

    /** Depth-first search over the issuers; bounded by {@link #MAX_PATH}, so it ends. */
    private static final class Search {
        final List<X509Certificate> pool;
        final Collection<CaProfile> anchors;
        boolean tooLong;

        Search(List<X509Certificate> pool, Collection<CaProfile> anchors) {
            this.pool = pool;
            this.anchors = anchors;
        }

        CaProfile extend(List<X509Certificate> path) {
            X509Certificate last = path.getLast();
            for (CaProfile a : anchors) {
                if (sameCertificate(a.certificate(), last) && path.size() > 1) {
                    return a;
                }
            }
            if (path.size() >= MAX_PATH) {
                tooLong = true;
                return null;
            }
            for (X509Certificate candidate : pool) {
                if (path.stream().anyMatch(c -> sameCertificate(c, candidate)) || !issued(candidate, last)) {
                    continue;
                }
                path.add(candidate);
                CaProfile found = extend(path);
                if (found != null) {
                    return found;
                }
                path.removeLast();
            }
            return null;
        }
    }

    static boolean issued(X509Certificate issuer, X509Certificate subject) {
        if (!issuer.getSubjectX500Principal().equals(subject.getIssuerX500Principal())
                || KeyChecks.problem(issuer.getPublicKey()) != null) {
            return false;
        }
        try {
            subject.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static boolean sameCertificate(X509Certificate a, X509Certificate b) {
        try {
            return Arrays.equals(a.getEncoded(), b.getEncoded());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Validity, constraints and key usage of every certificate on a built path. */
    private static void check(List<X509Certificate> path, Date now) throws CertificateFailure {
        for (int i = 0; i < path.size(); i++) {
            X509Certificate c = path.get(i);
            if (now.after(c.getNotAfter())) {
                throw new CertificateFailure(CertificateFailure.Reason.CERT_EXPIRED,
                        subject(c) + " expired on " + c.getNotAfter().toInstant());
            }
            if (now.before(c.getNotBefore())) {
                throw new CertificateFailure(CertificateFailure.Reason.CERT_EXPIRED,
                        subject(c) + " is not valid before " + c.getNotBefore().toInstant());
            }
            Set<String> critical = c.getCriticalExtensionOIDs();
            if (critical != null) {
                for (String oid : critical) {
                    if (!KNOWN_CRITICAL.contains(oid)) {
                        throw invalid(subject(c) + " has an unsupported critical extension " + oid);
                    }
                }
            }
            String keyProblem = KeyChecks.problem(c.getPublicKey());
            if (keyProblem != null) {
                throw invalid(subject(c) + ": " + keyProblem);
            }
            boolean[] ku = c.getKeyUsage();
            if (i == 0) {
                if (ku != null && !bit(ku, KU_DIGITAL_SIGNATURE) && !bit(ku, KU_NON_REPUDIATION)) {
                    throw invalid(subject(c) + " may not sign (keyUsage without digitalSignature)");
                }
                continue;
            }
            if (c.getExtensionValue(NAME_CONSTRAINTS) != null) {
                throw invalid(subject(c) + " has name constraints, which jiked does not implement");
            }
            int pathLen = c.getBasicConstraints();
            if (pathLen < 0) {
                throw invalid(subject(c) + " issues certificates but is not a CA (basicConstraints)");
            }
            // CAs between this one and the end entity: path.get(1 .. i-1)
            if (i - 1 > pathLen) {
                throw invalid(subject(c) + " allows " + pathLen + " CA(s) below it, the path has " + (i - 1));
            }
            if (ku != null && !bit(ku, KU_KEY_CERT_SIGN)) {
                throw invalid(subject(c) + " is a CA without keyCertSign in its keyUsage");
            }
        }
    }

    private static boolean bit(boolean[] bits, int i) {
        return bits.length > i && bits[i];
    }

    private static CertificateFailure invalid(String message) {
        return new CertificateFailure(CertificateFailure.Reason.CERT_INVALID, message);
    }

    static String subject(X509Certificate c) {
        return "\"" + c.getSubjectX500Principal().getName() + "\"";
    }
}
