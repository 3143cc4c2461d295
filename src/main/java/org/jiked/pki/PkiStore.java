package org.jiked.pki;

import java.io.IOException;
import java.net.URI;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The PKI of one jiked: its CA profiles, trusted-CA groups, local certificates and the CRL
 * cache, as {@code security pki} configures them. Immutable apart from the cache and the names
 * of dynamic CA profiles; safe to share between the engine and show commands.
 */
public final class PkiStore {
    /** Replaced whole (copy on write) by the request commands; readers see one version or the other. */
    private volatile Map<String, CaProfile> profiles;
    private final Map<String, List<String>> trustedGroups;
    private volatile Map<String, LocalCredential> localCertificates;
    private final CrlCache crls;
    private final LongSupplier wallClock;
    private final Map<String, String> dynamicNames = new LinkedHashMap<>();

    public PkiStore(Map<String, CaProfile> profiles, Map<String, List<String>> trustedGroups,
                    Map<String, LocalCredential> localCertificates, CrlFetcher fetcher, LongSupplier wallClockMillis) {
        this.profiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
        this.trustedGroups = new LinkedHashMap<>(trustedGroups);
        this.localCertificates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(localCertificates));
        this.crls = new CrlCache(fetcher, wallClockMillis);
        this.wallClock = wallClockMillis;
    }

    private static final PkiStore EMPTY = new PkiStore(Map.of(), Map.of(), Map.of(), uri -> {
        throw new IOException("no PKI is configured");
    }, System::currentTimeMillis);

    /** A PKI with nothing in it, for gateways configured with pre-shared keys only. */
    public static PkiStore empty() {
        return EMPTY;
    }

    /** Profiles in configuration order. */
    public List<CaProfile> profiles() {
        return List.copyOf(profiles.values());
    }

    public CaProfile profile(String name) {
        return profiles.get(name);
    }

    public Map<String, List<String>> trustedGroups() {
        return java.util.Collections.unmodifiableMap(trustedGroups);
    }

    public Collection<LocalCredential> localCertificates() {
        return List.copyOf(localCertificates.values());
    }

    public LocalCredential localCertificate(String name) {
        return localCertificates.get(name);
    }

    public CrlCache crls() {
        return crls;
    }

    /**
     * The CA profiles a peer's path may end at: the policy's {@code trusted-ca ca-profile} or
     * {@code trusted-ca-group}, or every configured profile (the seed: "if an IKE policy is not
     * associated with any CA then by default the certificate is validated by any one of the
     * configured CA profiles").
     */
    public List<CaProfile> anchors(TrustedCa trusted) {
        if (trusted == null) {
            return profiles();
        }
        List<String> names = trusted.group() != null ? trustedGroups.getOrDefault(trusted.group(), List.of())
                : List.of(trusted.profile());
        return names.stream().map(profiles::get).filter(java.util.Objects::nonNull).toList();
    }

    /** {@code trusted-ca ca-profile NAME} or {@code trusted-ca trusted-ca-group NAME}; one of them is null. */
    public record TrustedCa(String profile, String group) {
        @Override
        public String toString() {
            return profile != null ? "ca-profile " + profile : "trusted-ca-group " + group;
        }
    }

    public PathValidator.ValidatedPath validate(List<X509Certificate> peerCertificates, TrustedCa trusted)
            throws CertificateFailure {
        return PathValidator.validate(peerCertificates, profiles.values(), anchors(trusted),
                new Date(wallClock.getAsLong()));
    }

    /**
     * Checks every certificate of a validated path but the anchor against its issuer's CRL, as
     * the issuer's profile says; a CA on the path with no profile here (the peer sent it)
     * inherits the setting of the nearest configured CA above it and gets a dynamic profile
     * (the seed's dynamic-001) for its CRL. Call it only for paths whose AUTH verified, so that
     * an unauthenticated peer cannot make jiked fetch anything.
     *
     * @param warnings told about CRLs that could not be had but were let pass
     */
    public void checkRevocation(PathValidator.ValidatedPath path, Consumer<String> warnings) throws CertificateFailure {
        List<X509Certificate> certs = path.certificates();
        RevocationCheck inherited = path.anchor().revocation();
        RevocationCheck[] byIssuer = new RevocationCheck[certs.size()];
        String[] names = new String[certs.size()];
        for (int i = certs.size() - 1; i >= 1; i--) {
            CaProfile configured = configuredProfileOf(certs.get(i));
            if (configured != null) {
                inherited = configured.revocation();
                names[i] = configured.name();
            } else {
                names[i] = dynamicName(certs.get(i));
            }
            byIssuer[i] = configured != null ? configured.revocation()
                    : new RevocationCheck(inherited.crl(), inherited.acceptOnDownloadFailure(), inherited.refreshSeconds(), null);
        }
        // from the anchor down, as RFC 5280 section 6.1 processes a path
        for (int i = certs.size() - 2; i >= 0; i--) {
            RevocationCheck rc = byIssuer[i + 1];
            if (rc.crl()) {
                checkOne(certs.get(i), certs.get(i + 1), names[i + 1], rc, warnings);
            }
        }
    }

    private void checkOne(X509Certificate cert, X509Certificate issuer, String profile, RevocationCheck rc,
                          Consumer<String> warnings) throws CertificateFailure {
        X509CRL loaded = crls.loaded(profile);
        if (loaded != null) {
            checkAgainst(loaded, cert, profile);
            return;
        }
        List<URI> sources = rc.url() != null ? List.of(rc.url()) : DistributionPoints.of(cert);
        List<String> problems = new ArrayList<>();
        for (URI uri : sources) {
            X509CRL crl;
            try {
                crl = crls.get(uri, issuer, profile, rc.refreshSeconds());
            } catch (IOException e) {
                problems.add(e.getMessage());
                continue;
            }
            checkAgainst(crl, cert, profile);
            return;
        }
        String why = sources.isEmpty() ? "no CRL url configured and no HTTP CRL distribution point in the certificate"
                : String.join("; ", problems);
        if (rc.acceptOnDownloadFailure()) {
            warnings.accept("no CRL for " + PathValidator.subject(cert) + " (" + why
                    + "), accepted by 'crl disable on-download-failure' of CA profile " + profile);
            return;
        }
        throw new CertificateFailure(CertificateFailure.Reason.CRL_UNAVAILABLE,
                "no CRL to check " + PathValidator.subject(cert) + " against (CA profile " + profile + "): " + why);
    }

    private static void checkAgainst(X509CRL crl, X509Certificate cert, String profile) throws CertificateFailure {
        X509CRLEntry entry = crl.getRevokedCertificate(cert);
        if (entry != null) {
            throw new CertificateFailure(CertificateFailure.Reason.CERT_REVOKED,
                    PathValidator.subject(cert) + " (serial " + cert.getSerialNumber().toString(16)
                            + ") was revoked on " + entry.getRevocationDate().toInstant() + " by CA profile "
                            + profile + (entry.getRevocationReason() != null
                            ? " (" + entry.getRevocationReason() + ")" : ""));
        }
    }

    /**
     * {@code request security pki crl load ca-profile NAME filename FILE}: a CRL for a configured
     * CA profile from a file, used instead of downloads while it is current (not kept across a
     * restart).
     */
    public void loadCrl(String profile, java.nio.file.Path file) throws IOException {
        CaProfile p = profiles.get(profile);
        if (p == null) {
            throw new IOException("CA profile '" + profile + "' is not configured");
        }
        crls.load(profile, p.certificate(), CredentialFiles.crl(CredentialFiles.read(file)), file.toUri());
    }

    /** A CA certificate file for a profile: its first certificate, which must be a CA's. */
    public static X509Certificate caCertificate(java.nio.file.Path file) throws IOException {
        X509Certificate cert = CredentialFiles.certificates(file).getFirst();
        if (cert.getBasicConstraints() < 0) {
            throw new IOException(file + " is not a CA certificate (no basicConstraints CA)");
        }
        return cert;
    }

    /**
     * {@code request security pki ca-certificate load ca-profile NAME filename FILE}: a new
     * certificate for a configured profile (a CA renewed its certificate), used from the next
     * IKE_AUTH on; the chains of the local certificates are built again. Not kept across a
     * restart: the configuration's file is read then.
     */
    public synchronized void loadCaCertificate(String profile, java.nio.file.Path file) throws IOException {
        CaProfile p = profiles.get(profile);
        if (p == null) {
            throw new IOException("CA profile '" + profile + "' is not configured");
        }
        Map<String, CaProfile> copy = new LinkedHashMap<>(profiles);
        copy.put(profile, new CaProfile(p.name(), p.caIdentity(), caCertificate(file), p.revocation(), p.dynamic()));
        profiles = java.util.Collections.unmodifiableMap(copy);
        Map<String, LocalCredential> rebuilt = new LinkedHashMap<>();
        for (LocalCredential l : localCertificates.values()) {
            rebuilt.put(l.name(), credential(l.name(), l.certificate(), l.privateKey(), copy.values()));
        }
        localCertificates = java.util.Collections.unmodifiableMap(rebuilt);
    }

    /**
     * {@code request security pki local-certificate load certificate-id NAME filename FILE key
     * FILE [passphrase TEXT]}: a renewed local certificate and key for a configured one, used from
     * the next IKE_AUTH on (not kept across a restart).
     */
    public synchronized void loadLocalCertificate(String name, java.nio.file.Path certificate,
                                                  java.nio.file.Path key, char[] passphrase) throws IOException {
        if (!localCertificates.containsKey(name)) {
            throw new IOException("local certificate '" + name + "' is not configured");
        }
        X509Certificate cert = CredentialFiles.certificates(certificate).getFirst();
        java.security.PrivateKey k = CredentialFiles.privateKey(key, passphrase);
        LocalCredential.checkPair(cert, k);
        Map<String, LocalCredential> copy = new LinkedHashMap<>(localCertificates);
        copy.put(name, credential(name, cert, k, profiles.values()));
        localCertificates = java.util.Collections.unmodifiableMap(copy);
    }

    private CaProfile configuredProfileOf(X509Certificate ca) {
        for (CaProfile p : profiles.values()) {
            if (PathValidator.sameCertificate(p.certificate(), ca)) {
                return p;
            }
        }
        return null;
    }

    private synchronized String dynamicName(X509Certificate ca) {
        String key = ca.getSubjectX500Principal().getName() + "/" + KeyHash.of(ca);
        return dynamicNames.computeIfAbsent(key, k -> "dynamic-%03d".formatted(dynamicNames.size() + 1));
    }

    /**
     * Builds a local credential: the certificate, its key, and the CA profiles' certificates
     * above it, nearest first.
     */
    public static LocalCredential credential(String name, X509Certificate certificate, java.security.PrivateKey key,
                                             Collection<CaProfile> profiles) {
        List<X509Certificate> issuers = new ArrayList<>();
        X509Certificate current = certificate;
        while (issuers.size() < PathValidator.MAX_PATH && !current.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
            X509Certificate next = null;
            for (CaProfile p : profiles) {
                if (PathValidator.issued(p.certificate(), current)) {
                    next = p.certificate();
                    break;
                }
            }
            if (next == null) {
                break;
            }
            issuers.add(next);
            current = next;
        }
        return new LocalCredential(name, certificate, key, issuers);
    }
}
