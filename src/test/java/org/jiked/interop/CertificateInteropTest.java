package org.jiked.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.jiked.testing.Charon;
import org.jiked.testing.CharonLogsOnFailure;
import org.jiked.testing.JikedDaemon;
import org.jiked.testing.Root;
import org.jiked.testing.SwanctlSas;
import org.jiked.testing.TestPki;
import org.jiked.testing.TwoSiteTopology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Certificate authentication against strongSwan charon, with credentials made by strongSwan's
 * pki in the seed's hierarchy: jiked is Host-A (Root-CA -> Eng-CA -> Dev-CA -> Host-A, in site
 * A), charon is Host-B (Root-CA -> Sales-CA -> Host-B, in site B). Each side holds only its own
 * CAs, so each must send its intermediates in CERT payloads. The CRLs of all four CAs are served
 * by {@code python3 -m http.server} inside site B's namespace, at the distribution point every
 * certificate names; jiked checks them ({@code revocation-check crl} on Root-CA, Sales-CA getting
 * a dynamic profile) and so does charon (revocation and curl plugins).
 */
@Tag("interop")
@ExtendWith(CharonLogsOnFailure.class)
class CertificateInteropTest {
    static final Duration UP = Duration.ofSeconds(15);
    static final String CRL_BASE = "http://192.0.2.2:8080";
    static final String HOST_A = "C=CH, O=jiked, OU=Dev, CN=Host-A";
    static final String HOST_B = "C=CH, O=jiked, OU=Sales, CN=Host-B";
    static TwoSiteTopology topology;
    static Charon charon;
    static Path served;
    static Process httpServer;
    static TestPki rsa;
    static TestPki ecdsa;
    JikedDaemon jiked;

