package org.jiked.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jiked.pki.CaProfile;
import org.jiked.pki.CredentialFiles;
import org.jiked.pki.DnPattern;
import org.jiked.pki.JdkPublicKeyOps;
import org.jiked.pki.LocalCredential;
import org.jiked.pki.PkiStore;
import org.jiked.pki.RevocationCheck;
import org.jiked.testing.Root;
import org.jiked.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines authenticating with certificates of the seed's hierarchy (made by strongSwan's
 * pki): Host-A (Dev-CA, Eng-CA, Root-CA) initiates to Host-B (Sales-CA, Root-CA).
 */
class CertificateExchangeTest {
    static final String CRL_BASE = "http://198.51.100.7";
    @TempDir
    static Path dir;
    static TestPki pki;
    static final Map<URI, Path> served = new LinkedHashMap<>();
    static final java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void hierarchy() throws Exception {
        Root.requireTool(TestPki.PKI);
        pki = TestPki.seedHierarchy(dir, "ecdsa", CRL_BASE);
        pki.selfSigned("other-root", "C=CH, O=elsewhere, CN=Other-Root");
        for (String ca : List.of("root", "eng", "dev", "sales")) {
            served.put(URI.create(CRL_BASE + "/" + ca + ".crl"), pki.crl(ca));
        }
    }

    static CaProfile profile(String name, RevocationCheck rc) throws IOException {
        return new CaProfile(name, name, CredentialFiles.certificates(pki.cert(name)).getFirst(), rc);
    }

    static PkiStore store(String local, List<CaProfile> profiles, Map<String, List<String>> groups) throws IOException {
        Map<String, CaProfile> m = new LinkedHashMap<>();
        profiles.forEach(p -> m.put(p.name(), p));
        LocalCredential cred = PkiStore.credential(local, CredentialFiles.certificates(pki.cert(local)).getFirst(),
                CredentialFiles.privateKey(pki.key(local), null), profiles);
        return new PkiStore(m, groups, Map.of(local, cred), uri -> {
            fetches.incrementAndGet();
            Path f = served.get(uri);
            if (f == null) {
                throw new IOException("not found");
            }
            return Files.readAllBytes(f);
        }, System::currentTimeMillis);
    }

    static PeerConfig peer(String name, java.net.InetAddress self, java.net.InetAddress other, PkiStore store,
                           PkiStore.TrustedCa trusted, DnPattern remoteDn, ChildConfig.StartAction start) {
        CertificateAuth auth = new CertificateAuth(store, List.of(), trusted, true,
                remoteDn, false, JdkPublicKeyOps.INSTANCE);
        return new PeerConfig(name, List.of(other), self, List.of(IkeExchangeTest.GCM_X25519), null, null, null,
                28800, List.of(IkeExchangeTest.child("vpn1", start == ChildConfig.StartAction.IMMEDIATELY
                        ? IkeExchangeTest.SITE_A : IkeExchangeTest.SITE_B, start == ChildConfig.StartAction.IMMEDIATELY
                        ? IkeExchangeTest.SITE_B : IkeExchangeTest.SITE_A, List.of(IkeExchangeTest.ESP_GCM), start)),
                RetransmitSettings.DEFAULT, PeerOptions.DEFAULT, auth);
    }

    static TwoGateways pair(PkiStore a, PkiStore b, PkiStore.TrustedCa trustedByB, DnPattern remoteDnOfA) {
        return new TwoGateways(
                List.of(peer("to-b", IkeExchangeTest.A, IkeExchangeTest.B, a, null, remoteDnOfA,
                        ChildConfig.StartAction.IMMEDIATELY)),
                List.of(peer("to-a", IkeExchangeTest.B, IkeExchangeTest.A, b, trustedByB,
                        DnPattern.parse(DnPattern.Kind.CONTAINER, "C=CH, O=jiked, OU=Dev"),
                        ChildConfig.StartAction.RESPONDER_ONLY)),
                IkeExchangeTest.A, IkeExchangeTest.B);
    }

    static PkiStore hostA(RevocationCheck rc) throws IOException {
        return store("host-a", List.of(profile("root", rc), profile("eng", rc), profile("dev", rc)), Map.of());
    }

