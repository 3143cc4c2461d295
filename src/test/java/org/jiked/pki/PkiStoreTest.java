package org.jiked.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.x500.X500Principal;
import org.jiked.testing.Root;
import org.jiked.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Path building, trust groups, limits, validity, identities and CRLs, on certificates made by
 * strongSwan's pki tool in the seed's hierarchy (ECDSA P-256, so it takes about a second).
 */
class PkiStoreTest {
    static final String CRL_BASE = "http://198.51.100.7";
    @TempDir
    static Path dir;
    static TestPki pki;
    static final Map<URI, Path> served = new LinkedHashMap<>();
    static final AtomicInteger fetches = new AtomicInteger();

    @BeforeAll
    static void hierarchy() throws Exception {
        Root.requireTool(TestPki.PKI);
        pki = TestPki.seedHierarchy(dir, "ecdsa", CRL_BASE);
        pki.selfSigned("other-root", "C=CH, O=elsewhere, CN=Other-Root");
    }

    static X509Certificate cert(String name) throws IOException {
        return CredentialFiles.certificates(pki.cert(name)).getFirst();
    }

    static CaProfile profile(String name, RevocationCheck rc) throws IOException {
        return new CaProfile(name, name, cert(name), rc);
    }

    static PkiStore store(List<CaProfile> profiles, Map<String, List<String>> groups) {
        Map<String, CaProfile> m = new LinkedHashMap<>();
        profiles.forEach(p -> m.put(p.name(), p));
        CrlFetcher fetcher = uri -> {
            fetches.incrementAndGet();
            Path f = served.get(uri);
            if (f == null) {
                throw new IOException("connection refused");
            }
            return Files.readAllBytes(f);
        };
        return new PkiStore(m, groups, Map.of(), fetcher, System::currentTimeMillis);
    }

    static List<CaProfile> hostAProfiles(RevocationCheck rc) throws IOException {
        return List.of(profile("root", rc), profile("eng", RevocationCheck.DISABLED),
                profile("dev", RevocationCheck.DISABLED));
    }

    @Test
    void hostBIsValidatedThroughTheSalesCaItSends() throws Exception {
        PkiStore s = store(hostAProfiles(RevocationCheck.DISABLED), Map.of());
        var path = s.validate(List.of(cert("host-b"), cert("sales")), null);
        assertEquals(3, path.certificates().size());
        assertEquals("root", path.anchor().name());
        var e = assertThrows(CertificateFailure.class, () -> s.validate(List.of(cert("host-b")), null));
        assertEquals(CertificateFailure.Reason.CERT_UNTRUSTED, e.reason());
    }

    @Test
    void hostAIsValidatedFromLocalIntermediatesAlone() throws Exception {
        PkiStore s = store(hostAProfiles(RevocationCheck.DISABLED), Map.of());
        var path = s.validate(List.of(cert("host-a")), null);
        assertEquals(List.of(cert("host-a"), cert("dev"), cert("eng"), cert("root")), path.certificates());
    }

    @Test
    void trustedCaGroupLimitsTheAcceptedRoots() throws Exception {
        List<CaProfile> profiles = new ArrayList<>(hostAProfiles(RevocationCheck.DISABLED));
        profiles.add(profile("other-root", RevocationCheck.DISABLED));
        PkiStore s = store(profiles, Map.of("others", List.of("other-root"), "ours", List.of("other-root", "root")));
        List<X509Certificate> hostB = List.of(cert("host-b"), cert("sales"));
        var e = assertThrows(CertificateFailure.class,
                () -> s.validate(hostB, new PkiStore.TrustedCa(null, "others")));
        assertEquals(CertificateFailure.Reason.CERT_UNTRUSTED, e.reason());
        assertTrue(e.getMessage().contains("other-root"), e.getMessage());
        assertEquals("root", s.validate(hostB, new PkiStore.TrustedCa(null, "ours")).anchor().name());
        assertEquals("root", s.validate(hostB, new PkiStore.TrustedCa("root", null)).anchor().name());
        // an intermediate as the only trusted CA: the path ends there
        assertEquals("dev", s.validate(List.of(cert("host-a")), new PkiStore.TrustedCa("dev", null)).anchor().name());
        assertThrows(CertificateFailure.class, () -> s.validate(hostB, new PkiStore.TrustedCa("dev", null)));
    }

