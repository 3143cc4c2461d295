package org.jiked.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made by strongSwan's own {@code pki} tool (package strongswan-pki), so jiked is
 * tested against credentials it did not make. {@link #seedHierarchy} builds the hierarchy of the
 * seed: Root-CA -> Eng-CA -> Dev-CA -> Host-A and Root-CA -> Sales-CA -> Host-B. Files are PEM,
 * named NAME.key, NAME.crt and NAME.crl in {@link #dir()}.
 */
public final class TestPki {
    public static final String PKI = "/usr/bin/pki";
    private final Path dir;
    private final String keyType;

    private TestPki(Path dir, String keyType) {
        this.dir = dir;
        this.keyType = keyType;
    }

    /**
     * A fresh directory of credentials.
     *
     * @param keyType "rsa" (2048 bits), "rsa4096" or "ecdsa" (P-256)
     */
    public static TestPki in(Path dir, String keyType) {
        return new TestPki(dir, keyType);
    }

    /**
     * The seed's hierarchy. {@code crlBase} (like {@code http://203.0.113.1:8080}), when not null,
     * becomes every issued certificate's CRL distribution point {@code crlBase/ISSUER.crl}.
     */
    public static TestPki seedHierarchy(Path dir, String keyType, String crlBase) throws IOException {
        TestPki p = in(dir, keyType);
        p.selfSigned("root", "C=CH, O=jiked, CN=Root-CA");
        p.issue("eng", "root", "C=CH, O=jiked, OU=Eng, CN=Eng-CA", crlBase, "--ca");
        p.issue("dev", "eng", "C=CH, O=jiked, OU=Dev, CN=Dev-CA", crlBase, "--ca");
        p.issue("sales", "root", "C=CH, O=jiked, OU=Sales, CN=Sales-CA", crlBase, "--ca");
        p.issue("host-a", "dev", "C=CH, O=jiked, OU=Dev, CN=Host-A", crlBase,
                "--san", "host-a.jiked.example", "--san", "192.0.2.1", "--san", "host-a@jiked.example");
        p.issue("host-b", "sales", "C=CH, O=jiked, OU=Sales, CN=Host-B", crlBase,
                "--san", "host-b.jiked.example", "--san", "192.0.2.2");
        for (String ca : List.of("root", "eng", "dev", "sales")) {
            p.signCrl(ca);
        }
        return p;
    }

    public Path dir() {
        return dir;
    }

    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    public Path cert(String name) {
        return dir.resolve(name + ".crt");
    }

    public Path crl(String name) {
        return dir.resolve(name + ".crl");
    }

    public void generateKey(String name) throws IOException {
        String type = keyType.startsWith("rsa") ? "rsa" : keyType;
        String size = switch (keyType) {
            case "rsa" -> "2048";
            case "rsa4096" -> "4096";
            default -> "256";
        };
        pki(key(name), "--gen", "--type", type, "--size", size, "--outform", "pem");
    }

    public void selfSigned(String name, String dn) throws IOException {
        generateKey(name);
        pki(cert(name), "--self", "--ca", "--in", key(name).toString(), "--type", "priv", "--dn", dn,
                "--lifetime", "3650", "--outform", "pem");
    }

    /** Issues NAME signed by ISSUER; extra arguments go to {@code pki --issue} (e.g. --ca, --san). */
    public void issue(String name, String issuer, String dn, String crlBase, String... extra) throws IOException {
        generateKey(name);
        List<String> args = new ArrayList<>(List.of("--issue", "--in", key(name).toString(), "--type", "priv",
                "--cacert", cert(issuer).toString(), "--cakey", key(issuer).toString(), "--dn", dn,
                "--outform", "pem"));
        if (crlBase != null) {
            args.addAll(List.of("--crl", crlBase + "/" + issuer + ".crl"));
        }
        args.addAll(List.of(extra));
        pki(cert(name), args.toArray(String[]::new));
    }

    /** (Re)writes CA's CRL (DER) revoking the named certificates. */
    public void signCrl(String ca, String... revoked) throws IOException {
        List<String> args = new ArrayList<>(List.of("--signcrl", "--cacert", cert(ca).toString(),
                "--cakey", key(ca).toString(), "--lifetime", "2"));
        for (String r : revoked) {
            args.addAll(List.of("--reason", "key-compromise", "--cert", cert(r).toString()));
        }
        pki(crl(ca), args.toArray(String[]::new));
    }

    private static void pki(Path out, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(PKI));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("pki", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || Files.size(out) == 0) {
                p.destroyForcibly();
                throw new IOException("pki " + String.join(" ", args) + " failed:\n" + Files.readString(err));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