    static PkiStore hostB(RevocationCheck rc) throws IOException {
        return store("host-b", List.of(profile("root", rc), profile("sales", rc), profile("other-root", rc)),
                Map.of("only-other", List.of("other-root"), "ours", List.of("root")));
    }

    static String log(TwoGateways g) {
        return "A:\n" + String.join("\n", g.logA) + "\nB:\n" + String.join("\n", g.logB);
    }

    @Test
    void hostAAndHostBAuthenticateEachOtherWithTheirChains() throws Exception {
        TwoGateways g = pair(hostA(RevocationCheck.CRL), hostB(RevocationCheck.CRL), new PkiStore.TrustedCa(null, "ours"),
                DnPattern.parse(DnPattern.Kind.WILDCARD, "CN=Host-B, OU=Sales"));
        g.a.start();
        g.run();
        IkeExchangeTest.assertUp(g);
        assertEquals(1, g.installedA.size(), log(g));
        String logs = log(g);
        assertTrue(logs.contains("authenticated by certificate CN=Host-B,OU=Sales,O=jiked,C=CH (CA profile root, 3 certificates, AUTH method 14, SHA256withECDSA)"), logs);
        assertTrue(logs.contains("authenticated by certificate CN=Host-A,OU=Dev,O=jiked,C=CH (CA profile root, 4 certificates, AUTH method 14, SHA256withECDSA)"), logs);
        assertEquals("CN=Host-B,OU=Sales,O=jiked,C=CH", g.a.ikeSas().getFirst().remoteIdentity(), logs);
        assertEquals(0, g.a.stats().get("auth-failures"));
    }

    @Test
    void rsaKeysWithRsaPssUnderRfc7427() throws Exception {
        TestPki r = TestPki.in(Files.createDirectories(dir.resolve("rsa")), "rsa");
        r.selfSigned("root", "C=CH, O=jiked, CN=RSA-Root");
        r.issue("a", "root", "C=CH, O=jiked, CN=A", null);
        r.issue("b", "root", "C=CH, O=jiked, CN=B", null);
        CaProfile root = new CaProfile("root", "root", CredentialFiles.certificates(r.cert("root")).getFirst(),
                RevocationCheck.DISABLED);
        PeerConfig[] peers = new PeerConfig[2];
        String[] names = {"a", "b"};
        for (int i = 0; i < 2; i++) {
            LocalCredential cred = PkiStore.credential(names[i], CredentialFiles.certificates(r.cert(names[i])).getFirst(),
                    CredentialFiles.privateKey(r.key(names[i]), null), List.of(root));
            PkiStore store = new PkiStore(Map.of("root", root), Map.of(), Map.of(names[i], cred), uri -> new byte[0],
                    System::currentTimeMillis);
            CertificateAuth auth = new CertificateAuth(store, List.of(names[i]), null, true, DnPattern.ANY, true,
                    JdkPublicKeyOps.INSTANCE);
            boolean initiator = i == 0;
            peers[i] = new PeerConfig("to-" + names[1 - i], List.of(initiator ? IkeExchangeTest.B : IkeExchangeTest.A),
                    initiator ? IkeExchangeTest.A : IkeExchangeTest.B, List.of(IkeExchangeTest.GCM_X25519), null, null,
                    null, 28800, List.of(IkeExchangeTest.child("vpn1", initiator ? IkeExchangeTest.SITE_A
                    : IkeExchangeTest.SITE_B, initiator ? IkeExchangeTest.SITE_B : IkeExchangeTest.SITE_A,
                    List.of(IkeExchangeTest.ESP_GCM), initiator ? ChildConfig.StartAction.IMMEDIATELY
                    : ChildConfig.StartAction.RESPONDER_ONLY)), RetransmitSettings.DEFAULT, PeerOptions.DEFAULT, auth);
        }
        TwoGateways g = new TwoGateways(List.of(peers[0]), List.of(peers[1]), IkeExchangeTest.A, IkeExchangeTest.B);
        g.a.start();
        g.run();
        IkeExchangeTest.assertUp(g);
        assertTrue(log(g).contains("authenticated by certificate CN=B,O=jiked,C=CH (CA profile root, 2 certificates,"
                + " AUTH method 14, RSASSA-PSS/SHA-256)"), log(g));
    }

