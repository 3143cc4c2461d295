package org.jiked.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads certificates, CRLs and private keys from files, PEM (RFC 7468) or DER. Keys may be
 * PKCS#8 (RFC 5208), encrypted PKCS#8 (RFC 5958, PBES2 of RFC 8018) or the traditional
 * "RSA PRIVATE KEY" (PKCS#1, RFC 8017 appendix A.1.2) and "EC PRIVATE KEY" (SEC1, RFC 5915)
 * forms that strongSwan's {@code pki --gen} and OpenSSL write; the traditional forms are wrapped
 * into PKCS#8 here so that one KeyFactory path reads them all.
 */
public final class CredentialFiles {
    /** A certificate or key file larger than this is refused before parsing. */
    static final int MAX_FILE_BYTES = 1 << 20;
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\R(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";

    private CredentialFiles() {}

    /** A PEM block: its label and decoded body. */
    record PemBlock(String label, byte[] der) {}

    static byte[] read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }

    /** The PEM blocks of {@code data}, or one unnamed block holding {@code data} when it is DER. */
    static List<PemBlock> blocks(byte[] data) throws IOException {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        if (!text.contains("-----BEGIN ")) {
            return List.of(new PemBlock(null, data));
        }
        List<PemBlock> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains("Proc-Type:")) {
                throw new IOException("PEM block '" + m.group(1) + "' uses legacy OpenSSL encryption;"
                        + " convert it to encrypted PKCS#8 (openssl pkcs8 -topk8)");
            }
            try {
                out.add(new PemBlock(m.group(1), Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new IOException("PEM block '" + m.group(1) + "' is not valid base64");
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no complete PEM block");
        }
        return out;
    }

    /** Every certificate in a PEM or DER file, in file order. */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        for (PemBlock b : blocks(read(file))) {
            if (b.label() == null || b.label().equals("CERTIFICATE") || b.label().equals("X509 CERTIFICATE")) {
                out.add(certificate(b.der()));
            }
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no certificate found");
        }
        return out;
    }

    /** One DER certificate. */
    public static X509Certificate certificate(byte[] der) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new IOException("not an X.509 certificate: " + e.getMessage());
        }
    }

    /** One CRL, PEM ("X509 CRL") or DER. */
    public static X509CRL crl(byte[] data) throws IOException {
        for (PemBlock b : blocks(data)) {
            if (b.label() == null || b.label().equals("X509 CRL")) {
                try {
                    return (X509CRL) CertificateFactory.getInstance("X.509")
                            .generateCRL(new ByteArrayInputStream(b.der()));
                } catch (GeneralSecurityException | ClassCastException e) {
                    throw new IOException("not an X.509 CRL: " + e.getMessage());
                }
            }
        }
        throw new IOException("no CRL found");
    }

    /**
     * The private key in a file.
     *
     * @param password for an encrypted PKCS#8 key; null otherwise
     */
    public static PrivateKey privateKey(Path file, char[] password) throws IOException {
        for (PemBlock b : blocks(read(file))) {
            if (b.label() == null) {
                return privateKeyFromDer(b.der(), password);
            }
            switch (b.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der());
                }
                case "ENCRYPTED PRIVATE KEY" -> {
                    return encryptedPkcs8(b.der(), password);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(wrapPkcs1(b.der()));
                }
                case "EC PRIVATE KEY" -> {
                    return pkcs8(wrapSec1(b.der()));
                }
                default -> {
                    // EC PARAMETERS and other blocks beside the key are skipped
                }
            }
        }
        throw new IOException(file + ": no private key found");
    }

    private static PrivateKey privateKeyFromDer(byte[] der, char[] password) throws IOException {
        if (password != null) {
            return encryptedPkcs8(der, password);
        }
        IOException first;
        try {
            return pkcs8(der);
        } catch (IOException e) {
            first = e;
        }
        try {
            return pkcs8(wrapPkcs1(der));
        } catch (IOException ignored) {
            // not PKCS#1 either
        }
        try {
            return pkcs8(wrapSec1(der));
        } catch (IOException ignored) {
            throw first;
        }
    }

    static PrivateKey pkcs8(byte[] der) throws IOException {
        String alg;
        try {
            List<Der.Element> info = Der.readWhole(der).children();
            alg = Der.oidToString(info.get(1).children().getFirst().contents());
        } catch (Der.DerException | IndexOutOfBoundsException e) {
            throw new IOException("not a PKCS#8 private key");
        }
        String jca = switch (alg) {
            case RSA_ENCRYPTION -> "RSA";
            case EC_PUBLIC_KEY -> "EC";
            case "1.2.840.113549.1.1.10" -> "RSASSA-PSS";
            case "1.3.101.112" -> "Ed25519";
            default -> throw new IOException("unsupported private key algorithm " + alg);
        };
        try {
            return KeyFactory.getInstance(jca).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException("invalid " + jca + " private key: " + e.getMessage());
        }
    }

    private static PrivateKey encryptedPkcs8(byte[] der, char[] password) throws IOException {
        if (password == null) {
            throw new IOException("the private key is encrypted and no password is configured");
        }
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            String alg = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
            SecretKeyFactory f = SecretKeyFactory.getInstance(alg);
            Cipher c = Cipher.getInstance(alg);
            c.init(Cipher.DECRYPT_MODE, f.generateSecret(new PBEKeySpec(password)), info.getAlgParameters());
            return pkcs8(info.getKeySpec(c).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt the private key (wrong password or unsupported scheme: "
                    + e.getMessage() + ")");
        }
    }

    /** RSAPrivateKey (PKCS#1) into PrivateKeyInfo. */
    static byte[] wrapPkcs1(byte[] pkcs1) throws IOException {
        try {
            List<Der.Element> k = Der.readWhole(pkcs1).children();
            if (k.size() < 9 || k.getFirst().tag() != Der.INTEGER) {
                throw new IOException("not a PKCS#1 RSA private key");
            }
        } catch (Der.DerException e) {
            throw new IOException("not a PKCS#1 RSA private key");
        }
        return Der.sequence(Der.encode(Der.INTEGER, new byte[] {0}),
                Der.sequence(Der.oid(RSA_ENCRYPTION), Der.encode(Der.NULL)),
                Der.encode(Der.OCTET_STRING, pkcs1));
    }

    /** ECPrivateKey (SEC1, RFC 5915) with its named curve into PrivateKeyInfo. */
    static byte[] wrapSec1(byte[] sec1) throws IOException {
        try {
            byte[] curve = null;
            for (Der.Element e : Der.readWhole(sec1).children()) {
                if (e.tag() == 0xa0) {
                    Der.Element oid = Der.readWhole(e.contents());
                    if (oid.tag() == Der.OID) {
                        curve = Der.encoded(oid);
                    }
                }
            }
            if (curve == null) {
                throw new IOException("EC private key without a named curve");
            }
            return Der.sequence(Der.encode(Der.INTEGER, new byte[] {0}),
                    Der.sequence(Der.oid(EC_PUBLIC_KEY), curve),
                    Der.encode(Der.OCTET_STRING, sec1));
        } catch (Der.DerException e) {
            throw new IOException("not a SEC1 EC private key");
        }
    }
}
