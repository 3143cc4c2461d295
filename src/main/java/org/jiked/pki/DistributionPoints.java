package org.jiked.pki;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The URIs of a certificate's CRL distribution points (RFC 5280 section 4.2.1.13): every
 * uniformResourceIdentifier GeneralName ([6] IA5String) under the extension. The walk is
 * bounded in depth, so a looping or deeply nested extension costs nothing.
 */
final class DistributionPoints {
    private static final String CRL_DISTRIBUTION_POINTS = "2.5.29.31";
    private static final int URI_TAG = 0x86;
    private static final int MAX_DEPTH = 6;
    private static final int MAX_URIS = 4;

    private DistributionPoints() {}

    static List<URI> of(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(CRL_DISTRIBUTION_POINTS);
        List<URI> out = new ArrayList<>();
        if (ext == null) {
            return out;
        }
        try {
            Der.Element octets = Der.readWhole(ext);
            collect(Der.readWhole(octets.contents()), 0, out);
        } catch (Der.DerException e) {
            return List.of();
        }
        return out;
    }

    private static void collect(Der.Element e, int depth, List<URI> out) throws Der.DerException {
        if (out.size() >= MAX_URIS || depth > MAX_DEPTH) {
            return;
        }
        if (e.tag() == URI_TAG) {
            try {
                URI u = URI.create(new String(e.contents(), StandardCharsets.US_ASCII));
                if ("http".equalsIgnoreCase(u.getScheme())) {
                    out.add(u);
                }
            } catch (IllegalArgumentException ignored) {
                // not a URI: skipped
            }
            return;
        }
        if ((e.tag() & 0x20) != 0) {
            for (Der.Element c : e.children()) {
                collect(c, depth + 1, out);
            }
        }
    }
}
