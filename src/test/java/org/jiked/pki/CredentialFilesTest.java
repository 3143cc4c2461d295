package org.jiked.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jiked.os.Commands;
import org.jiked.testing.Root;
import org.jiked.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys and certificates in the forms strongSwan's pki and OpenSSL write them. */
class CredentialFilesTest {
    @TempDir
    static Path dir;
    static TestPki rsa;
    static TestPki ec;

    @BeforeAll
    static void make() throws Exception {
        Root.requireTool(TestPki.PKI);
        rsa = TestPki.in(Files.createDirectories(dir.resolve("rsa")), "rsa");
        rsa.selfSigned("ca", "C=CH, O=jiked, CN=RSA-CA");
        ec = TestPki.in(Files.createDirectories(dir.resolve("ec")), "ecdsa");
        ec.selfSigned("ca", "C=CH, O=jiked, CN=EC-CA");
    }

    static void assertPair(PrivateKey key, X509Certificate cert) throws Exception {
        String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(cert.getPublicKey());
        s.update(new byte[] {1, 2, 3});
        assertTrue(s.verify(sig));
    }

    static X509Certificate cert(TestPki p) throws IOException {
        return CredentialFiles.certificates(p.cert("ca")).getFirst();
    }

    @Test
    void traditionalRsaAndEcPemKeysAsPkiWritesThem() throws Exception {
        assertTrue(Files.readString(rsa.key("ca")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertTrue(Files.readString(ec.key("ca")).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertPair(CredentialFiles.privateKey(rsa.key("ca"), null), cert(rsa));
        assertPair(CredentialFiles.privateKey(ec.key("ca"), null), cert(ec));
    }

    @Test
    void pkcs8EncryptedPkcs8AndDer() throws Exception {
        Root.requireTool("openssl");
        for (TestPki p : List.of(rsa, ec)) {
            Path plain = p.dir().resolve("p8.pem");
            Path enc = p.dir().resolve("p8enc.pem");
            Path der = p.dir().resolve("p8.der");
            Path certDer = p.dir().resolve("ca.der");
            openssl("pkcs8", "-topk8", "-nocrypt", "-in", p.key("ca").toString(), "-out", plain.toString());
            openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:s3cret pass", "-in",
                    p.key("ca").toString(), "-out", enc.toString());
            openssl("pkcs8", "-topk8", "-nocrypt", "-outform", "DER", "-in", p.key("ca").toString(), "-out", der.toString());
            openssl("x509", "-in", p.cert("ca").toString(), "-outform", "DER", "-out", certDer.toString());
            assertPair(CredentialFiles.privateKey(plain, null), cert(p));
            assertPair(CredentialFiles.privateKey(enc, "s3cret pass".toCharArray()), cert(p));
            assertPair(CredentialFiles.privateKey(der, null), cert(p));
            assertEquals(cert(p), CredentialFiles.certificates(certDer).getFirst());
            var e = assertThrows(IOException.class, () -> CredentialFiles.privateKey(enc, "wrong".toCharArray()));
            assertTrue(e.getMessage().contains("cannot decrypt"), e.getMessage());
            e = assertThrows(IOException.class, () -> CredentialFiles.privateKey(enc, null));
            assertTrue(e.getMessage().contains("no password"), e.getMessage());
        }
    }

    @Test
    void garbageIsAnIoExceptionNotACrash() throws Exception {
        Path f = dir.resolve("garbage.pem");
        Files.writeString(f, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThrows(IOException.class, () -> CredentialFiles.certificates(f));
        Files.writeString(f, "-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n");
        assertThrows(IOException.class, () -> CredentialFiles.privateKey(f, null));
        Files.write(f, new byte[] {0x30, (byte) 0x84, 1, 2, 3, 4});
        assertThrows(IOException.class, () -> CredentialFiles.privateKey(f, null));
    }

    static void openssl(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        var r = Commands.run(cmd, java.time.Duration.ofSeconds(30), null, java.util.Map.of());
        assertTrue(r.ok(), r.stderr());
    }
}
