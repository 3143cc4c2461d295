package org.jiked.cli;

import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jiked.pki.CaProfile;
import org.jiked.pki.CrlCache;
import org.jiked.pki.LocalCredential;
import org.jiked.pki.PkiStore;

/**
 * {@code show security pki ca-certificate | local-certificate | crl [detail]}, in the layout of
 * the Junos commands (Certificate identifier, Issued to/by, Validity, Key pair type), as text or
 * as JSON.
 */
final class PkiView {
    private PkiView() {}

    static Map<String, Object> certificate(String idLabel, String id, X509Certificate c, boolean detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(idLabel, id);
        m.put("issued-to", c.getSubjectX500Principal().getName());
        m.put("issued-by", c.getIssuerX500Principal().getName());
        m.put("not-before", c.getNotBefore().toInstant().toString());
        m.put("not-after", c.getNotAfter().toInstant().toString());
        m.put("public-key", keyType(c));
        if (detail) {
            m.put("serial-number", c.getSerialNumber().toString(16));
            m.put("signature-algorithm", c.getSigAlgName());
            m.put("ca", c.getBasicConstraints() >= 0);
            m.put("key-hash-sha1", org.jiked.pki.KeyHash.of(c).toString());
            try {
                var sans = c.getSubjectAlternativeNames();
                m.put("subject-alternative-names", sans == null ? List.of()
                        : sans.stream().map(s -> String.valueOf(s.get(1))).toList());
            } catch (java.security.cert.CertificateParsingException e) {
                m.put("subject-alternative-names", List.of());
            }
        }
        return m;
    }

    private static String keyType(X509Certificate c) {
        var k = c.getPublicKey();
        if (k instanceof RSAKey rsa) {
            return "rsa " + rsa.getModulus().bitLength() + " bits";
        }
        if (k instanceof ECKey ec) {
            return "ecdsa P-" + ec.getParams().getCurve().getField().getFieldSize();
        }
        return k.getAlgorithm();
    }

    static List<Map<String, Object>> caCertificates(PkiStore pki, String only, boolean detail) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CaProfile p : pki.profiles()) {
            if (only == null || only.equals(p.name())) {
                Map<String, Object> m = certificate("ca-profile", p.name(), p.certificate(), detail);
                m.put("ca-identity", p.caIdentity());
                m.put("revocation-check", p.revocation().crl()
                        ? "crl" + (p.revocation().acceptOnDownloadFailure() ? " (disable on-download-failure)" : "")
                        : "disable");
                out.add(m);
            }
        }
        return out;
    }

    static List<Map<String, Object>> localCertificates(PkiStore pki, String only, boolean detail) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LocalCredential l : pki.localCertificates()) {
            if (only == null || only.equals(l.name())) {
                Map<String, Object> m = certificate("certificate-id", l.name(), l.certificate(), detail);
                m.put("chain", l.issuers().stream().map(c -> c.getSubjectX500Principal().getName()).toList());
                out.add(m);
            }
        }
        return out;
    }

    static List<Map<String, Object>> crls(PkiStore pki, String only, boolean detail) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CrlCache.Entry e : pki.crls().entries()) {
            if (only != null && !only.equals(e.profile())) {
                continue;
            }
            X509CRL crl = e.crl();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ca-profile", e.profile());
            m.put("issuer", crl.getIssuerX500Principal().getName());
            m.put("url", e.uri().toString());
            m.put("effective-date", crl.getThisUpdate().toInstant().toString());
            m.put("next-update", crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant().toString());
            m.put("fetched", Instant.ofEpochMilli(e.fetchedMillis()).toString());
            var revoked = crl.getRevokedCertificates();
            m.put("revoked-certificates", revoked == null ? 0 : revoked.size());
            if (detail) {
                List<Map<String, Object>> list = new ArrayList<>();
                if (revoked != null) {
                    for (X509CRLEntry r : revoked) {
                        Map<String, Object> rm = new LinkedHashMap<>();
                        rm.put("serial-number", r.getSerialNumber().toString(16));
                        rm.put("revocation-date", r.getRevocationDate().toInstant().toString());
                        rm.put("reason", r.getRevocationReason() == null ? null : r.getRevocationReason().toString());
                        list.add(rm);
                    }
                }
                m.put("revoked", list);
            }
            out.add(m);
        }
        return out;
    }

    /** Junos-like text: one block per item, "Label: value" lines, nested lists indented. */
    static String text(String title, List<Map<String, Object>> items) {
        if (items.isEmpty()) {
            return title + ": none\n";
        }
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> item : items) {
            item.forEach((k, v) -> line(sb, "", k, v));
            sb.append('\n');
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void line(StringBuilder sb, String indent, String key, Object v) {
        String label = Character.toUpperCase(key.charAt(0)) + key.substring(1).replace('-', ' ');
        if (v instanceof List<?> l) {
            sb.append(indent).append(label).append(":\n");
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    ((Map<String, Object>) m).forEach((k2, v2) -> line(sb, indent + "    ", k2, v2));
                } else {
                    sb.append(indent).append("    ").append(o).append('\n');
                }
            }
        } else {
            sb.append(indent).append(label).append(": ").append(v).append('\n');
        }
    }
}
