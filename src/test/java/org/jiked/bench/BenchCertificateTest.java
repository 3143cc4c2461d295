package org.jiked.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.jiked.ike.CertificateAuth;
import org.jiked.ike.ChildConfig;
import org.jiked.ike.EngineContext;
import org.jiked.ike.IkeEngine;
import org.jiked.ike.PeerConfig;
import org.jiked.ike.PeerOptions;
import org.jiked.ike.RetransmitSettings;
import org.jiked.pki.CaProfile;
import org.jiked.pki.CredentialFiles;
import org.jiked.pki.DnPattern;
import org.jiked.pki.JdkPublicKeyOps;
import org.jiked.pki.LocalCredential;
import org.jiked.pki.PkiStore;
import org.jiked.pki.RevocationCheck;
import org.jiked.testing.Root;
import org.jiked.testing.TestPki;
import org.jiked.wire.IkeMessageCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load generator with {@code --cert}: every initiator signs with one certificate, as the
 * pico cells of a deployment do, against jiked's responder with a dynamic gateway for their DN,
 * in memory. Credentials come from strongSwan's {@code pki}, RSA-2048 and ECDSA P-256.
 */
class BenchCertificateTest {
    static final InetSocketAddress GATEWAY = new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 500);
    static final String CELLS = "C=CH, O=jiked, OU=Cells, CN=pico";

    @TempDir
    static Path dir;
    static Map<String, TestPki> pkis = new java.util.HashMap<>();

    final Deque<byte[]> toBench = new ArrayDeque<>();
    final List<String> log = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        Root.requireTool(TestPki.PKI);
        for (String type : List.of("rsa", "ecdsa")) {
            Path d = Files.createDirectories(dir.resolve(type));
            TestPki p = TestPki.in(d, type);
            p.selfSigned("root", "C=CH, O=jiked, CN=Cells-Root " + type);
            p.issue("gw", "root", "C=CH, O=jiked, OU=Core, CN=gw", null, "--san", "gw.jiked.example");
            p.issue("cell", "root", CELLS, null, "--san", "pico.jiked.example");
            p.selfSigned("other-root", "C=CH, O=elsewhere, CN=Other-Root");
            pkis.put(type, p);
        }
    }

    /** The responder: a dynamic gateway for DNs under {@code pattern}, or any name (general-ikeid) for null. */
    IkeEngine responder(TestPki pki, DnPattern pattern) throws IOException {
        CaProfile root = new CaProfile("root", "root", CredentialFiles.certificates(pki.cert("root")).getFirst(),
                RevocationCheck.DISABLED);
        LocalCredential gw = PkiStore.credential("gw", CredentialFiles.certificates(pki.cert("gw")).getFirst(),
                CredentialFiles.privateKey(pki.key("gw"), null), List.of(root));
        PkiStore store = new PkiStore(Map.of("root", root), Map.of(), Map.of("gw", gw), uri -> {
            throw new IOException("no CRL here");
        }, System::currentTimeMillis);
        BenchOptions o = BenchInitiatorTest.options(List.of());
        ChildConfig child = new ChildConfig("cells", List.of(o.espProposal()), List.of(o.remoteSelector()),
                List.of(o.localPrefix()), 3600, 0, ChildConfig.StartAction.RESPONDER_ONLY);
        PeerConfig peer = new PeerConfig("cells", List.of(), GATEWAY.getAddress(), List.of(o.ikeProposal()), null,
                null, null, 28800, List.of(child), RetransmitSettings.DEFAULT, PeerOptions.DEFAULT,
                new CertificateAuth(store, List.of(), null, true, pattern, false, JdkPublicKeyOps.INSTANCE));
        EngineContext ctx = new EngineContext(() -> 1000, () -> 1000, new SecureRandom(),
                (local, remote, data) -> toBench.add(data), EngineContext.ChildSaListener.NONE,
                (level, message) -> log.add(message));
        return new IkeEngine(ctx, List.of(peer));
    }

    static List<String> certArgs(TestPki pki, String ca, String... more) {
        List<String> args = new ArrayList<>(List.of("--cert", pki.cert("cell").toString(), "--key",
                pki.key("cell").toString(), "--ca", pki.cert(ca).toString()));
        args.addAll(List.of(more));
        return args;
    }

    BenchInitiator.Step setUp(IkeEngine engine, List<String> args, int index) throws Exception {
        BenchOptions o = BenchInitiatorTest.options(args);
        InetSocketAddress me = new InetSocketAddress(InetAddress.ofLiteral("198.51.100." + (index + 1)), 500);
        BenchInitiator ini = new BenchInitiator(o, index, 0x3000L + index, me, GATEWAY, new SecureRandom(), 0);
        engine.receive(GATEWAY, me, ini.start());
        for (int i = 0; i < 4; i++) {
            byte[] d = toBench.poll();
            BenchInitiator.Step s = ini.onResponse(IkeMessageCodec.decodeHeader(d), d);
            if (!(s instanceof BenchInitiator.Send send)) {
                return s;
            }
            engine.receive(GATEWAY, me, send.datagram());
        }
        throw new AssertionError("no end after four exchanges");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ecdsa"})
    void manyInitiatorsShareOneCertificateAndAreKnownByItsDn(String type) throws Exception {
        TestPki pki = pkis.get(type);
        IkeEngine e = responder(pki, DnPattern.parse(DnPattern.Kind.WILDCARD, "OU=Cells, O=jiked"));
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(BenchInitiator.Done.class, setUp(e, certArgs(pki, "root"), i), String.join("\n", log));
        }
        assertInstanceOf(BenchInitiator.Done.class, setUp(e, certArgs(pki, "root", "--no-child"), 3));
        assertEquals(4, e.stats().get("ike-sa-established"));
        assertEquals(3, e.stats().get("child-sa-established"));
        assertEquals(4, e.ikeSas().size());
        e.ikeSas().forEach(sa -> assertEquals("CN=pico,OU=Cells,O=jiked,C=CH", sa.remoteIdentity()));
        // the responder announced SIGNATURE_HASH_ALGORITHMS, so the bench signed under RFC 7427
        assertTrue(log.stream().anyMatch(l -> l.contains("authenticated by certificate") && l.contains("AUTH method 14")),
                String.join("\n", log));
    }

    @Test
    void aCertificateSaRekeysItsChildSaAndItself() throws Exception {
        TestPki pki = pkis.get("rsa");
        IkeEngine e = responder(pki, DnPattern.parse(DnPattern.Kind.WILDCARD, "OU=Cells, O=jiked"));
        BenchOptions o = BenchInitiatorTest.options(certArgs(pki, "root", "--rekey-child", "1", "--rekey-ike", "1"));
        InetSocketAddress me = new InetSocketAddress(InetAddress.ofLiteral("198.51.100.1"), 500);
        BenchInitiator ini = new BenchInitiator(o, 0, 0x4000L, me, GATEWAY, new SecureRandom(), 0);
        long firstSpi = ini.spiI;
        engine(e, me, ini.start());
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            byte[] d = toBench.poll();
            BenchInitiator.Step s = ini.onResponse(IkeMessageCodec.decodeHeader(d), d);
            steps.add(s.getClass().getSimpleName());
            byte[] next = switch (s) {
                case BenchInitiator.Send x -> x.datagram();
                case BenchInitiator.Up x -> x.next();
                case BenchInitiator.Rekeyed x -> x.next();
                default -> null;
            };
            if (next == null) {
                break;
            }
            engine(e, me, next);
        }
        assertEquals(List.of("Send", "Up", "Send", "Rekeyed", "Send", "Rekeyed"), steps, String.join("\n", log));
        assertEquals(1, e.stats().get("child-sa-rekeyed"));
        assertEquals(1, e.stats().get("ike-sa-rekeyed"));
        assertTrue(ini.spiI != firstSpi, "the initiator went on on the new IKE SA");
        assertEquals(ini.spiI, e.ikeSas().getFirst().initiatorSpi());
        assertEquals(1, e.ikeSas().size());
    }

    private static void engine(IkeEngine e, InetSocketAddress from, byte[] datagram) {
        e.receive(GATEWAY, from, datagram);
    }

    @Test
    void aSubjectAltNameIsTheIdentityWhenGivenAsId() throws Exception {
        TestPki pki = pkis.get("ecdsa");
        IkeEngine e = responder(pki, null);
        assertInstanceOf(BenchInitiator.Done.class,
                setUp(e, certArgs(pki, "root", "--id", "pico.jiked.example"), 0), String.join("\n", log));
        assertEquals("pico.jiked.example", e.ikeSas().getFirst().remoteIdentity());
        assertEquals(new BenchInitiator.Failed("AUTHENTICATION_FAILED"),
                setUp(e, certArgs(pki, "root", "--id", "bench-%d.example.net"), 1),
                "an ID that is not a name of the certificate");
        assertEquals(1, e.stats().get("id-mismatch"));
    }

    @Test
    void aDnOutsideTheGatewaysPatternIsRefused() throws Exception {
        TestPki pki = pkis.get("rsa");
        IkeEngine e = responder(pki, DnPattern.parse(DnPattern.Kind.WILDCARD, "OU=Other, O=jiked"));
        assertEquals(new BenchInitiator.Failed("AUTHENTICATION_FAILED"), setUp(e, certArgs(pki, "root"), 0));
        assertEquals(0, e.stats().get("ike-sa-established"));
    }

    @Test
    void theResponderCertificateMustChainToTheGivenCa() throws Exception {
        TestPki pki = pkis.get("rsa");
        IkeEngine e = responder(pki, null);
        assertEquals(new BenchInitiator.Failed("responder cert-untrusted"), setUp(e, certArgs(pki, "other-root"), 0));
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedAtStart() {
        TestPki pki = pkis.get("rsa");
        var ex = assertThrows(IllegalArgumentException.class, () -> BenchInitiatorTest.options(List.of(
                "--cert", pki.cert("cell").toString(), "--key", pki.key("gw").toString())));
        assertTrue(ex.getMessage().contains("does not belong"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchInitiatorTest.options(List.of(
                "--cert", pki.cert("cell").toString())));
    }
}
