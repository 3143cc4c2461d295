package org.jiked.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.security.auth.x500.X500Principal;
import org.jiked.config.ConfigCheck;
import org.jiked.config.SecurityConfig;
import org.jiked.ike.PeerConfig;
import org.jiked.pki.DnPattern;
import org.jiked.testing.Root;
import org.jiked.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From {@code security pki} and a certificate IKE policy to the engine's peer, and the file checks. */
class EngineConfigsPkiTest {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void hierarchy() throws Exception {
        Root.requireTool(TestPki.PKI);
        pki = TestPki.seedHierarchy(dir, "ecdsa", null);
    }

    static String config(String method, String localCertFile, String keyFile, String rootFile) {
        return String.join("\n",
                "set security pki ca-profile Root-CA ca-identity Root-CA",
                "set security pki ca-profile Root-CA certificate-file " + rootFile,
                "set security pki ca-profile Root-CA revocation-check crl refresh-interval 2",
                "set security pki ca-profile Eng-CA ca-identity Eng-CA",
                "set security pki ca-profile Eng-CA certificate-file " + pki.cert("eng"),
                "set security pki ca-profile Dev-CA ca-identity Dev-CA",
                "set security pki ca-profile Dev-CA certificate-file " + pki.cert("dev"),
                "set security pki trusted-ca-group roots ca-profiles Root-CA",
                "set security pki local-certificate Host-A certificate-file " + localCertFile,
                "set security pki local-certificate Host-A private-key-file " + keyFile,
                "set security ike proposal p authentication-method " + method,
                "set security ike proposal p dh-group group19",
                "set security ike proposal p encryption-algorithm aes-256-gcm",
                "set security ike policy pol proposals p",
                "set security ike policy pol certificate trusted-ca trusted-ca-group roots",
                "set security ike gateway gw ike-policy pol",
                "set security ike gateway gw address 192.0.2.2",
                "set security ike gateway gw local-address 192.0.2.1",
                "set security ike gateway gw version v2-only",
                "set security ike gateway gw local-identity distinguished-name",
                "set security ike gateway gw remote-identity distinguished-name wildcard \"OU=Sales, CN=Host-B\"", "");
    }

    static String good() {
        return config("ecdsa-signatures-256", pki.cert("host-a").toString(), pki.key("host-a").toString(),
                pki.cert("root").toString());
    }

    @Test
    void aCertificateGatewayBecomesAPeerWithItsTrustAndIdentities() throws Exception {
        SecurityConfig c = SecurityConfig.parse(good(), "t.conf");
        var store = EngineConfigs.pki(c);
        PeerConfig peer = EngineConfigs.peers(c, gw -> gw.localAddress(), store).getFirst();
        var auth = peer.certificates();
        assertTrue(auth.localIdentityDn());
        assertNull(peer.localIdentity());
        assertNull(peer.remoteIdentity());
        assertEquals("roots", auth.trustedCa().group());
        assertEquals(DnPattern.Kind.WILDCARD, auth.remoteDn().kind());
        assertTrue(auth.remoteDn().matches(new X500Principal("CN=Host-B, OU=Sales, O=jiked, C=CH")));
        assertEquals("Host-A", auth.credentials().getFirst().name());
        assertEquals(3, auth.credentials().getFirst().issuers().size());
        assertEquals(7200, store.profile("Root-CA").revocation().refreshSeconds());
        assertTrue(store.profile("Root-CA").revocation().crl());
    }

    @Test
    void configCheckReadsTheFilesItNames() throws Exception {
        assertEquals("", check(good()));
        assertTrue(check(config("ecdsa-signatures-256", dir.resolve("missing.crt").toString(),
                pki.key("host-a").toString(), pki.cert("root").toString()))
                .contains("security pki local-certificate Host-A: "), "missing file");
        assertTrue(check(config("ecdsa-signatures-256", pki.cert("host-a").toString(), pki.key("host-b").toString(),
                pki.cert("root").toString())).contains("the private key does not belong to the certificate"));
        assertTrue(check(config("rsa-signatures", pki.cert("host-a").toString(), pki.key("host-a").toString(),
                pki.cert("root").toString())).contains("does not fit authentication-method rsa-signatures"));
        assertTrue(check(config("ecdsa-signatures-256", pki.cert("host-a").toString(), pki.key("host-a").toString(),
                pki.cert("host-b").toString())).contains("is not a CA certificate"));
    }

    /** What {@code jiked config check} prints on error ("" when the check succeeds). */
    static String check(String text) throws IOException {
        Path f = Files.createTempFile(dir, "jiked", ".conf");
        Files.writeString(f, text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ConfigCheck.run(f, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), EngineConfigs::checkFiles);
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(e.isEmpty() ? ConfigCheck.OK : ConfigCheck.INVALID, rc, e);
        return e;
    }

    @Test
    void theFirstUnreadableFileStopsTheCheckNamingItsStatement() {
        var e = assertThrows(IOException.class, () -> EngineConfigs.checkFiles(SecurityConfig.parse(config(
                "ecdsa-signatures-256", "/nonexistent", "/nonexistent", "/nonexistent"), "t.conf")));
        assertTrue(e.getMessage().startsWith("security pki ca-profile Root-CA: "), e.getMessage());
    }
}
