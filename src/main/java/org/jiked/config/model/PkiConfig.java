package org.jiked.config.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code [edit security pki]}: CA profiles, trusted-CA groups and local certificates, by name in
 * file order. File names are as written; the daemon reads the files.
 */
public record PkiConfig(Map<String, CaProfile> caProfiles, Map<String, List<String>> trustedCaGroups,
                        Map<String, LocalCertificate> localCertificates) {
    /** At most this many CA profiles in a trusted-CA group (the seed: "a maximum of 20"). */
    public static final int MAX_GROUP_PROFILES = 20;
    public static final PkiConfig EMPTY = new PkiConfig(Map.of(), Map.of(), Map.of());

    public PkiConfig {
        caProfiles = Collections.unmodifiableMap(new LinkedHashMap<>(caProfiles));
        trustedCaGroups = Collections.unmodifiableMap(new LinkedHashMap<>(trustedCaGroups));
        localCertificates = Collections.unmodifiableMap(new LinkedHashMap<>(localCertificates));
    }

    /**
     * {@code ca-profile NAME}.
     *
     * @param crlUrl {@code revocation-check crl url}, or null for the certificates' distribution points
     * @param refreshHours {@code crl refresh-interval}; 0 means at the CRL's nextUpdate
     */
    public record CaProfile(String name, String caIdentity, String certificateFile, boolean crl,
                            boolean acceptOnDownloadFailure, int refreshHours, String crlUrl) {
        public CaProfile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(certificateFile, "certificateFile");
        }
    }

    /** {@code local-certificate NAME}; the password is null for an unencrypted key. */
    public record LocalCertificate(String name, String certificateFile, String privateKeyFile, String password) {
        @Override
        public String toString() {
            return "LocalCertificate[" + name + ", " + certificateFile + ", " + privateKeyFile
                    + (password == null ? "" : ", password <secret>") + "]";
        }
    }
}