    @Test
    void aRevokedPeerCertificateIsAuthenticationFailedWithTheReasonCounted() throws Exception {
        Path revoked = dir.resolve("sales-revoked.crl");
        pki.signCrl("sales", "host-b");
        Files.copy(pki.crl("sales"), revoked, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        pki.signCrl("sales");
        served.put(URI.create(CRL_BASE + "/sales.crl"), revoked);
        try {
            TwoGateways g = pair(hostA(RevocationCheck.CRL), hostB(RevocationCheck.DISABLED), null, null);
            g.a.start();
            g.run();
            assertEquals(0, g.installedA.size());
            assertEquals(1, g.a.stats().get("cert-revoked"), log(g));
            assertEquals(1, g.a.stats().get("auth-failures"));
            assertTrue(log(g).contains("failed (cert-revoked)"), log(g));
            assertTrue(log(g).contains("dynamic-001"), log(g));
            assertTrue(g.logB.stream().anyMatch(l -> l.contains("AUTHENTICATION_FAILED")), log(g));
            assertTrue(g.b.ikeSas().isEmpty(), log(g));
        } finally {
            served.put(URI.create(CRL_BASE + "/sales.crl"), pki.crl("sales"));
        }
    }

    @Test
    void aTrustedCaGroupWithoutThePeersRootRefusesIt() throws Exception {
        TwoGateways g = pair(hostA(RevocationCheck.DISABLED), hostB(RevocationCheck.DISABLED),
                new PkiStore.TrustedCa(null, "only-other"), null);
        g.a.start();
        g.run();
        assertEquals(1, g.b.stats().get("cert-untrusted"), log(g));
        assertTrue(g.a.ikeSas().isEmpty() && g.b.ikeSas().isEmpty(), log(g));
        assertTrue(g.logA.stream().anyMatch(l -> l.contains("AUTHENTICATION_FAILED")), log(g));
    }

    @Test
    void aPeerWhoseDnIsNotTheConfiguredRemoteIdentityIsRefusedBeforeAnyCrlFetch() throws Exception {
        TwoGateways g = pair(hostA(RevocationCheck.CRL), hostB(RevocationCheck.CRL), null,
                DnPattern.parse(DnPattern.Kind.WILDCARD, "CN=Host-C"));
        int before = fetches.get();
        g.a.start();
        g.run();
        assertEquals(1, g.a.stats().get("id-mismatch"), log(g));
        assertTrue(g.a.ikeSas().isEmpty(), log(g));
        // B authenticated A (and fetched A's CRLs); A refused B before fetching anything for B's chain
        assertEquals(before + 3, fetches.get(), log(g));
    }

    @Test
    void aPeerWithAForgedAuthSignatureIsRefusedWithoutCrlFetches() throws Exception {
        // B presents Host-B's certificate but signs with another key (Sales-CA's)
        PkiStore b = hostB(RevocationCheck.CRL);
        LocalCredential honest = b.localCertificate("host-b");
        LocalCredential forged = new LocalCredential("host-b", honest.certificate(),
                CredentialFiles.privateKey(pki.key("sales"), null), honest.issuers());
        PkiStore forgedStore = new PkiStore(Map.of("root", b.profile("root"), "sales", b.profile("sales")), Map.of(),
                Map.of("host-b", forged), uri -> {
                    fetches.incrementAndGet();
                    return Files.readAllBytes(served.get(uri));
                }, System::currentTimeMillis);
        TwoGateways g = new TwoGateways(
                List.of(peer("to-b", IkeExchangeTest.A, IkeExchangeTest.B, hostA(RevocationCheck.CRL), null, null,
                        ChildConfig.StartAction.IMMEDIATELY)),
                List.of(peer("to-a", IkeExchangeTest.B, IkeExchangeTest.A, forgedStore, null, null,
                        ChildConfig.StartAction.RESPONDER_ONLY)),
                IkeExchangeTest.A, IkeExchangeTest.B);
        int before = fetches.get();
        g.a.start();
        g.run();
        assertEquals(1, g.a.stats().get("auth-signature-invalid"), log(g));
        assertEquals(before + 3, fetches.get(), "only B fetched (A's chain): " + log(g));
    }
}
