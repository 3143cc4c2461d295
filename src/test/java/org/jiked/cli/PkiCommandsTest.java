package org.jiked.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jiked.ike.IkeSaInfo;
import org.jiked.pki.CaProfile;
import org.jiked.pki.CredentialFiles;
import org.jiked.pki.PkiStore;
import org.jiked.pki.RevocationCheck;
import org.jiked.testing.Root;
import org.jiked.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code show security pki ...} over a store holding pki-made certificates and one cached CRL. */
class PkiCommandsTest {
    @TempDir
    static Path dir;
    static OperationalCommands commands;
    static TestPki p;

    @BeforeAll
    static void store() throws Exception {
        Root.requireTool(TestPki.PKI);
        p = TestPki.in(dir, "ecdsa");
        p.selfSigned("root", "C=CH, O=jiked, CN=Root-CA");
        p.issue("host", "root", "C=CH, O=jiked, CN=Host-A", null, "--san", "host-a.jiked.example");
        p.signCrl("root", "host");
        var rootCert = CredentialFiles.certificates(p.cert("root")).getFirst();
        CaProfile root = new CaProfile("Root-CA", "root-id", rootCert, RevocationCheck.CRL);
        var cred = PkiStore.credential("Host-A", CredentialFiles.certificates(p.cert("host")).getFirst(),
                CredentialFiles.privateKey(p.key("host"), null), List.of(root));
        byte[] crl = java.nio.file.Files.readAllBytes(p.crl("root"));
        PkiStore pki = new PkiStore(Map.of("Root-CA", root), Map.of(), Map.of("Host-A", cred), uri -> crl,
                System::currentTimeMillis);
        pki.crls().get(java.net.URI.create("http://198.51.100.7/root.crl"), rootCert, "Root-CA", 0);
        commands = new OperationalCommands(new GatewayOperations() {
            @Override
            public List<IkeSaInfo> ikeSas() {
                return List.of();
            }

            @Override
            public Map<String, Long> ikeStats() {
                return Map.of();
            }

            @Override
            public String configuration(boolean setForm) {
                return "";
            }

            @Override
            public int clearIkeSas(InetAddress peer) {
                return 0;
            }

            @Override
            public int clearIpsecSas() {
                return 0;
            }

            @Override
            public PkiStore pki() {
                return pki;
            }
        });
    }

    @Test
    void caCertificatesWithAndWithoutDetail() {
        String brief = commands.execute("show security pki ca-certificate").body();
        assertTrue(brief.contains("Ca profile: Root-CA") && brief.contains("Issued to: CN=Root-CA,O=jiked,C=CH"), brief);
        assertTrue(brief.contains("Public key: ecdsa P-256"), brief);
        assertFalse(brief.contains("Serial number"), brief);
        String detail = commands.execute("show security pki ca-certificate ca-profile Root-CA detail").body();
        assertTrue(detail.contains("Serial number:") && detail.contains("Key hash sha1:"), detail);
        assertTrue(commands.execute("show security pki ca-certificate ca-profile nobody").body().contains("none"));
    }

    @Test
    void localCertificateShowsItsChainAndNames() {
        String out = commands.execute("show security pki local-certificate detail").body();
        assertTrue(out.contains("Certificate id: Host-A"), out);
        assertTrue(out.contains("host-a.jiked.example"), out);
        assertTrue(out.contains("    CN=Root-CA,O=jiked,C=CH"), out);
    }

    @Test
    void requestSecurityPkiCrlLoad() {
        var ok = commands.execute("request security pki crl load ca-profile Root-CA filename " + p.crl("root"));
        assertTrue(ok.ok() && ok.body().contains("loaded successfully"), ok.body());
        var wrongProfile = commands.execute("request security pki crl load ca-profile Dev-CA filename " + p.crl("root"));
        assertFalse(wrongProfile.ok());
        assertTrue(wrongProfile.body().contains("not configured"), wrongProfile.body());
        assertFalse(commands.execute("request security pki crl load ca-profile Root-CA").ok());
        assertFalse(commands.execute("request security pki crl load ca-profile Root-CA filename /nonexistent").ok());
    }

    @Test
    void requestSecurityPkiCaAndLocalCertificateLoad() throws Exception {
        var ca = commands.execute("request security pki ca-certificate load ca-profile Root-CA filename " + p.cert("root"));
        assertTrue(ca.ok(), ca.body());
        var notCa = commands.execute("request security pki ca-certificate load ca-profile Root-CA filename " + p.cert("host"));
        assertFalse(notCa.ok());
        assertTrue(notCa.body().contains("not a CA certificate"), notCa.body());

        p.issue("host2", "root", "C=CH, O=jiked, CN=Host-A", null, "--san", "renewed.jiked.example");
        var wrongKey = commands.execute("request security pki local-certificate load certificate-id Host-A filename "
                + p.cert("host2") + " key " + p.key("host"));
        assertFalse(wrongKey.ok());
        assertTrue(wrongKey.body().contains("does not belong"), wrongKey.body());
        var renewed = commands.execute("request security pki local-certificate load key " + p.key("host2")
                + " certificate-id Host-A filename " + p.cert("host2"));
        assertTrue(renewed.ok() && renewed.body().contains("local certificate Host-A loaded successfully"), renewed.body());
        assertTrue(commands.execute("show security pki local-certificate detail").body().contains("renewed.jiked.example"));
        assertFalse(commands.execute("request security pki local-certificate load certificate-id Nobody filename "
                + p.cert("host2") + " key " + p.key("host2")).ok());
        assertTrue(commands.execute("request security pki local-certificate load certificate-id Host-A filename "
                + p.cert("host") + " key " + p.key("host")).ok(), "the original back, for the other tests");
        var usage = commands.execute("request security pki local-certificate load certificate-id Host-A");
        assertTrue(usage.body().contains("expected: certificate-id CERTIFICATE_ID filename FILENAME key KEY"
                + " [passphrase PASSPHRASE]"), usage.body());
    }

    @Test
    void crlDetailListsTheRevokedSerialsAsJsonToo() {
        String out = commands.execute("show security pki crl detail").body();
        assertTrue(out.contains("Revoked certificates: 1") && out.contains("Reason: KEY_COMPROMISE"), out);
        String json = commands.execute("show security pki crl ca-profile Root-CA | display json").body();
        assertTrue(json.contains("\"crls\"") && json.contains("\"revoked-certificates\": 1"), json);
        assertFalse(commands.execute("show security pki crl bogus").ok());
    }
}
