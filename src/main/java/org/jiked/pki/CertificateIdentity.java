package org.jiked.pki;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * Whether an IKE identity (RFC 7296 section 3.5) is one the certificate vouches for: an
 * ID_DER_ASN1_DN must equal the subject (compared in canonical form, RFC 5280 section 7.1), an
 * address, FQDN or RFC 822 identity must be among the subjectAltNames (RFC 4945 section 3.1).
 * Other ID types are never bound to a certificate.
 */
public final class CertificateIdentity {
    static final int ID_IPV4_ADDR = 1;
    static final int ID_FQDN = 2;
    static final int ID_RFC822_ADDR = 3;
    static final int ID_IPV6_ADDR = 5;
    static final int ID_DER_ASN1_DN = 9;
    private static final int SAN_RFC822 = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private CertificateIdentity() {}

    public static boolean matches(X509Certificate cert, int idType, byte[] data) {
        return switch (idType) {
            case ID_DER_ASN1_DN -> {
                try {
                    yield new X500Principal(data).equals(cert.getSubjectX500Principal());
                } catch (IllegalArgumentException e) {
                    yield false;
                }
            }
            case ID_FQDN -> sanMatches(cert, SAN_DNS, ascii(data));
            case ID_RFC822_ADDR -> sanMatches(cert, SAN_RFC822, ascii(data));
            case ID_IPV4_ADDR, ID_IPV6_ADDR -> {
                if (data.length != (idType == ID_IPV4_ADDR ? 4 : 16)) {
                    yield false;
                }
                yield sanAddresses(cert).stream().anyMatch(a -> java.util.Arrays.equals(a.getAddress(), data));
            }
            default -> false;
        };
    }

    /** The subject DN in DER, for {@code local-identity distinguished-name}. */
    public static byte[] subjectDer(X509Certificate cert) {
        return cert.getSubjectX500Principal().getEncoded();
    }

    private static String ascii(byte[] data) {
        return new String(data, StandardCharsets.US_ASCII);
    }

    private static boolean sanMatches(X509Certificate cert, int type, String value) {
        for (List<?> san : sans(cert)) {
            if (((Integer) san.get(0)) == type && san.get(1) instanceof String s && s.equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    private static List<InetAddress> sanAddresses(X509Certificate cert) {
        return sans(cert).stream().filter(s -> ((Integer) s.get(0)) == SAN_IP && s.get(1) instanceof String)
                .map(s -> {
                    try {
                        return InetAddress.ofLiteral((String) s.get(1));
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }).filter(java.util.Objects::nonNull).toList();
    }

    private static Collection<List<?>> sans(X509Certificate cert) {
        try {
            Collection<List<?>> s = cert.getSubjectAlternativeNames();
            return s == null ? List.of() : s;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
