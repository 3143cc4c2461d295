package org.jiked.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jiked.config.model.PkiConfig;
import org.jiked.config.parse.ConfigNode;

/** Builds and checks {@code [edit security pki]}. */
final class PkiModelBuilder {
    private final BuildContext ctx;
    final Registry<PkiConfig.CaProfile> profiles = new Registry<>("CA profile");
    final Registry<List<String>> groups = new Registry<>("trusted-ca-group");
    final Registry<PkiConfig.LocalCertificate> localCertificates = new Registry<>("local certificate");

    PkiModelBuilder(BuildContext ctx) {
        this.ctx = ctx;
    }

    void build(ConfigNode pki) {
        if (pki == null) {
            return;
        }
        for (ConfigNode n : pki.children("ca-profile")) {
            profiles.define(n.name(), profile(n));
        }
        for (ConfigNode n : pki.children("trusted-ca-group")) {
            groups.define(n.name(), group(n));
        }
        for (ConfigNode n : pki.children("local-certificate")) {
            localCertificates.define(n.name(), localCertificate(n));
        }
    }

    PkiConfig built() {
        Map<String, List<String>> g = new LinkedHashMap<>(groups.built());
        return new PkiConfig(profiles.built(), g, localCertificates.built());
    }

    private PkiConfig.CaProfile profile(ConfigNode n) {
        boolean ok = ctx.requiredChild(n, "ca-identity", "") != null;
        ok &= ctx.requiredChild(n, "certificate-file", " (the CA certificate, PEM or DER)") != null;
        ConfigNode rc = n.child("revocation-check");
        ConfigNode crl = rc == null ? null : rc.child("crl");
        if (rc != null && rc.child("disable") != null && crl != null) {
            ctx.error(rc, "'revocation-check disable' and 'revocation-check crl' exclude each other; keep one");
            ok = false;
        }
        String url = crl == null ? null : crl.childValue("url");
        if (url != null && !isHttp(url)) {
            ctx.error(crl.child("url"), "crl url " + url + " is not an http:// URL (LDAP is not supported)");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        boolean lenient = crl != null && crl.child("disable") != null
                && crl.child("disable").child("on-download-failure") != null;
        int refresh = crl == null ? 0 : (int) ctx.number(crl, "refresh-interval", 0);
        return new PkiConfig.CaProfile(n.name(), n.childValue("ca-identity"), n.childValue("certificate-file"),
                crl != null, lenient, refresh, url);
    }

    private static boolean isHttp(String url) {
        try {
            URI u = URI.create(url);
            return "http".equalsIgnoreCase(u.getScheme()) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private List<String> group(ConfigNode n) {
        ConfigNode list = ctx.requiredChild(n, "ca-profiles", "");
        if (list == null) {
            return null;
        }
        boolean ok = true;
        if (list.values().size() > PkiConfig.MAX_GROUP_PROFILES) {
            ctx.error(list, "trusted-ca-group " + n.name() + " lists " + list.values().size()
                    + " CA profiles; at most " + PkiConfig.MAX_GROUP_PROFILES + " are allowed");
            ok = false;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.values().size(); i++) {
            if (profiles.resolve(ctx, list, i) == null) {
                ok = false;
            }
            names.add(list.values().get(i));
        }
        return ok ? names : null;
    }

    private PkiConfig.LocalCertificate localCertificate(ConfigNode n) {
        boolean ok = ctx.requiredChild(n, "certificate-file", "") != null;
        ok &= ctx.requiredChild(n, "private-key-file", "") != null;
        ConfigNode pw = n.child("private-key-password");
        return ok ? new PkiConfig.LocalCertificate(n.name(), n.childValue("certificate-file"),
                n.childValue("private-key-file"), pw == null ? null : pw.optionValue()) : null;
    }
}