    @BeforeAll
    static void start() throws Exception {
        Root.assumeRoot();
        Root.requireTool("swanctl");
        Root.requireTool(Charon.CHARON);
        Root.requireTool(TestPki.PKI);
        Path dir = Files.createTempDirectory("jk-pki-");
        rsa = TestPki.seedHierarchy(Files.createDirectories(dir.resolve("rsa")), "rsa", CRL_BASE + "/rsa");
        ecdsa = TestPki.seedHierarchy(Files.createDirectories(dir.resolve("ecdsa")), "ecdsa", CRL_BASE + "/ecdsa");
        served = dir;
        topology = TwoSiteTopology.create();
        httpServer = new ProcessBuilder(topology.b().command("/usr/bin/python3", "-m", "http.server", "8080",
                "--bind", "192.0.2.2", "--directory", dir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("http.log").toFile()).start();
        charon = Charon.start(topology.b(), "b", new Charon.Options().addPlugins("pkcs8 revocation constraints curl"));
        awaitHttp();
    }

    /** The server is up once site A can fetch a CRL through it. */
    static void awaitHttp() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            var r = topology.a().execUnchecked(Duration.ofSeconds(3), "/usr/bin/python3", "-c",
                    "import urllib.request;urllib.request.urlopen('" + CRL_BASE + "/rsa/root.crl',timeout=1).read()");
            if (r.ok()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the CRL server in site B never answered");
    }

    @AfterAll
    static void stop() throws IOException {
        if (httpServer != null) {
            httpServer.destroy();
        }
        if (charon != null) {
            charon.close();
        }
        if (topology != null) {
            topology.close();
        }
        if (served != null) {
            try (var files = Files.walk(served)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @AfterEach
    void stopJiked() {
        if (jiked != null) {
            System.out.println("----- jiked log -----\n" + jiked.log());
            jiked.close();
            jiked = null;
        }
        if (charon != null) {
            charon.terminateAllQuietly();
        }
    }

    /** Charon as Host-B: its certificate and key, Root-CA and Sales-CA, nothing of Host-A's branch. */
    static void configureCharon(TestPki pki, String proposals) throws IOException {
        Path d = charon.dir();
        for (String sub : List.of("x509", "x509ca", "private")) {
            try (var files = Files.list(d.resolve(sub))) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.copy(pki.cert("host-b"), d.resolve("x509/host-b.crt"));
        Files.copy(pki.key("host-b"), d.resolve("private/host-b.key"));
        Files.copy(pki.cert("root"), d.resolve("x509ca/root.crt"));
        Files.copy(pki.cert("sales"), d.resolve("x509ca/sales.crt"));
        charon.writeSwanctlConf("""
                connections {
                  site-a {
                    version = 2
                    local_addrs = 192.0.2.2
                    remote_addrs = 192.0.2.1
                    proposals = %s
                    local {
                      auth = pubkey
                      certs = host-b.crt
                      id = "%s"
                    }
                    remote {
                      auth = pubkey
                      id = "%s"
                      revocation = strict
                    }
                    children {
                      net {
                        local_ts = 203.0.113.0/24
                        remote_ts = 198.51.100.0/24
                        esp_proposals = aes256gcm16
                        start_action = none
                      }
                    }
                  }
                }
                """.formatted(proposals, HOST_B, HOST_A));
        charon.loadAll();
    }

    /** jiked as Host-A: Root-CA, Eng-CA and Dev-CA profiles, Root-CA checking CRLs. */
    static String jikedConfig(TestPki pki, String method, String establish, String... extra) {
        return String.join("\n", String.join("\n", extra),
                "set security pki ca-profile Root-CA ca-identity Root-CA",
                "set security pki ca-profile Root-CA certificate-file " + pki.cert("root"),
                "set security pki ca-profile Root-CA revocation-check crl",
                "set security pki ca-profile Eng-CA ca-identity Eng-CA",
                "set security pki ca-profile Eng-CA certificate-file " + pki.cert("eng"),
                "set security pki ca-profile Eng-CA revocation-check crl",
                "set security pki ca-profile Dev-CA ca-identity Dev-CA",
                "set security pki ca-profile Dev-CA certificate-file " + pki.cert("dev"),
                "set security pki trusted-ca-group roots ca-profiles Root-CA",
                "set security pki local-certificate Host-A certificate-file " + pki.cert("host-a"),
                "set security pki local-certificate Host-A private-key-file " + pki.key("host-a"),
                "set security ike proposal ike-p authentication-method " + method,
                "set security ike proposal ike-p dh-group group19",
                "set security ike proposal ike-p authentication-algorithm sha-256",
                "set security ike proposal ike-p encryption-algorithm aes-256-gcm",
                "set security ike policy ike-pol proposals ike-p",
                "set security ike policy ike-pol certificate local-certificate Host-A",
                "set security ike policy ike-pol certificate trusted-ca trusted-ca-group roots",
                "set security ike gateway gw ike-policy ike-pol",
                "set security ike gateway gw address 192.0.2.2",
                "set security ike gateway gw local-address 192.0.2.1",
                "set security ike gateway gw version v2-only",
                "set security ike gateway gw local-identity distinguished-name",
                "set security ike gateway gw remote-identity distinguished-name container \"O=jiked, OU=Sales\"",
                "set security ipsec proposal esp-p protocol esp",
                "set security ipsec proposal esp-p encryption-algorithm aes-256-gcm",
                "set security ipsec policy ipsec-pol proposals esp-p",
                "set security ipsec vpn vpn1 ike gateway gw",
                "set security ipsec vpn vpn1 ike ipsec-policy ipsec-pol",
                "set security ipsec vpn vpn1 traffic-selector ts1 local-ip 198.51.100.0/24",
                "set security ipsec vpn vpn1 traffic-selector ts1 remote-ip 203.0.113.0/24",
                "set security ipsec vpn vpn1 establish-tunnels " + establish, "");
    }

    SwanctlSas.IkeSa waitCharonEstablished() {
        return charon.waitEstablished("site-a", 1, UP);
    }

    @Test
    void jikedAsHostAInitiatesWithRsaAndSendsItsChain() throws Exception {
        configureCharon(rsa, "aes256gcm16-prfsha256-ecp256");
        jiked = JikedDaemon.start(topology.a(), jikedConfig(rsa, "rsa-signatures", "immediately"));
        SwanctlSas.IkeSa c = waitCharonEstablished();
        assertFalse(c.initiator());
        String ike = jiked.waitFor("show security ike security-associations", s -> s.contains(" UP "), UP);
        assertTrue(ike.contains(c.spiI()), ike);
        // charon received Host-A's end-entity certificate and both intermediates, and trusted the chain
        assertTrue(charon.log().contains("received end entity cert \"" + HOST_A + "\""), charon.log());
        assertTrue(charon.log().contains("received issuer cert \"C=CH, O=jiked, OU=Dev, CN=Dev-CA\""));
        assertTrue(charon.log().contains("received issuer cert \"C=CH, O=jiked, OU=Eng, CN=Eng-CA\""));
        assertTrue(charon.log().contains("authentication of '" + HOST_A + "' with RSA"), charon.log());
        String log = jiked.waitForLog("authenticated by certificate CN=Host-B,OU=Sales,O=jiked,C=CH \\(CA profile"
                + " Root-CA, 3 certificates, AUTH method 14, SHA256withRSA\\)", UP);
        assertTrue(log.contains("peer CN=Host-B"), log);
        String crl = jiked.cli("show security pki crl");
        assertTrue(crl.contains("Ca profile: dynamic-001") && crl.contains("Ca profile: Root-CA"), crl);
        assertTrue(crl.contains("Url: " + CRL_BASE + "/rsa/sales.crl"), crl);
        String cas = jiked.cli("show security pki ca-certificate detail | display json");
        assertTrue(cas.contains("\"ca-profile\": \"Eng-CA\"") && cas.contains("\"revocation-check\": \"crl\""), cas);
        assertTrue(jiked.cli("show security pki local-certificate").contains("Issued to: CN=Host-A,OU=Dev,O=jiked,C=CH"));
    }

    @Test
    void charonAsHostBInitiatesWithEcdsa() throws Exception {
        configureCharon(ecdsa, "aes256gcm16-prfsha256-ecp256");
        jiked = JikedDaemon.start(topology.a(), jikedConfig(ecdsa, "ecdsa-signatures-256", "responder-only"));
        String out = charon.initiate("net");
        assertTrue(out.contains("established"), out);
        SwanctlSas.IkeSa c = waitCharonEstablished();
        assertTrue(c.initiator());
        jiked.waitFor("show security ike security-associations", s -> s.contains(" UP "), UP);
        assertTrue(charon.log().contains("received end entity cert \"" + HOST_A + "\""), charon.log());
        assertTrue(charon.log().contains("authentication of '" + HOST_A + "' with ECDSA"), charon.log());
        jiked.waitForLog("authenticated by certificate CN=Host-B,OU=Sales,O=jiked,C=CH \\(CA profile Root-CA,"
                + " 3 certificates, AUTH method 14, SHA256withECDSA\\)", UP);
    }

    /**
     * jiked as a dynamic gateway ({@code dynamic distinguished-name wildcard}) that does not know
     * charon's address: charon's DN, with OU=Sales and O=jiked in it, picks the gateway, and its
     * certificate proves it.
     */
    @Test
    void charonReachesADynamicGatewayByItsDistinguishedName() throws Exception {
        configureCharon(ecdsa, "aes256gcm16-prfsha256-ecp256");
        String config = jikedConfig(ecdsa, "ecdsa-signatures-256", "responder-only")
                .replace("set security ike gateway gw address 192.0.2.2\n", "")
                .replace("set security ike gateway gw remote-identity distinguished-name container \"O=jiked, OU=Sales\"",
                        "set security ike gateway gw dynamic distinguished-name wildcard \"OU=Sales, O=jiked\"");
        assertTrue(config.contains("dynamic distinguished-name") && !config.contains("gw address"), config);
        jiked = JikedDaemon.start(topology.a(), config);
        String out = charon.initiate("net");
        assertTrue(out.contains("established"), out);
        waitCharonEstablished();
        String ike = jiked.waitFor("show security ike active-peer", s -> s.contains("CN=Host-B"), UP);
        assertTrue(ike.contains("192.0.2.2") && ike.contains("CN=Host-B,OU=Sales,O=jiked,C=CH"), ike);
        jiked.waitForLog("authenticated by certificate CN=Host-B,OU=Sales,O=jiked,C=CH", UP);
    }

    /**
     * With {@code signature_authentication = no} charon announces no SIGNATURE_HASH_ALGORITHMS and
     * signs with the classic methods, and so does jiked: RSA (1) one way, ECDSA P-256 (9) the other.
     */
    @Test
    void classicSignatureMethodsWhenRfc7427IsOff() throws Exception {
        charon.close();
        charon = Charon.start(topology.b(), "b-classic", new Charon.Options()
                .addPlugins("pkcs8 revocation constraints curl").charon("signature_authentication = no"));
        try {
            configureCharon(rsa, "aes256gcm16-prfsha256-ecp256");
            jiked = JikedDaemon.start(topology.a(), jikedConfig(rsa, "rsa-signatures", "immediately"));
            waitCharonEstablished();
            jiked.waitForLog("3 certificates, AUTH method 1, SHA1withRSA\\)", UP);
            assertTrue(charon.log().contains("authentication of '" + HOST_A + "' with RSA signature successful"),
                    charon.log());
            jiked.close(); // deletes its SAs on the way out
            jiked = null;
            long end = System.nanoTime() + UP.toNanos();
            while (!charon.listSas().isEmpty() && System.nanoTime() < end) {
                JikedCharonInteropTest.sleep(100);
            }

            configureCharon(ecdsa, "aes256gcm16-prfsha256-ecp256");
            jiked = JikedDaemon.start(topology.a(), jikedConfig(ecdsa, "ecdsa-signatures-256", "responder-only"));
            assertTrue(charon.initiate("net").contains("established"));
            jiked.waitForLog("3 certificates, AUTH method 9, SHA256withECDSAinP1363Format\\)", UP);
            assertTrue(charon.log().contains("authentication of '" + HOST_A + "' with ECDSA-256 signature successful"),
                    charon.log());
        } finally {
            if (jiked != null) {
                jiked.close();
                jiked = null;
            }
            charon.close();
            charon = Charon.start(topology.b(), "b", new Charon.Options().addPlugins("pkcs8 revocation constraints curl"));
        }
    }

    /**
     * A CRL URL serving 2 MiB, then one answering with a redirect: neither is followed or read
     * beyond its bound, and with no CRL the peer is refused (crl-unavailable).
     */
    @Test
    void anOversizedOrRedirectedCrlIsNotUsedAndThePeerIsRefused() throws Exception {
        Files.write(served.resolve("huge.crl"), new byte[2 << 20]);
        configureCharon(ecdsa, "aes256gcm16-prfsha256-ecp256");
        for (String url : List.of(CRL_BASE + "/huge.crl", CRL_BASE + "/ecdsa")) {
            jiked = JikedDaemon.start(topology.a(), jikedConfig(ecdsa, "ecdsa-signatures-256", "responder-only",
                    "set security pki ca-profile Root-CA revocation-check crl url " + url));
            assertFalse(charon.tryInitiate("net", Duration.ofSeconds(10)).ok());
            String log = jiked.waitForLog("failed \\(crl-unavailable\\)", UP);
            assertTrue(log.contains(url.endsWith("huge.crl") ? "CRL larger than 1048576 bytes" : "HTTP status 301"), log);
            assertTrue(jiked.cli("show security ike stats").matches("(?s).*crl-unavailable\\s+1\\n.*"));
            jiked.close();
            jiked = null;
        }
    }

    @Test
    void hostBRevokedInSalesCaCrlIsRefusedByJiked() throws Exception {
        Path salesCrl = ecdsa.crl("sales");
        Path clean = salesCrl.resolveSibling("sales.crl.clean");
        Files.copy(salesCrl, clean, StandardCopyOption.REPLACE_EXISTING);
        ecdsa.signCrl("sales", "host-b");
        try {
            configureCharon(ecdsa, "aes256gcm16-prfsha256-ecp256");
            jiked = JikedDaemon.start(topology.a(), jikedConfig(ecdsa, "ecdsa-signatures-256", "responder-only"));
            var r = charon.tryInitiate("net", Duration.ofSeconds(10));
            assertFalse(r.ok(), r.stdout());
            jiked.waitForLog("certificate authentication of peer CN=Host-B,OU=Sales,O=jiked,C=CH at 192.0.2.2 failed"
                    + " \\(cert-revoked\\): \"CN=Host-B,OU=Sales,O=jiked,C=CH\" \\(serial [0-9a-f]+\\) was revoked", UP);
            charon.waitForLog("received AUTHENTICATION_FAILED notify error", Duration.ofSeconds(5));
            String stats = jiked.cli("show security ike stats");
            assertTrue(stats.matches("(?s).*auth-failures\\s+1\\n.*"), stats);
            assertTrue(stats.matches("(?s).*cert-revoked\\s+1\\n.*"), stats);
            assertFalse(jiked.cli("show security ike security-associations").contains(" UP "));
            String crl = jiked.cli("show security pki crl ca-profile dynamic-001 detail");
            assertTrue(crl.contains("Revoked certificates: 1"), crl);
            assertTrue(crl.contains("Reason: KEY_COMPROMISE"), crl);
            assertEquals(0, charon.listSas().ikeSas().stream().filter(s -> s.state().equals("ESTABLISHED")).count());
        } finally {
            Files.copy(clean, salesCrl, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * IKE_AUTH with RSA-4096 certificate chains (about 7 KB from jiked, 4 KB from charon) over a path
     * that drops IP fragments on the way into site A: with RFC 7383 (on by default on both sides)
     * the tunnel comes up; with {@code fragmentation disable} on jiked, charon's answer can only
     * travel IP-fragmented, is dropped, and the tunnel cannot come up.
     */
    @Test
    void rsa4096ChainsCrossAPathThatDropsIpFragmentsOnlyWithIkeFragmentation() throws Exception {
        Path dir = Files.createDirectories(served.resolve("rsa4096"));
        TestPki big = TestPki.seedHierarchy(dir, "rsa4096", CRL_BASE + "/rsa4096");
        configureCharon(big, "aes256gcm16-prfsha256-ecp256");
        var a = topology.a();
        a.exec("nft", "add", "table", "inet", "jkfrag");
        try {
            a.exec("nft", "add", "chain", "inet", "jkfrag", "pre", "{ type filter hook prerouting priority -500; }");
            a.exec("nft", "add", "rule", "inet", "jkfrag", "pre", "ip", "frag-off", "&", "0x3fff", "!=", "0",
                    "counter", "drop");
            jiked = JikedDaemon.start(topology.a(), jikedConfig(big, "rsa-signatures", "immediately",
                    "set security ike gateway gw fragmentation disable"));
            jiked.waitFor("show security ike stats", s -> s.matches("(?s).*retransmits-sent\\s+[2-9].*"), UP);
            assertFalse(jiked.cli("show security ike security-associations").contains(" UP "));
            String rules = a.exec("nft", "list", "table", "inet", "jkfrag").stdout();
            assertFalse(rules.contains("packets 0 "), "no IP fragment was dropped:\n" + rules);
            jiked.close();
            jiked = null;
            charon.terminateAllQuietly();

            jiked = JikedDaemon.start(topology.a(), jikedConfig(big, "rsa-signatures", "immediately"));
            SwanctlSas.IkeSa c = waitCharonEstablished();
            String stats = jiked.waitFor("show security ike stats",
                    s -> s.matches("(?s).*messages-reassembled\\s+[1-9].*"), UP);
            assertTrue(stats.matches("(?s).*messages-fragmented\\s+[1-9].*"), stats);
            assertTrue(stats.matches("(?s).*messages-reassembled\\s+[1-9].*"), stats);
            assertTrue(charon.log().contains("received fragment #"), "charon reassembled nothing");
            String ike = jiked.waitFor("show security ike security-associations", s -> s.contains(" UP "), UP);
            assertTrue(ike.contains(c.spiI()), ike);
        } finally {
            a.execUnchecked(Duration.ofSeconds(5), "nft", "delete", "table", "inet", "jkfrag");
        }
    }
}
