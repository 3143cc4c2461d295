package org.jiked.ike;

import static org.jiked.ike.IkeExchangeTest.A;
import static org.jiked.ike.IkeExchangeTest.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
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
 * {@code dynamic distinguished-name container | wildcard}: dynamic gateways for peers that
 * authenticate with certificates, chosen by the DN the peer presents; the certificate's subject
 * must fit the same pattern.
 */
class DynamicDistinguishedNameTest {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void certificates() throws Exception {
        Root.requireTool(TestPki.PKI);
        pki = TestPki.in(dir, "ecdsa");
        pki.selfSigned("root", "C=CH, O=jiked, CN=Cells-Root");
        pki.issue("gw", "root", "C=CH, O=jiked, OU=Core, CN=gw", null);
        pki.issue("eng-cell", "root", "C=CH, O=jiked, OU=Eng, CN=pico-1", null);
        pki.issue("sales-cell", "root", "C=CH, O=jiked, OU=Sales, L=Bern, CN=pico-2", null);
        pki.issue("stranger", "root", "C=DE, O=elsewhere, OU=Eng, CN=pico-3", null);
    }

    static PkiStore store(String local) throws IOException {
        CaProfile root = new CaProfile("root", "root", CredentialFiles.certificates(pki.cert("root")).getFirst(),
                RevocationCheck.DISABLED);
        LocalCredential cred = PkiStore.credential(local, CredentialFiles.certificates(pki.cert(local)).getFirst(),
                CredentialFiles.privateKey(pki.key(local), null), List.of(root));
        return new PkiStore(Map.of("root", root), Map.of(), Map.of(local, cred), uri -> {
            throw new IOException("no CRL here");
        }, System::currentTimeMillis);
    }

    static CertificateAuth auth(PkiStore store, DnPattern remoteDn) {
        return new CertificateAuth(store, List.of(), null, true, remoteDn, false, JdkPublicKeyOps.INSTANCE);
    }

    static PeerConfig cell(String local) throws IOException {
        return new PeerConfig("to-gw", List.of(B), A, List.of(IkeExchangeTest.GCM_X25519), null, null, null, 28800,
                List.of(IkeExchangeTest.child("vpn1", IkeExchangeTest.SITE_A, IkeExchangeTest.SITE_B,
                        List.of(IkeExchangeTest.ESP_GCM), ChildConfig.StartAction.ON_TRAFFIC)),
                RetransmitSettings.DEFAULT, PeerOptions.DEFAULT, auth(store(local), null));
    }

    static PeerConfig dynamicGateway(String name, PkiStore store, DnPattern pattern) {
        return new PeerConfig(name, List.of(), B, List.of(IkeExchangeTest.GCM_X25519), null, null, null, 28800,
                List.of(IkeExchangeTest.child("vpn-" + name, IkeExchangeTest.SITE_B, IkeExchangeTest.SITE_A,
                        List.of(IkeExchangeTest.ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY)),
                RetransmitSettings.DEFAULT, PeerOptions.DEFAULT, auth(store, pattern));
    }

    /** The gateway B holds the cell's SA under, or the failure. */
    static TwoGateways connect(String cell) throws IOException {
        PkiStore gw = store("gw");
        TwoGateways g = new TwoGateways(List.of(cell(cell)), List.of(
                dynamicGateway("eng", gw, DnPattern.parse(DnPattern.Kind.WILDCARD, "OU=Eng, O=jiked")),
                dynamicGateway("sales", gw, DnPattern.parse(DnPattern.Kind.CONTAINER, "C=CH, O=jiked, OU=Sales"))),
                A, B);
        g.a.initiate("to-gw");
        g.run();
        return g;
    }

    @Test
    void aWildcardTakesTheDnsWithAllItsAttributesInAnyOrder() throws Exception {
        TwoGateways g = connect("eng-cell");
        IkeExchangeTest.assertUp(g);
        IkeSaInfo sa = g.b.ikeSas().getFirst();
        assertEquals("eng", sa.gateway(), String.join("\n", g.logB));
        assertEquals("CN=pico-1,OU=Eng,O=jiked,C=CH", sa.remoteIdentity());
        assertEquals(1, g.installedB.size(), "the eng gateway's CHILD_SA: " + g.logB);
    }

    @Test
    void aContainerTakesTheDnsThatHoldItsRdnsInARow() throws Exception {
        TwoGateways g = connect("sales-cell");
        IkeExchangeTest.assertUp(g);
        assertEquals("sales", g.b.ikeSas().getFirst().gateway(), String.join("\n", g.logB));
        assertEquals("CN=pico-2,L=Bern,OU=Sales,O=jiked,C=CH", g.b.ikeSas().getFirst().remoteIdentity());
    }

    @Test
    void aDnThatFitsNoGatewayIsRefused() throws Exception {
        // C=DE, O=elsewhere, OU=Eng: OU=Eng alone does not make the eng wildcard, which wants O=jiked too
        TwoGateways g = connect("stranger");
        assertEquals(0, g.b.ikeSaCount(), String.join("\n", g.logB));
        assertEquals(1, g.b.stats().get("id-mismatch"), String.join("\n", g.logB));
        FailedPeer f = g.b.failedPeers().getFirst();
        assertEquals("AUTHENTICATION_FAILED", f.reason());
        assertEquals("CN=pico-3,OU=Eng,O=elsewhere,C=DE", f.ikeId());
        assertTrue(f.detail().contains("does not match remote-identity"), f.detail());
    }
}