    @Test
    void aChainOfElevenCertificatesIsRefusedAndTenAccepted() throws Exception {
        TestPki deep = TestPki.in(Files.createDirectories(dir.resolve("deep")), "ecdsa");
        deep.selfSigned("ca0", "CN=Deep-CA-0");
        for (int i = 1; i <= 9; i++) {
            deep.issue("ca" + i, "ca" + (i - 1), "CN=Deep-CA-" + i, null, "--ca");
        }
        deep.issue("ee10", "ca8", "CN=Host-10", null);
        deep.issue("ee11", "ca9", "CN=Host-11", null);
        Map<String, CaProfile> none = new LinkedHashMap<>();
        CaProfile anchor = new CaProfile("deep", "deep", CredentialFiles.certificates(deep.cert("ca0")).getFirst(),
                RevocationCheck.DISABLED);
        none.put("deep", anchor);
        PkiStore s = new PkiStore(none, Map.of(), Map.of(), uri -> new byte[0], System::currentTimeMillis);
        List<X509Certificate> ten = new ArrayList<>();
        ten.add(CredentialFiles.certificates(deep.cert("ee10")).getFirst());
        for (int i = 8; i >= 1; i--) {
            ten.add(CredentialFiles.certificates(deep.cert("ca" + i)).getFirst());
        }
        assertEquals(10, s.validate(ten, null).certificates().size());
        List<X509Certificate> eleven = new ArrayList<>();
        eleven.add(CredentialFiles.certificates(deep.cert("ee11")).getFirst());
        for (int i = 9; i >= 1; i--) {
            eleven.add(CredentialFiles.certificates(deep.cert("ca" + i)).getFirst());
        }
        var e = assertThrows(CertificateFailure.class, () -> s.validate(eleven, null));
        assertEquals(CertificateFailure.Reason.CHAIN_TOO_LONG, e.reason(), e.getMessage());
        // and with CA certificates held locally instead of sent: still refused
        Map<String, CaProfile> all = new LinkedHashMap<>(none);
        for (int i = 1; i <= 9; i++) {
            all.put("ca" + i, new CaProfile("ca" + i, "ca" + i,
                    CredentialFiles.certificates(deep.cert("ca" + i)).getFirst(), RevocationCheck.DISABLED));
        }
        PkiStore local = new PkiStore(all, Map.of(), Map.of(), uri -> new byte[0], System::currentTimeMillis);
        var e2 = assertThrows(CertificateFailure.class,
                () -> local.validate(List.of(eleven.getFirst()), new PkiStore.TrustedCa("deep", null)));
        assertEquals(CertificateFailure.Reason.CHAIN_TOO_LONG, e2.reason());
        var e3 = assertThrows(CertificateFailure.class,
                () -> s.validate(java.util.Collections.nCopies(11, eleven.getFirst()), null));
        assertEquals(CertificateFailure.Reason.CHAIN_TOO_LONG, e3.reason());
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsRefused() throws Exception {
        pki.issue("expired", "sales", "CN=Expired", null, "--not-before", "01.01.20 00:00:00",
                "--not-after", "01.01.21 00:00:00");
        pki.issue("future", "sales", "CN=Future", null, "--not-before", "01.01.40 00:00:00",
                "--not-after", "01.01.41 00:00:00");
        PkiStore s = store(List.of(profile("root", RevocationCheck.DISABLED)), Map.of());
        for (String name : List.of("expired", "future")) {
            var e = assertThrows(CertificateFailure.class, () -> s.validate(List.of(cert(name), cert("sales")), null));
            assertEquals(CertificateFailure.Reason.CERT_EXPIRED, e.reason(), e.getMessage());
        }
    }

    @Test
    void aPathThroughACaWithNameConstraintsIsRefusedNotSilentlyAccepted() throws Exception {
        pki.issue("nc-ca", "root", "C=CH, O=jiked, CN=NC-CA", null, "--ca", "--nc-permitted", "jiked.example");
        pki.issue("nc-host", "nc-ca", "C=CH, O=jiked, CN=Outside", null, "--san", "host.elsewhere.example");
        PkiStore s = store(List.of(profile("root", RevocationCheck.DISABLED)), Map.of());
        var e = assertThrows(CertificateFailure.class, () -> s.validate(List.of(cert("nc-host"), cert("nc-ca")), null));
        assertEquals(CertificateFailure.Reason.CERT_INVALID, e.reason());
        assertTrue(e.getMessage().contains("name constraints"), e.getMessage());
    }

    @Test
    void theIkeIdMustBeACertificateNameElseItIsAMismatch() throws Exception {
        X509Certificate a = cert("host-a");
        byte[] dn = a.getSubjectX500Principal().getEncoded();
        assertTrue(CertificateIdentity.matches(a, 9, dn));
        assertTrue(CertificateIdentity.matches(a, 2, ascii("HOST-A.jiked.example")));
        assertTrue(CertificateIdentity.matches(a, 3, ascii("host-a@jiked.example")));
        assertTrue(CertificateIdentity.matches(a, 1, new byte[] {(byte) 192, 0, 2, 1}));
        assertFalse(CertificateIdentity.matches(a, 9, cert("host-b").getSubjectX500Principal().getEncoded()));
        assertFalse(CertificateIdentity.matches(a, 2, ascii("host-b.jiked.example")));
        assertFalse(CertificateIdentity.matches(a, 1, new byte[] {(byte) 192, 0, 2, 2}));
        assertFalse(CertificateIdentity.matches(a, 11, ascii("Host-A")));
        assertFalse(CertificateIdentity.matches(a, 9, new byte[] {0x30, 0x05}));
    }

    @Test
    void distinguishedNameContainerAndWildcard() {
        // RFC 4514 order: the last RDN of the DER sequence first
        X500Principal hostA = new X500Principal("CN=Host-A, OU=Dev, O=jiked, C=CH");
        assertTrue(DnPattern.parse(DnPattern.Kind.CONTAINER, "C=CH, O=jiked").matches(hostA));
        assertTrue(DnPattern.parse(DnPattern.Kind.CONTAINER, "OU=Dev,O=jiked").matches(hostA));
        assertFalse(DnPattern.parse(DnPattern.Kind.CONTAINER, "C=CH, OU=Dev").matches(hostA));
        assertTrue(DnPattern.parse(DnPattern.Kind.WILDCARD, "CN=host-a, C=CH").matches(hostA));
        assertFalse(DnPattern.parse(DnPattern.Kind.WILDCARD, "CN=Host-A, OU=Sales").matches(hostA));
        assertTrue(DnPattern.ANY.matches(hostA));
    }

    @Test
    void aRevokedCertificateIsRefusedByItsIssuersCrlFetchedOnce() throws Exception {
        pki.signCrl("sales", "host-b");
        served.put(URI.create(CRL_BASE + "/sales.crl"), pki.crl("sales"));
        served.put(URI.create(CRL_BASE + "/root.crl"), pki.crl("root"));
        try {
            PkiStore s = store(hostAProfiles(RevocationCheck.CRL), Map.of());
            var path = s.validate(List.of(cert("host-b"), cert("sales")), null);
            int before = fetches.get();
            var e = assertThrows(CertificateFailure.class, () -> s.checkRevocation(path, w -> { }));
            assertEquals(CertificateFailure.Reason.CERT_REVOKED, e.reason());
            assertTrue(e.getMessage().contains("dynamic-001"), e.getMessage());
            assertThrows(CertificateFailure.class, () -> s.checkRevocation(path, w -> { }));
            assertEquals(before + 2, fetches.get(), "each CRL fetched once, then cached");
            assertEquals(Set.of("dynamic-001", "root"),
                    Set.copyOf(s.crls().entries().stream().map(CrlCache.Entry::profile).toList()));
            // Host-A's chain is not on that CRL
            served.put(URI.create(CRL_BASE + "/dev.crl"), pki.crl("dev"));
            served.put(URI.create(CRL_BASE + "/eng.crl"), pki.crl("eng"));
            PkiStore all = store(List.of(profile("root", RevocationCheck.CRL), profile("eng", RevocationCheck.CRL),
                    profile("dev", RevocationCheck.CRL)), Map.of());
            all.checkRevocation(all.validate(List.of(cert("host-a")), null), w -> { });
        } finally {
            pki.signCrl("sales");
            served.clear();
        }
    }

    @Test
    void anUnreachableCrlRefusesUnlessDownloadFailuresAreAccepted() throws Exception {
        PkiStore strict = store(hostAProfiles(RevocationCheck.CRL), Map.of());
        var path = strict.validate(List.of(cert("host-b"), cert("sales")), null);
        var e = assertThrows(CertificateFailure.class, () -> strict.checkRevocation(path, w -> { }));
        assertEquals(CertificateFailure.Reason.CRL_UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        PkiStore lenient = store(hostAProfiles(new RevocationCheck(true, true, 0, null)), Map.of());
        List<String> warnings = new ArrayList<>();
        lenient.checkRevocation(lenient.validate(List.of(cert("host-b"), cert("sales")), null), warnings::add);
        assertEquals(2, warnings.size(), warnings.toString());
        // revocation-check disable (the default): no fetch at all
        int before = fetches.get();
        PkiStore off = store(hostAProfiles(RevocationCheck.DISABLED), Map.of());
        off.checkRevocation(off.validate(List.of(cert("host-b"), cert("sales")), null), w -> { });
        assertEquals(before, fetches.get());
    }

    @Test
    void aCrlLoadedByHandIsUsedWithoutDownloads() throws Exception {
        Path revoked = dir.resolve("root-revokes-sales.crl");
        pki.signCrl("root", "sales");
        Files.copy(pki.crl("root"), revoked, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        pki.signCrl("root");
        PkiStore s = store(List.of(profile("root", new RevocationCheck(true, false, 0, null))), Map.of());
        var e = assertThrows(IOException.class, () -> s.loadCrl("root", pki.crl("dev")));
        assertTrue(e.getMessage().contains("not by"), e.getMessage());
        assertThrows(IOException.class, () -> s.loadCrl("nobody", revoked));
        s.loadCrl("root", revoked);
        int before = fetches.get();
        var f = assertThrows(CertificateFailure.class,
                () -> s.checkRevocation(s.validate(List.of(cert("host-b"), cert("sales")), null), w -> { }));
        assertEquals(CertificateFailure.Reason.CERT_REVOKED, f.reason());
        assertTrue(f.getMessage().contains("Sales-CA") && f.getMessage().contains("CA profile root"), f.getMessage());
        assertEquals(before, fetches.get());
        assertEquals("root", s.crls().entries().getFirst().profile());
    }

    @Test
    void aCrlSignedByAnotherCaIsNotUsed() throws Exception {
        served.put(URI.create(CRL_BASE + "/sales.crl"), pki.crl("dev"));
        served.put(URI.create(CRL_BASE + "/root.crl"), pki.crl("root"));
        try {
            PkiStore s = store(hostAProfiles(RevocationCheck.CRL), Map.of());
            var e = assertThrows(CertificateFailure.class,
                    () -> s.checkRevocation(s.validate(List.of(cert("host-b"), cert("sales")), null), w -> { }));
            assertEquals(CertificateFailure.Reason.CRL_UNAVAILABLE, e.reason());
            assertTrue(e.getMessage().contains("not by"), e.getMessage());
        } finally {
            served.clear();
        }
    }

    @Test
    void theCrlCacheKeepsAtMostItsBoundAndRetriesAFailedUrlOnlyLater() throws Exception {
        byte[] root = Files.readAllBytes(pki.crl("root"));
        AtomicInteger n = new AtomicInteger();
        long[] now = {System.currentTimeMillis()};
        CrlCache cache = new CrlCache(uri -> {
            n.incrementAndGet();
            if (uri.getPath().startsWith("/dead")) {
                throw new IOException("connection refused");
            }
            return root;
        }, () -> now[0]);
        for (int i = 0; i < CrlCache.MAX_ENTRIES + 10; i++) {
            cache.get(URI.create(CRL_BASE + "/" + i + ".crl"), cert("root"), "root", 0);
        }
        assertEquals(CrlCache.MAX_ENTRIES, cache.entries().size());
        URI dead = URI.create(CRL_BASE + "/dead.crl");
        int before = n.get();
        assertThrows(IOException.class, () -> cache.get(dead, cert("root"), "root", 0));
        assertThrows(IOException.class, () -> cache.get(dead, cert("root"), "root", 0));
        assertEquals(before + 1, n.get(), "a failed URL is not fetched again at once");
        now[0] += CrlCache.RETRY_AFTER_FAILURE_MILLIS;
        assertThrows(IOException.class, () -> cache.get(dead, cert("root"), "root", 0));
        assertEquals(before + 2, n.get());
    }

    @Test
    void distributionPointsAreReadFromTheCertificate() throws Exception {
        assertEquals(List.of(URI.create(CRL_BASE + "/dev.crl")), DistributionPoints.of(cert("host-a")));
        assertEquals(List.of(), DistributionPoints.of(cert("root")));
    }

    @Test
    void localCredentialSendsWhatThePeerLacks() throws Exception {
        PkiStore s = store(hostAProfiles(RevocationCheck.DISABLED), Map.of());
        LocalCredential a = PkiStore.credential("host-a", cert("host-a"),
                CredentialFiles.privateKey(pki.key("host-a"), null), s.profiles());
        assertEquals(List.of(cert("dev"), cert("eng"), cert("root")), a.issuers());
        assertEquals(List.of(cert("host-a"), cert("dev"), cert("eng")), a.certificatesFor(Set.of()));
        assertEquals(List.of(cert("host-a"), cert("dev")), a.certificatesFor(Set.of(KeyHash.of(cert("eng")))));
        assertTrue(a.answers(Set.of(KeyHash.of(cert("root")))));
        assertFalse(a.answers(Set.of(KeyHash.of(cert("sales")))));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
